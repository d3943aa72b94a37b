import { iconUri } from '../../assets/icons.js';
import type { Palette } from '../../assets/palette.js';
import type { ThemeName } from '../store/types.js';
import { FONT, MIN_ZOOMED, SIZE } from './geometry.js';

export interface StyleBlock {
  selector: string;
  style: Record<string, string | number | (string | number)[]>;
}

/** Label tiers: font size vs the smallest on-screen size at which it still draws. */
export const TIER = {
  name: { 'font-size': FONT.name, 'min-zoomed-font-size': MIN_ZOOMED.name },
  detail: { 'font-size': FONT.detail, 'min-zoomed-font-size': MIN_ZOOMED.detail },
  small: { 'font-size': FONT.small, 'min-zoomed-font-size': MIN_ZOOMED.small },
} as const;

/**
 * A transparent image every node starts with. cytoscape 3.34's node painter counts a node
 * with no background image as "still loading" on every second pass, and restyles it and
 * its whole box on every frame: 3000 restyles a frame at 500 containers, which held
 * panning at 5 fps. A node with an image, even an empty one, counts as loaded. (Fully
 * percent-encoded: cytoscape splits an image URL on spaces.)
 */
export const NO_IMAGE = `data:image/svg+xml;utf8,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><rect width="1" height="1" fill="none"/></svg>',
)}`;

export const netColour = (theme: ThemeName): string => (theme === 'dark' ? 'data(colorDark)' : 'data(color)');

/** Labels that may run over two or three lines (a bus bar, an interface, a network's title). */
const WRAP = { 'text-wrap': 'wrap', 'text-max-width': '400px' } as const;

/**
 * Every kind told apart by shape, line pattern and colour, never by colour alone; names
 * in one size (FONT.name) that the rack makes room for.
 */
