/**
 * The cytoscape stylesheet from VISUAL.md: every kind told apart by shape, line pattern and
 * colour (principle 1), labels dropping out in tiers with zoom (6), halos under edges (7).
 * Plain objects: @types/cytoscape lacks the underlay properties, so callers cast once.
 */
import { iconUri } from '../../assets/icons.js';
import type { ThemeName } from '../store/types.js';
import { PALETTES, type Palette } from '../../assets/palette.js';

export interface StyleBlock {
  selector: string;
  style: Record<string, string | number | (string | number)[]>;
}

/** Label tiers: font size vs the smallest on-screen size at which it still draws. */
const TIER = {
  always: { 'font-size': 13, 'min-zoomed-font-size': 0 },
  mid: { 'font-size': 11, 'min-zoomed-font-size': 6 },
  fine: { 'font-size': 9, 'min-zoomed-font-size': 9 },
} as const;

/**
 * A transparent image every node starts with. cytoscape 3.34's node painter counts a node
 * with no background image as "still loading" on every second pass, and restyles it and
 * its whole box on every frame: 3000 restyles a frame at 500 containers, which held
 * panning at 5 fps. (Fully percent-encoded: cytoscape splits an image URL on spaces.) A node with an image, even an empty one, is counted as loaded.
 */
export const NO_IMAGE = `data:image/svg+xml;utf8,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><rect width="1" height="1" fill="none"/></svg>',
)}`;

const netColour = (theme: ThemeName): string => (theme === 'dark' ? 'data(colorDark)' : 'data(color)');

function nodeStyles(p: Palette, theme: ThemeName): StyleBlock[] {
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
        ...TIER.mid,
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
        padding: 14,
        'border-width': 2,
        ...TIER.always,
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
        'font-weight': 'bold',
      },
    },
    { selector: 'node[kind = "netns"]', style: { 'border-color': p.neutral, ...TIER.mid } },
    { selector: 'node[kind = "netns"][?color]', style: { 'border-color': net } },
    { selector: 'node.foreign', style: { 'border-style': 'dashed', 'border-color': p.neutral } },
    { selector: 'node.shared', style: { 'border-color': p.shared, 'border-width': 3 } },
    {
      selector: 'node[kind = "interface"]',
      style: {
        shape: 'ellipse',
        width: 12,
        height: 12,
        'background-color': p.veth,
        'border-color': p.veth,
        ...TIER.fine,
      },
    },
    {
      selector: 'node[kind = "interface"].down',
      style: { 'background-opacity': 0, 'border-color': p.down, 'border-width': 2 },
    },
    {
      selector: 'node[role = "bridge"]',
      style: {
        shape: 'rectangle',
        width: 160,
        height: 14,
        'background-color': p.bridge,
        'border-color': p.bridge,
        'text-valign': 'top',
        'text-margin-y': -2,
        ...TIER.mid,
      },
    },
    { selector: 'node[role = "bridge"][?color]', style: { 'background-color': net, 'border-color': net } },
    {
      selector: 'node[role = "bridge"].no-icc',
      style: { 'border-style': 'dashed', 'border-width': 3, 'border-color': p.error },
    },
    {
      selector: 'node[role = "nic"]',
      style: {
        shape: 'round-rectangle',
        width: 34,
        height: 20,
        'background-color': p.surface,
        'border-color': p.text,
        'border-width': 2,
        'background-image': iconUri('ethernet-port', p.text),
        'background-width': 14,
        'background-height': 14,
        'text-valign': 'bottom',
        ...TIER.always,
      },
    },
    // Host-side veth ends crowd under their bridge: their names come in from 150 % (VISUAL.md).
    { selector: 'node[role = "veth"]', style: { 'font-size': 9, 'min-zoomed-font-size': 13.5 } },
    {
      selector: 'node[role = "lo"]',
      style: { shape: 'ellipse', width: 12, height: 12, 'background-color': p.neutral, 'border-color': p.neutral },
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
        width: 34,
        height: 26,
        'background-color': p.surface,
        'border-color': p.neutral,
        'border-width': 2,
        'background-image': iconUri('container', p.text),
        'background-width': 16,
        'background-height': 16,
        'text-valign': 'bottom',
        'text-margin-y': 3,
        ...TIER.mid,
      },
    },
    { selector: 'node[kind = "container"][?color]', style: { 'border-color': net } },
    { selector: 'node.badge', style: { width: 22, height: 18, 'background-width': 12, 'background-height': 12 } },
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
        ...TIER.always,
      },
    },
    { selector: 'node[kind = "network"]:childless', style: { width: 140, height: 36 } },
    {
      selector: 'node[kind = "network"].internal',
      style: { 'border-style': 'dashed', 'background-image': iconUri('lock', p.muted) },
    },
    { selector: 'node[kind = "network"].no-icc', style: { 'border-width': 3, 'border-style': 'double' } },
    {
      selector: 'node[kind = "endpoint"]',
      style: { shape: 'ellipse', width: 14, height: 14, 'background-color': net, 'border-color': net, ...TIER.mid },
    },
    { selector: 'node[kind = "endpoint"].stopped', style: { 'background-opacity': 0, 'border-style': 'dotted' } },
    {
      selector: 'node[kind = "port"]',
      style: {
        shape: 'tag',
        width: 24,
        height: 16,
        'background-color': p.background,
        'border-color': p.dnat,
        'border-width': 2,
        'background-image': iconUri('plug', p.dnat),
        'background-width': 11,
        'background-height': 11,
        'text-valign': 'top',
        color: p.dnat,
        ...TIER.fine,
      },
    },
    {
      selector: 'node[kind = "nat-rule"], node[kind = "filter-rule"]',
      style: {
        shape: 'diamond',
        width: 16,
        height: 16,
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
      selector: 'node[kind = "outside"]',
      style: {
        shape: 'ellipse',
        width: 70,
        height: 40,
        'background-color': p.background,
        'border-style': 'dashed',
        'border-color': p.neutral,
        'border-width': 2,
        'background-image': iconUri('globe', p.neutral),
        'background-width': 18,
        'background-height': 18,
        'text-valign': 'bottom',
        ...TIER.always,
      },
    },
  ];
}

