/**
 * How wide a label is, so the rack makes room for it. In the page the canvas measures
 * with the stylesheet's own font (canvasMeasure); in Node, and as a fallback, the widths
 * of DejaVu Sans (Debian's default sans-serif, and among the widest) stand in.
 */
export type Measure = (text: string, fontSize: number) => number;

/** Advance widths in ems, DejaVu Sans Book. */
const EM: Record<string, number> = {
  ' ': 0.318,
  '.': 0.318,
  ',': 0.318,
  ':': 0.337,
  ';': 0.337,
  '-': 0.361,
  '/': 0.337,
  '(': 0.39,
  ')': 0.39,
  '[': 0.39,
  ']': 0.39,
  _: 0.5,
  '·': 0.318,
  '→': 0.838,
  '+': 0.838,
  '?': 0.531,
  '@': 1.0,
  f: 0.352,
  i: 0.278,
  j: 0.278,
  l: 0.278,
  m: 0.974,
  r: 0.411,
  s: 0.521,
  t: 0.392,
  w: 0.818,
  c: 0.55,
  z: 0.525,
  k: 0.579,
};

/** One line's width by the DejaVu table: digits and most lowercase letters are about 0.62 em. */
export function estimateLine(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    const known = EM[ch];
    if (known !== undefined) em += known;
    else if (ch >= '0' && ch <= '9') em += 0.636;
    else if (ch >= 'A' && ch <= 'Z') em += 0.7;
    else if (ch.charCodeAt(0) > 0x2e80) em += 1.0;
    else em += 0.62;
  }
  return em * fontSize;
}

/** The widest line of a possibly wrapped label. */
export const estimateWidth: Measure = (text, fontSize) =>
  Math.max(0, ...text.split('\n').map((line) => estimateLine(line, fontSize)));

/** Canvas measurement in the stylesheet's font, cached; the estimate where there is no canvas. */
export function canvasMeasure(fontFamily: string): Measure {
  const canvas = typeof document === 'undefined' ? null : document.createElement('canvas');
  const ctx = canvas?.getContext('2d') ?? null;
  if (!ctx) return estimateWidth;
  const cache = new Map<string, number>();
  return (text, fontSize) => {
    const key = `${fontSize}|${text}`;
    let w = cache.get(key);
    if (w === undefined) {
      ctx.font = `${fontSize}px ${fontFamily}`;
      w = Math.max(0, ...text.split('\n').map((line) => ctx.measureText(line).width));
      if (cache.size > 20_000) cache.clear();
      cache.set(key, w);
    }
    return w;
  };
}