export function nodeStyles(p: Palette, theme: ThemeName): StyleBlock[] {
  const net = netColour(theme);
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        color: p.text,
        'font-family': 'system-ui, sans-serif',
        'text-outline-color': p.background,
        'text-outline-width': 2,
        'text-outline-opacity': 0.85,
        'background-color': p.surface,
        'border-color': p.neutral,
        'border-width': 1,
        'background-image': NO_IMAGE,
        ...WRAP,
        ...TIER.name,
      },
    },
    {
      selector: ':parent',
      style: {
        shape: 'round-rectangle',
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -4,
        'background-opacity': 0.35,
        padding: SIZE.boxPadding,
        'border-width': 2,
        ...TIER.name,
      },
    },
    {
      selector: 'node[kind = "host"]',
      style: {
        'border-color': p.text,
        'background-color': p.surface,
        'background-opacity': 0.5,
        'background-image': iconUri('server', p.muted),
        'background-width': 16,
        'background-height': 16,
        'background-position-x': 8,
        'background-position-y': 8,
        'background-clip': 'none',
        'background-image-containment': 'over',
        padding: SIZE.hostPadding,
        'font-weight': 'bold',
      },
    },
    // A namespace box is named by its container badges; a box of no container's says its name under it.
    {
      selector: 'node[kind = "netns"]',
      style: { 'border-color': p.neutral, 'text-valign': 'bottom', 'text-margin-y': 4 },
    },
    { selector: 'node[kind = "netns"][?color]', style: { 'border-color': net } },
    { selector: 'node.foreign', style: { 'border-style': 'dashed', 'border-color': p.neutral } },
    { selector: 'node.shared', style: { 'border-color': p.shared, 'border-width': 3 } },
    {
      selector: 'node[kind = "interface"]',
      style: {
        shape: 'ellipse',
        width: SIZE.dot,
        height: SIZE.dot,
        'background-color': p.veth,
        'border-color': p.veth,
        'text-valign': 'bottom',
        'text-margin-y': 2,
        ...TIER.detail,
      },
    },
    {
      selector: 'node[kind = "interface"].down',
      style: { 'background-opacity': 0, 'border-color': p.down, 'border-width': 2 },
    },
    {
      // The bus bar: its name on it, its width that of the boxes it serves.
      selector: 'node[role = "bridge"]',
      style: {
        shape: 'round-rectangle',
        width: 160,
        height: SIZE.bridge.h,
        'background-color': p.bridge,
        'background-opacity': 0.16,
        'border-color': p.bridge,
        'border-width': 2,
        'text-valign': 'center',
        'text-margin-y': 0,
        ...TIER.name,
      },
    },
    { selector: 'node[role = "bridge"][w]', style: { width: 'data(w)' } },
    { selector: 'node[role = "bridge"][?color]', style: { 'background-color': net, 'border-color': net } },
    {
      selector: 'node[role = "bridge"].no-icc',
      style: { 'border-style': 'dashed', 'border-width': 3, 'border-color': p.error },
    },
    {
      selector: 'node[role = "nic"]',
      style: {
        shape: 'round-rectangle',
        width: SIZE.nic.w,
        height: SIZE.nic.h,
        'background-color': p.surface,
        'border-color': p.text,
        'border-width': 2,
        'background-image': iconUri('ethernet-port', p.text),
        'background-width': 14,
        'background-height': 14,
        'text-valign': 'bottom',
        'text-margin-y': 2,
        ...TIER.name,
      },
    },
    // Host-side veth ends crowd under their bridge: their names come in from 150 %.
    { selector: 'node.host-end', style: TIER.small },
    { selector: 'node.lower-parent', style: TIER.detail },
    {
      selector: 'node[role = "lo"]',
      style: { shape: 'ellipse', 'background-color': p.neutral, 'border-color': p.neutral },
    },
    {
      selector: 'node[role = "sub"]',
      style: { shape: 'hexagon', width: 16, height: 14, 'background-color': p.shared, 'border-color': p.shared },
    },
    {
      selector: 'node[role = "other"]',
      style: { shape: 'round-rectangle', width: 18, height: 12, 'background-color': p.neutral },
    },
    {
      selector: 'node[kind = "container"]',
      style: {
        shape: 'round-rectangle',
        width: SIZE.container.w,
        height: SIZE.container.h,
        'background-color': p.surface,
        'border-color': p.neutral,
        'border-width': 2,
        'background-image': iconUri('container', p.text),
        'background-width': 16,
        'background-height': 16,
        'text-valign': 'bottom',
        'text-margin-y': 3,
        ...TIER.name,
      },
    },
    { selector: 'node[kind = "container"][?color]', style: { 'border-color': net } },
    {
      selector: 'node.badge',
      style: { width: SIZE.badge.w, height: SIZE.badge.h, 'background-width': 13, 'background-height': 13 },
    },
    { selector: 'node.stopped', style: { 'border-style': 'dotted', 'border-color': p.down, opacity: 0.55 } },
    { selector: 'node.mode-host', style: { 'border-style': 'double', 'border-width': 4 } },
    { selector: 'node.mode-none', style: { 'border-style': 'dashed' } },
    { selector: 'node.mode-container', style: { 'border-color': p.shared } },
    {
      selector: 'node[kind = "network"]',
      style: {
        'background-color': net,
        'background-opacity': 0.08,
        'border-color': net,
        'border-width': 2,
        'background-image': iconUri('network', p.muted),
        'background-width': 14,
        'background-height': 14,
        'background-position-x': 6,
        'background-position-y': 6,
        'background-clip': 'none',
        ...TIER.name,
      },
    },
    { selector: 'node[kind = "network"]:childless', style: { shape: 'round-rectangle', width: 140, height: 36 } },
    {
      selector: 'node[kind = "network"].internal',
      style: { 'border-style': 'dashed', 'background-image': iconUri('lock', p.muted) },
    },
    { selector: 'node[kind = "network"].no-icc', style: { 'border-width': 3, 'border-style': 'double' } },
    {
      selector: 'node[kind = "endpoint"]',
      style: {
        shape: 'ellipse',
        width: SIZE.dot,
        height: SIZE.dot,
        'background-color': net,
        'border-color': net,
        'text-valign': 'top',
        'text-margin-y': -2,
        ...TIER.detail,
      },
    },
    { selector: 'node[kind = "endpoint"].stopped', style: { 'background-opacity': 0, 'border-style': 'dotted' } },
    {
      // A published port: a tag with its binding written on it.
      selector: 'node[kind = "port"]',
      style: {
        // A tag with a short point, so a long binding still fits in its body.
        shape: 'polygon',
        'shape-polygon-points': '-1 -1 0.92 -1 1 0 0.92 1 -1 1',
        width: 170,
        height: SIZE.port.h,
        'background-color': p.background,
        'border-color': p.dnat,
        'border-width': 2,
        'background-image': iconUri('plug', p.dnat),
        'background-width': 12,
        'background-height': 12,
        'background-position-x': 6,
        'background-clip': 'none',
        'text-valign': 'center',
        'text-halign': 'center',
        'text-margin-x': (SIZE.port.icon - 10) / 2,
        'text-outline-width': 0,
        color: p.dnat,
        ...TIER.name,
      },
    },
    { selector: 'node[kind = "port"][w]', style: { width: 'data(w)' } },
    {
      selector: 'node[kind = "nat-rule"], node[kind = "filter-rule"]',
      style: {
        shape: 'diamond',
        width: SIZE.rule,
        height: SIZE.rule,
        'background-color': p.masq,
        'border-color': p.masq,
        color: p.background,
        'text-outline-width': 0,
        'text-valign': 'center',
        'font-size': 9,
        'min-zoomed-font-size': 7,
      },
    },
    { selector: 'node.target-dnat', style: { 'background-color': p.dnat, 'border-color': p.dnat } },
    { selector: 'node[kind = "filter-rule"]', style: { 'background-color': p.neutral, 'border-color': p.neutral } },
    {
      // An overview's cluster: its counts on it, its network's colour around it, a second
      // border that says "more inside".
      selector: 'node[kind = "cluster"]',
      style: {
        shape: 'round-rectangle',
        width: 160,
        height: 56,
        'background-color': p.surface,
        'border-color': p.neutral,
        'border-width': 4,
        'border-style': 'double',
        'text-valign': 'center',
        'text-halign': 'center',
        ...TIER.name,
      },
    },
    { selector: 'node[kind = "cluster"][w]', style: { width: 'data(w)', height: 'data(h)' } },
    { selector: 'node[kind = "cluster"][?color]', style: { 'border-color': net } },
    {
      selector: 'node[kind = "outside"]',
      style: {
        shape: 'ellipse',
        width: SIZE.outside.w,
        height: SIZE.outside.h,
        'background-color': p.background,
        'border-style': 'dashed',
        'border-color': p.neutral,
        'border-width': 2,
        'background-image': iconUri('globe', p.neutral),
        'background-width': 18,
        'background-height': 18,
        'text-valign': 'top',
        'text-margin-y': -3,
        ...TIER.name,
      },
    },
  ];
}