function edgeStyles(p: Palette, theme: ThemeName): StyleBlock[] {
  const net = netColour(theme);
  return [
    {
      selector: 'edge',
      style: {
        width: 2,
        'curve-style': 'bezier',
        'line-color': p.neutral,
        'target-arrow-color': p.neutral,
        'source-label': 'data(sourceLabel)',
        'target-label': 'data(targetLabel)',
        'source-text-offset': 18,
        'target-text-offset': 18,
        color: p.muted,
        'text-outline-color': p.background,
        'text-outline-width': 2,
        ...TIER.fine,
        // Halo: edges stay readable over coloured boxes (principle 7).
        'underlay-color': p.halo,
        'underlay-padding': 2,
        'underlay-opacity': 0.8,
        'underlay-shape': 'round-rectangle',
      },
    },
    {
      selector: 'edge[kind = "veth"]',
      style: {
        width: 3,
        'line-color': p.veth,
        'curve-style': 'taxi',
        'taxi-direction': 'vertical',
        'source-endpoint': 'outside-to-node',
        'target-endpoint': 'outside-to-node',
      },
    },
    { selector: 'edge[kind = "veth"].down', style: { 'line-style': 'dashed', 'line-color': p.down } },
    { selector: 'edge[kind = "bridge-port"]', style: { width: 2, 'line-color': p.bridge, 'curve-style': 'straight' } },
    { selector: 'edge[kind = "bridge-port"][?color], edge[kind = "masquerade"][?color]', style: { 'line-color': net } },
    { selector: 'edge[kind = "endpoint"]', style: { width: 2, 'line-color': net } },
    { selector: 'edge[kind = "endpoint"].down', style: { 'line-style': 'dotted' } },
    {
      selector: 'edge[kind = "publishes"]',
      style: {
        'line-color': p.dnat,
        'line-style': 'dashed',
        'target-arrow-shape': 'triangle',
        'target-arrow-color': p.dnat,
        'underlay-opacity': 1,
        'underlay-padding': 3,
      },
    },
    { selector: 'edge[kind = "dnat"]', style: { 'line-color': p.dnat, 'line-style': 'dotted', width: 1 } },
    {
      selector: 'edge[kind = "masquerade"]',
      style: {
        'line-color': p.masq,
        'line-style': 'dashed',
        'line-dash-pattern': [8, 3, 2, 3],
        'target-arrow-shape': 'triangle',
        'target-arrow-color': p.masq,
      },
    },
    { selector: 'edge[kind = "lower"]', style: { 'line-color': p.shared, 'line-style': 'dotted', width: 2 } },
    { selector: 'edge[kind = "filters"]', style: { 'line-color': p.neutral, 'line-style': 'dotted', width: 1 } },
    { selector: 'edge[kind = "uplink"]', style: { 'line-color': p.neutral, 'line-style': 'dotted', width: 1.5 } },
    { selector: 'edge[kind = "shares-netns"]', style: { 'line-color': p.shared, 'line-style': 'dashed', width: 1.5 } },
  ];
}

