/**
 * What a form's text boxes hold, turned into params: a blank box is an absent field (never
 * an empty string the server would refuse), lists are split on commas and spaces, numbers
 * stay text until they parse — a box holding "80a" becomes NaN, which the schema refuses
 * by field name instead of it being silently dropped.
 */

export const optionalText = (text: string): string | undefined => {
  const t = text.trim();
  return t === '' ? undefined : t;
};

export const listOf = (text: string): string[] | undefined => {
  const items = text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return items.length > 0 ? items : undefined;
};

export const optionalNumber = (text: string): number | undefined => {
  const t = text.trim();
  if (t === '') return undefined;
  return /^\d+$/.test(t) ? Number(t) : Number.NaN;
};

/** `key=value` lines (or comma-separated pairs) as Docker labels; a key alone gets an empty value. */
export function labelsOf(text: string): Record<string, string> | undefined {
  const pairs = text
    .split(/[\n,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (pairs.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq < 0) out[p] = '';
    else out[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
  }
  return out;
}

/** A command typed as words, split like a shell would split plain words (no quoting: one word per space). */
export const commandOf = (text: string): string[] | undefined => {
  const words = text.split(/\s+/).filter((w) => w !== '');
  return words.length > 0 ? words : undefined;
};

/** Drops absent fields, so the params sent hold only what a person filled in. */
export function compact<T extends Record<string, unknown>>(params: T): T {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as T;
}

/** One row of the port editor, as typed. */
export interface PortRow {
  hostIp: string;
  hostPort: string;
  containerPort: string;
  proto: 'tcp' | 'udp';
}

export const emptyPortRow = (): PortRow => ({ hostIp: '', hostPort: '', containerPort: '', proto: 'tcp' });

/** Rows with nothing typed are left out; a row with only a host port still goes, for the schema to name. */
export function portsOf(rows: readonly PortRow[]) {
  const filled = rows.filter(
    (r) => r.hostIp.trim() !== '' || r.hostPort.trim() !== '' || r.containerPort.trim() !== '',
  );
  if (filled.length === 0) return undefined;
  return filled.map((r) => {
    const hostIp = optionalText(r.hostIp);
    const hostPort = optionalNumber(r.hostPort);
    return {
      ...(hostIp === undefined ? {} : { hostIp }),
      ...(hostPort === undefined ? {} : { hostPort }),
      containerPort: optionalNumber(r.containerPort) ?? Number.NaN,
      proto: r.proto,
    };
  });
}
