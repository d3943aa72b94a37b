/**
 * Renders nft JSON expressions back into nft's own syntax, close to what
 * `nft list ruleset` prints, so a rule's text reads the same in both places.
 */

/** Meta keys nft prints without the `meta` keyword. */
const UNQUALIFIED_META = new Set(['iif', 'oif', 'iifname', 'oifname', 'iifgroup', 'oifgroup']);
const BINARY_OPS = ['&', '|', '^', '<<', '>>'];
const VERDICTS = ['accept', 'drop', 'continue', 'return', 'queue'];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The single key of an nft JSON object such as `{"meta": {...}}`, with its value. */
export function soleEntry(value: unknown): [string, unknown] | null {
  if (!isRecord(value)) return null;
  const keys = Object.keys(value);
  return keys.length === 1 ? [keys[0] as string, value[keys[0] as string]] : null;
}

export function renderValue(value: unknown, quoteStrings = false): string {
  if (typeof value === 'string') return quoteStrings ? JSON.stringify(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // A bare list is a set of flags, e.g. ct state related,established.
  if (Array.isArray(value)) return value.map((v) => renderValue(v, quoteStrings)).join(',');
  const entry = soleEntry(value);
  if (!entry) return JSON.stringify(value);
  const [key, body] = entry;
  if (key === 'prefix' && isRecord(body)) return `${renderValue(body.addr)}/${renderValue(body.len)}`;
  if (key === 'range' && Array.isArray(body) && body.length === 2) {
    return `${renderValue(body[0], quoteStrings)}-${renderValue(body[1], quoteStrings)}`;
  }
  if (key === 'set')
    return `{ ${(Array.isArray(body) ? body : [body]).map((v) => renderSetElement(v, quoteStrings)).join(', ')} }`;
  if (key === '@') return `@${renderValue(body)}`;
  if (key === 'meta' && isRecord(body)) {
    const name = renderValue(body.key);
    return UNQUALIFIED_META.has(name) ? name : `meta ${name}`;
  }
  if (key === 'payload' && isRecord(body)) {
    if (body.protocol !== undefined) return `${renderValue(body.protocol)} ${renderValue(body.field)}`;
    return `@${renderValue(body.base)},${renderValue(body.offset)},${renderValue(body.len)}`;
  }
  if (key === 'ct' && isRecord(body)) {
    return ['ct', body.dir, body.family, body.key]
      .filter((p) => p !== undefined)
      .map((p) => renderValue(p))
      .join(' ');
  }
  if (key === 'fib' && isRecord(body)) {
    const flags = Array.isArray(body.flags) ? body.flags : [body.flags];
    return `fib ${flags.map((f) => renderValue(f)).join(' . ')} ${renderValue(body.result)}`;
  }
  if (key === 'map' && isRecord(body)) return `${renderValue(body.key)} map ${renderValue(body.data)}`;
  if (key === 'concat' && Array.isArray(body)) return body.map((v) => renderValue(v, quoteStrings)).join(' . ');
  if (BINARY_OPS.includes(key) && Array.isArray(body) && body.length === 2) {
    return `${renderValue(body[0])} ${key} ${renderValue(body[1])}`;
  }
  return `${key} ${JSON.stringify(body)}`;
}

function renderSetElement(value: unknown, quoteStrings: boolean): string {
  // Verdict maps pair a key with a verdict: [key, {"accept": null}].
  if (Array.isArray(value) && value.length === 2) {
    return `${renderValue(value[0], quoteStrings)} : ${renderStatement(value[1]) ?? renderValue(value[1])}`;
  }
  const entry = soleEntry(value);
  if (entry && entry[0] === 'elem' && isRecord(entry[1])) return renderValue(entry[1].val, quoteStrings);
  return renderValue(value, quoteStrings);
}

/** Interface names are strings nft prints quoted; addresses and ports are not. */
function quotesRight(left: unknown): boolean {
  const entry = soleEntry(left);
  return entry !== null && entry[0] === 'meta' && isRecord(entry[1]) && /name$/.test(String(entry[1].key));
}

/** nft syntax for one statement; null for the ones left out of `text` (counters). */
export function renderStatement(statement: unknown): string | null {
  const entry = soleEntry(statement);
  if (!entry) return JSON.stringify(statement);
  const [key, body] = entry;
  // Counters change with every packet; keeping them out keeps `text` stable between reads.
  if (key === 'counter') return null;
  if (VERDICTS.includes(key)) return key;
  if ((key === 'jump' || key === 'goto') && isRecord(body)) return `${key} ${renderValue(body.target)}`;
  if (key === 'match' && isRecord(body)) {
    const op = body.op === '==' || body.op === 'in' || body.op === undefined ? '' : `${renderValue(body.op)} `;
    return `${renderValue(body.left)} ${op}${renderValue(body.right, quotesRight(body.left))}`;
  }
  if (key === 'dnat' || key === 'snat') return `${key}${natFamily(body)}${natTo(body)}`;
  if (key === 'masquerade' || key === 'redirect') {
    const port = isRecord(body) && body.port !== undefined ? ` to :${renderValue(body.port)}` : '';
    return `${key}${port}`;
  }
  if (key === 'xt' && isRecord(body)) return `xt ${renderValue(body.name)}`;
  if (key === 'reject') return 'reject';
  if (key === 'log')
    return isRecord(body) && body.prefix !== undefined ? `log prefix ${JSON.stringify(body.prefix)}` : 'log';
  if (key === 'mangle' && isRecord(body)) return `${renderValue(body.key)} set ${renderValue(body.value)}`;
  if (key === 'limit' && isRecord(body)) return `limit rate ${renderValue(body.rate)}/${renderValue(body.per)}`;
  if (key === 'notrack') return 'notrack';
  return `${key} ${JSON.stringify(body)}`;
}

function natFamily(body: unknown): string {
  return isRecord(body) && typeof body.family === 'string' ? ` ${body.family}` : '';
}

function natTo(body: unknown): string {
  if (!isRecord(body)) return '';
  const addr = body.addr === undefined ? '' : renderValue(body.addr);
  const port = body.port === undefined ? '' : `:${renderValue(body.port)}`;
  return addr || port ? ` to ${addr}${port}` : '';
}

/** "addr:port" as in DNAT --to-destination; null when the address is not a plain value (a map, say). */
export function natTarget(body: unknown): string | null {
  if (!isRecord(body) || typeof body.addr !== 'string') return null;
  return body.port === undefined ? body.addr : `${body.addr}:${renderValue(body.port)}`;
}
