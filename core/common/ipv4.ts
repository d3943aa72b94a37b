/** Minimal IPv4 arithmetic for matching addresses to subnets; IPv6 is compared as text. */

export function parseIPv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

export function parseCidr(text: string): { base: number; bits: number } | null {
  const [addr, len] = text.split('/');
  const ip = parseIPv4(addr ?? '');
  const bits = len === undefined ? 32 : Number(len);
  if (ip === null || !Number.isInteger(bits) || bits < 0 || bits > 32) return null;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (ip & mask) >>> 0, bits };
}

/** Whether `inner` (an address or CIDR) lies inside `outer` (a CIDR). */
export function cidrContains(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  if (!o || !i || i.bits < o.bits) return false;
  const mask = o.bits === 0 ? 0 : (0xffffffff << (32 - o.bits)) >>> 0;
  return (i.base & mask) >>> 0 === o.base;
}

/** The address part of a CIDR string. */
export const addressOf = (cidr: string): string => cidr.split('/')[0] ?? cidr;

export const formatIPv4 = (n: number): string => [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');

/** Whether two CIDRs share any address. */
export function cidrsOverlap(a: string, b: string): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}
