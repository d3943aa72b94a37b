/**
 * The palette of docs/visual.md, one table per theme, so styles and exports read colours from one
 * place and a theme switch is a stylesheet swap (element data carries both network colours).
 */
/** Light or dark; the same names as the renderer's ThemeName. */
export type ThemeName = 'light' | 'dark';

export interface Palette {
  background: string;
  surface: string;
  text: string;
  muted: string;
  veth: string;
  dnat: string;
  masq: string;
  bridge: string;
  shared: string;
  neutral: string;
  down: string;
  focus: string;
  changed: string;
  error: string;
  halo: string;
}

export const PALETTES: Record<ThemeName, Palette> = {
  light: {
    background: '#FFFFFF',
    surface: '#F4F4F4',
    text: '#161616',
    muted: '#525252',
    veth: '#00805C',
    dnat: '#C4530A',
    masq: '#A8508A',
    bridge: '#0072B2',
    shared: '#6929C4',
    neutral: '#6F6F6F',
    down: '#8D8D8D',
    focus: '#0F62FE',
    changed: '#F0E442',
    error: '#DA1E28',
    halo: '#FFFFFF',
  },
  dark: {
    background: '#161616',
    surface: '#262626',
    text: '#F4F4F4',
    muted: '#C6C6C6',
    veth: '#009E73',
    dnat: '#E69F00',
    masq: '#CC79A7',
    bridge: '#56B4E9',
    shared: '#A56EFF',
    neutral: '#A8A8A8',
    down: '#8D8D8D',
    focus: '#78A9FF',
    changed: '#F0E442',
    error: '#FF8389',
    halo: '#161616',
  },
};

/** IBM Carbon's categorical sequence: networks take these in order. */
export const NETWORK_COLOURS: Record<ThemeName, readonly string[]> = {
  light: [
    '#6929c4',
    '#1192e8',
    '#005d5d',
    '#9f1853',
    '#fa4d56',
    '#570408',
    '#198038',
    '#002d9c',
    '#ee538b',
    '#b28600',
    '#009d9a',
    '#012749',
    '#8a3800',
    '#a56eff',
  ],
  dark: [
    '#8a3ffc',
    '#33b1ff',
    '#007d79',
    '#ff7eb6',
    '#fa4d56',
    '#fff1f1',
    '#6fdc8c',
    '#4589ff',
    '#d12771',
    '#d2a106',
    '#08bdba',
    '#bae6ff',
    '#ba4e00',
    '#d4bbff',
  ],
};

export function networkColour(theme: ThemeName, index: number): string {
  const seq = NETWORK_COLOURS[theme];
  return seq[index % seq.length] ?? PALETTES[theme].bridge;
}
