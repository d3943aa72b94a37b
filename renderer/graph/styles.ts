/**
 * The cytoscape stylesheet of docs/visual.md: every kind told apart by shape, line pattern and
 * colour (principle 1), labels dropping out in tiers with zoom (6), halos under edges (7).
 * Plain objects: @types/cytoscape lacks the underlay properties, so callers cast once.
 */
import type { ThemeName } from '../store/types.js';
import { PALETTES, type Palette } from '../../assets/palette.js';
import { controlStyles } from './styles-control.js';
import { NO_IMAGE, netColour, nodeStyles, TIER, type StyleBlock } from './styles-nodes.js';

export { NO_IMAGE, type StyleBlock } from './styles-nodes.js';

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
        ...TIER.detail,
        // Halo: edges stay readable over coloured boxes (principle 7).
        'underlay-color': p.halo,
        'underlay-padding': 2,
        'underlay-opacity': 0.8,
        'underlay-shape': 'round-rectangle',
      },
    },
    { selector: 'edge[kind = "veth"]', style: { width: 3, 'line-color': p.veth, 'curve-style': 'straight' } },
    {
      // The rack routes some cables around boxes: bends as segments relative to the ends.
      selector: 'edge[segW]',
      style: {
        'curve-style': 'segments',
        'segment-weights': 'data(segW)',
        'segment-distances': 'data(segD)',
        'edge-distances': 'node-position',
        'segment-radii': 6,
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
    {
      selector: 'edge[kind = "bundle"]',
      style: { width: 8, 'line-color': p.neutral, 'line-opacity': 0.55, 'curve-style': 'straight' },
    },
    { selector: 'edge[kind = "bundle"][?color]', style: { 'line-color': net } },
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
 * pulse (docs/visual.md, Interaction). cytoscape draws it as a second background image, so every
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
  return [...nodes, ...recentDots(nodes, p), ...edgeStyles(p, theme), ...stateStyles(p), ...controlStyles(p)];
}
