/**
 * The legend of the graph's visual language (docs/visual.md), for the shell to draw. Every kind
 * is told apart by shape, line and colour together (principle 1); colours are palette tokens
 * (renderer/graph/palette.ts) or `network` for the categorical network colour.
 */
import type { Translations } from '../renderer/i18n/resources.js';
import type { IconName } from './icons.js';

export type LegendColour =
  'text' | 'muted' | 'veth' | 'dnat' | 'masq' | 'bridge' | 'shared' | 'neutral' | 'down' | 'network';

export interface LegendEntry {
  /** Graph kind (node kind, or `edge:<kind>`), matching the element's `kind` data. */
  kind: string;
  /** i18n key of the entry's name. */
  i18nKey: `legend.${keyof Translations['legend']}`;
  /** Cytoscape node shape, or `line` for edges. */
  shape: string;
  /** Drawn as a box holding other nodes. */
  box: boolean;
  /** Border or line pattern. */
  line: 'solid' | 'dashed' | 'dotted' | 'dash-dot';
  colour: LegendColour;
  icon: IconName | null;
  /** Which views draw it. */
  views: ('kernel' | 'docker')[];
}

export const LEGEND: readonly LegendEntry[] = [
  {
    kind: 'host',
    i18nKey: 'legend.host',
    shape: 'round-rectangle',
    box: true,
    line: 'solid',
    colour: 'text',
    icon: 'server',
    views: ['kernel'],
  },
  {
    kind: 'netns',
    i18nKey: 'legend.netns',
    shape: 'round-rectangle',
    box: true,
    line: 'solid',
    colour: 'network',
    icon: 'container',
    views: ['kernel'],
  },
  {
    kind: 'netns.foreign',
    i18nKey: 'legend.netnsForeign',
    shape: 'round-rectangle',
    box: true,
    line: 'dashed',
    colour: 'neutral',
    icon: null,
    views: ['kernel'],
  },
  {
    kind: 'interface.nic',
    i18nKey: 'legend.nic',
    shape: 'round-rectangle',
    box: false,
    line: 'solid',
    colour: 'text',
    icon: 'ethernet-port',
    views: ['kernel'],
  },
  {
    kind: 'interface.bridge',
    i18nKey: 'legend.bridge',
    shape: 'rectangle',
    box: false,
    line: 'solid',
    colour: 'network',
    icon: 'network',
    views: ['kernel'],
  },
  {
    kind: 'interface.veth',
    i18nKey: 'legend.vethEnd',
    shape: 'ellipse',
    box: false,
    line: 'solid',
    colour: 'veth',
    icon: null,
    views: ['kernel'],
  },
  {
    kind: 'interface.sub',
    i18nKey: 'legend.subInterface',
    shape: 'hexagon',
    box: false,
    line: 'solid',
    colour: 'shared',
    icon: null,
    views: ['kernel'],
  },
  {
    kind: 'container',
    i18nKey: 'legend.container',
    shape: 'round-rectangle',
    box: false,
    line: 'solid',
    colour: 'network',
    icon: 'container',
    views: ['kernel', 'docker'],
  },
  {
    kind: 'container.stopped',
    i18nKey: 'legend.stopped',
    shape: 'round-rectangle',
    box: false,
    line: 'dotted',
    colour: 'down',
    icon: 'container',
    views: ['docker'],
  },
  {
    kind: 'network',
    i18nKey: 'legend.network',
    shape: 'round-rectangle',
    box: true,
    line: 'solid',
    colour: 'network',
    icon: 'network',
    views: ['docker'],
  },
  {
    kind: 'network.internal',
    i18nKey: 'legend.internal',
    shape: 'round-rectangle',
    box: true,
    line: 'dashed',
    colour: 'network',
    icon: 'lock',
    views: ['docker'],
  },
  {
    kind: 'endpoint',
    i18nKey: 'legend.endpoint',
    shape: 'ellipse',
    box: false,
    line: 'solid',
    colour: 'network',
    icon: null,
    views: ['docker'],
  },
  {
    kind: 'port',
    i18nKey: 'legend.port',
    shape: 'tag',
    box: false,
    line: 'solid',
    colour: 'dnat',
    icon: 'plug',
    views: ['kernel', 'docker'],
  },
  {
    kind: 'nat-rule',
    i18nKey: 'legend.natRule',
    shape: 'diamond',
    box: false,
    line: 'solid',
    colour: 'masq',
    icon: null,
    views: ['kernel'],
  },
  {
    kind: 'outside',
    i18nKey: 'legend.outside',
    shape: 'ellipse',
    box: false,
    line: 'dashed',
    colour: 'neutral',
    icon: 'globe',
    views: ['kernel'],
  },
  {
    kind: 'edge:veth',
    i18nKey: 'legend.veth',
    shape: 'line',
    box: false,
    line: 'solid',
    colour: 'veth',
    icon: null,
    views: ['kernel'],
  },
  {
    kind: 'edge:bridge-port',
    i18nKey: 'legend.bridgePort',
    shape: 'line',
    box: false,
    line: 'solid',
    colour: 'network',
    icon: null,
    views: ['kernel'],
  },
  {
    kind: 'edge:endpoint',
    i18nKey: 'legend.endpointLink',
    shape: 'line',
    box: false,
    line: 'solid',
    colour: 'network',
    icon: null,
    views: ['docker'],
  },
  {
    kind: 'edge:publishes',
    i18nKey: 'legend.dnat',
    shape: 'line',
    box: false,
    line: 'dashed',
    colour: 'dnat',
    icon: null,
    views: ['kernel', 'docker'],
  },
  {
    kind: 'edge:masquerade',
    i18nKey: 'legend.masquerade',
    shape: 'line',
    box: false,
    line: 'dash-dot',
    colour: 'masq',
    icon: null,
    views: ['kernel'],
  },
  {
    kind: 'edge:lower',
    i18nKey: 'legend.lower',
    shape: 'line',
    box: false,
    line: 'dotted',
    colour: 'shared',
    icon: null,
    views: ['kernel'],
  },
  {
    kind: 'edge:uplink',
    i18nKey: 'legend.uplink',
    shape: 'line',
    box: false,
    line: 'dotted',
    colour: 'neutral',
    icon: null,
    views: ['kernel'],
  },
  {
    kind: 'edge:shares-netns',
    i18nKey: 'legend.sharedNetns',
    shape: 'line',
    box: false,
    line: 'dashed',
    colour: 'shared',
    icon: null,
    views: ['docker'],
  },
];