function stateStyles(p: Palette): StyleBlock[] {
  return [
    // Boxes dim less: their opacity multiplies into their children (principle 5).
    { selector: '.hover-dim', style: { opacity: 0.25 } },
    { selector: ':parent.hover-dim', style: { opacity: 0.6 } },
    { selector: 'node.highlight', style: { opacity: 1, 'border-width': 3 } },
    { selector: 'edge.highlight', style: { opacity: 1, width: 4, 'z-index': 10 } },
    {
      selector: 'node.changed, edge.changed',
      style: { 'underlay-color': p.changed, 'underlay-opacity': 0.9, 'underlay-padding': 6 },
    },
    {
      selector: 'node.zoom-detail[detailLabel]',
      style: { label: 'data(detailLabel)', 'text-wrap': 'wrap', 'text-max-width': '240px' },
    },
    {
      selector: '.removed',
      style: { opacity: 0.3, 'line-style': 'dashed', 'border-style': 'dashed', events: 'no' },
    },
    { selector: 'node.removed', style: { label: 'data(removedLabel)' } },
    {
      selector: 'node:selected',
      style: { 'outline-color': p.focus, 'outline-width': 3, 'outline-offset': 3, 'outline-style': 'solid' },
    },
    { selector: 'edge:selected', style: { 'line-outline-color': p.focus, 'line-outline-width': 2 } },
    {
      selector: '.search-hit',
      style: { 'underlay-color': p.focus, 'underlay-opacity': 0.35, 'underlay-padding': 8 },
    },
    { selector: 'node.facet-missing', style: { 'border-style': 'dashed', 'border-color': p.error, color: p.error } },
    {
      selector: '.kb-focus',
      style: { 'outline-color': p.focus, 'outline-width': 3, 'outline-offset': 4, 'outline-style': 'dashed' },
    },
  ];
}

/** The whole stylesheet for one theme. */
/** The "changed lately" dot: changed-halo yellow with a dark rim so it shows on any fill. */
function dotUri(p: Palette): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="5" cy="5" r="4" fill="${p.changed}" stroke="#161616" stroke-width="1.2"/></svg>`,
  )}`;
}

const BG_DEFAULTS: Record<string, string | number> = {
  'background-image': NO_IMAGE,
  'background-width': 'auto',
  'background-height': 'auto',
  'background-position-x': '50%',
  'background-position-y': '50%',
  'background-clip': 'node',
  'background-image-containment': 'inside',
};
const DOT: Record<string, string | number> = {
  'background-width': 8,
  'background-height': 8,
  'background-position-x': '100%',
  'background-position-y': '0%',
  'background-clip': 'none',
  'background-image-containment': 'over',
};

/**
 * A changed node keeps a small yellow dot at its top-right corner for 10 s after the
 * pulse (VISUAL.md Interaction). cytoscape draws it as a second background image, so every
 * rule that sets a node's icon gets a `.recent` twin whose background properties are
 * [icon, dot] pairs; the twins come after all node rules, in the same order, so they
 * override each other the way the originals do.
 */
function recentDots(blocks: StyleBlock[], p: Palette): StyleBlock[] {
  const dot = dotUri(p);
  const out: StyleBlock[] = [];
  for (const b of blocks) {
    const keys = Object.keys(b.style).filter((k) => k in BG_DEFAULTS);
    if (keys.length === 0 || b.selector.includes(',') || !b.selector.startsWith('node')) continue;
    const base = b.selector === 'node' ? Object.keys(BG_DEFAULTS) : keys;
    const style: StyleBlock['style'] = {};
    for (const k of base) {
      const v = (b.style[k] ?? BG_DEFAULTS[k]) as string | number;
      style[k] = k === 'background-image' ? [String(v), dot] : [v, DOT[k] ?? v];
    }
    out.push({ selector: `${b.selector}.recent`, style });
  }
  return out;
}

/** The few words the canvas draws itself rather than taking from the model. */
export interface GraphWords {
  outside: string;
  removed: string;
}

export const ENGLISH_WORDS: GraphWords = { outside: 'outside', removed: 'removed' };

export function graphStyle(theme: ThemeName, words: GraphWords = ENGLISH_WORDS): StyleBlock[] {
  const p = PALETTES[theme];
  const nodes = [...nodeStyles(p, theme), { selector: 'node[kind = "outside"]', style: { label: words.outside } }];
  return [...nodes, ...recentDots(nodes, p), ...edgeStyles(p, theme), ...stateStyles(p)];
}
