/**
 * Sizes the stylesheet draws and the rack lays out with, in model pixels, kept in one place
 * so a label the layout makes room for is the label the canvas draws.
 *
 * Readability is measured: at the opening zoom every name (containers, networks, bridges,
 * namespaces, NICs, ports) must come out at 11 CSS px or more, so names are set larger than
 * the geometry around them and the rack is packed to open near 100 %.
 */
export const FONT = {
  /** Names: containers, networks, bridges, namespaces, NICs, ports. */
  name: 14,
  /** Addresses and interface names inside boxes. */
  detail: 12,
  /** Host-side veth ends, which crowd under their bridge. */
  small: 9,
} as const;

/**
 * The smallest on-screen size at which each tier still draws (cytoscape's
 * `min-zoomed-font-size`): names down to zoom 0.5, details from about 75 %, veth names from 150 %.
 */
export const MIN_ZOOMED = { name: 7, detail: 8.5, small: 13.5 } as const;

/** Line height cytoscape uses for wrapped labels, as a multiple of the font size. */
export const LINE = 1.25;

export const SIZE = {
  dot: 12,
  nic: { w: 34, h: 20 },
  badge: { w: 26, h: 20 },
  container: { w: 34, h: 26 },
  /** The bus bar: its width follows the group it serves (data `w`). */
  bridge: { h: 40 },
  port: { h: 20, icon: 24 },
  rule: 16,
  outside: { w: 70, h: 40 },
  /** Compound padding: box border to children. */
  boxPadding: 10,
  hostPadding: 16,
} as const;
