import type { Palette } from '../../assets/palette.js';
import type { StyleBlock } from './styles-nodes.js';

/**
 * Control's marks on the canvas: what an action is working on (dashed focus border), where
 * a dragged container would connect (a focus halo on the network), an endpoint dragged
 * off its network (dashed in the error colour), and what the last action changed (the
 * changed-halo yellow, kept while its card is open). Shape and line style carry each one,
 * not colour alone.
 */
export function controlStyles(p: Palette): StyleBlock[] {
  return [
    {
      selector: 'node.busy',
      style: { 'border-style': 'dashed', 'border-width': 3, 'border-color': p.focus },
    },
    { selector: 'edge.busy', style: { 'line-style': 'dashed' } },
    {
      selector: 'node.drop-target',
      style: {
        'underlay-color': p.focus,
        'underlay-opacity': 0.45,
        'underlay-padding': 10,
        'border-width': 3,
        'border-color': p.focus,
      },
    },
    {
      selector: 'node.drop-off',
      style: { 'border-style': 'dashed', 'border-width': 3, 'border-color': p.error },
    },
    {
      selector: 'node.effect-mark, edge.effect-mark',
      style: { 'underlay-color': p.changed, 'underlay-opacity': 0.75, 'underlay-padding': 5 },
    },
  ];
}
