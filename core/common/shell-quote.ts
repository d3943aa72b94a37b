/**
 * Quotes a word for a POSIX shell. Names come from the host (a container can be called
 * `$(rm -rf /)`), and people paste these commands into a root shell, so anything beyond a
 * plain set of characters goes inside single quotes, where nothing is expanded.
 */
const SAFE = /^[A-Za-z0-9_./:@%+=,-]+$/;

export function shQuote(word: string): string {
  if (SAFE.test(word)) return word;
  // Inside single quotes only `'` itself is special: close, add an escaped quote, reopen.
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Builds one displayed command from literal parts and quoted values. */
export function cmd(...words: (string | { q: string })[]): string {
  return words.map((w) => (typeof w === 'string' ? w : shQuote(w.q))).join(' ');
}

export const q = (value: string): { q: string } => ({ q: value });
