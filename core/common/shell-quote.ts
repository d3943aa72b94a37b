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

/**
 * Splits a command line as a POSIX shell would, for the lines `shQuote` builds: plain
 * words, single-quoted parts and backslash escapes; null when it holds anything else
 * (double quotes, expansions), which those lines never do.
 */
export function splitWords(line: string): string[] | null {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === ' ' || ch === '\t') {
      if (word !== null) words.push(word);
      word = null;
    } else if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return null;
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (ch === '\\' && i + 1 < line.length) {
      word = (word ?? '') + line[i + 1];
      i++;
    } else if (/["$`;&|<>()*?[\]#~{}\n]/.test(ch)) {
      return null;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/** Always single-quotes, even a plain word: for scripts where every value should stand out as one. */
export const shQuoteAlways = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;
