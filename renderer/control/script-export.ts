import { shQuoteAlways, splitWords } from '../../core/common/shell-quote.js';
import type { ActionRecord } from '../../core/protocol/commands.js';

/** docker's own words in the lines Netloom writes: commands and subcommands stay bare, like flags. */
const COMMAND_WORDS = new Set([
  'docker',
  'network',
  'container',
  'create',
  'connect',
  'disconnect',
  'rm',
  'prune',
  'run',
  'start',
  'stop',
  'restart',
  'rename',
]);

/**
 * One command line with every value in single quotes: the leading command words and the
 * flags stay bare, everything a person chose (names, addresses, ports) is quoted, so a
 * replay cannot read any of it as shell syntax. Lines that are not plain are kept as written.
 */
export function quoteValues(line: string): string {
  const words = splitWords(line);
  if (!words) return line;
  let leading = true;
  return words
    .map((w) => {
      if (leading && COMMAND_WORDS.has(w)) return w;
      leading = false;
      return /^--?[a-zA-Z][a-zA-Z0-9-]*$/.test(w) ? w : shQuoteAlways(w);
    })
    .join(' ');
}

/** A comment line: nothing after `#` may end the line early. */
const comment = (text: string): string => `# ${text.replace(/[\r\n]+/g, ' ')}`;

/**
 * The action log as a script that replays the session on another host with the docker
 * CLI: the actions that succeeded, in order (undos included, as the actions they were),
 * stopping at the first command that fails. Failed actions stay as comments.
 */
export function actionScript(actions: readonly ActionRecord[], meta: { hostname: string; exportedAt: string }): string {
  const lines = [
    '#!/bin/sh',
    comment(`Netloom action log of ${meta.hostname}, exported ${meta.exportedAt}.`),
    comment('Replays the actions that succeeded, in order, with the docker CLI; stops at the first failure.'),
    'set -eu',
  ];
  for (const a of actions) {
    lines.push('');
    if (!a.ok) {
      lines.push(comment(`${a.time} ${a.method} failed (${a.error?.message ?? 'no reason given'}); not replayed:`));
      for (const c of a.cli) lines.push(comment(c));
      continue;
    }
    lines.push(comment(`${a.time} ${a.method}${a.undoes ? ` (undoes ${a.undoes})` : ''}`));
    for (const c of a.cli) lines.push(quoteValues(c));
  }
  return `${lines.join('\n')}\n`;
}
