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
    // The diagnosis's walk (reach-marks.ts): walked hops solid and thick, the way ahead
    // dashed, the current hop haloed, the stop in the error colour and double.
    { selector: '.reach-dim', style: { opacity: 0.2 } },
    { selector: ':parent.reach-dim', style: { opacity: 0.55 } },
    { selector: 'node.reach-hop', style: { 'border-width': 4, 'border-color': p.focus, 'border-style': 'solid' } },
    { selector: 'edge.reach-hop', style: { width: 5, 'line-color': p.focus, 'line-style': 'solid', 'z-index': 90 } },
    { selector: 'node.reach-ahead', style: { 'border-width': 3, 'border-color': p.focus, 'border-style': 'dashed' } },
    { selector: 'edge.reach-ahead', style: { width: 3, 'line-color': p.focus, 'line-style': 'dashed' } },
    {
      selector: 'node.reach-current',
      style: { 'underlay-color': p.focus, 'underlay-opacity': 0.35, 'underlay-padding': 10 },
    },
    {
      selector: 'node.reach-stop',
      style: { 'border-color': p.error, 'border-style': 'double', 'border-width': 6, 'underlay-color': p.error },
    },
    {
      selector: 'node.effect-mark, edge.effect-mark',
      style: { 'underlay-color': p.changed, 'underlay-opacity': 0.75, 'underlay-padding': 5 },
    },
  ];
}
