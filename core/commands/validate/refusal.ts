import type { Warning } from '../../protocol/commands.js';
import type { HostRule, WarningCode } from '../../protocol/rule-codes.js';
import { CommandError } from '../../protocol/server.js';

/**
 * How a rule says no. `bad-request`: the request cannot be right on this host (a name that
 * is not here, an address outside the subnet); `conflict`: the host's present state forbids
 * it (a port someone holds, a container that is running). Both carry the param that is at
 * fault (`field`, dotted for nested: `publish.0.hostPort`) and the stable `rule` code, plus
 * whatever names the other party (`holder`, `overlaps`, `containers`).
 */
export function refuse(
  code: 'bad-request' | 'conflict',
  field: string,
  rule: HostRule,
  message: string,
  extra: Record<string, unknown> = {},
): CommandError {
  return new CommandError({ code, message, details: { field, rule, ...extra } });
}

export const badRequest = (field: string, rule: HostRule, message: string, extra?: Record<string, unknown>) =>
  refuse('bad-request', field, rule, message, extra);

export const conflict = (field: string, rule: HostRule, message: string, extra?: Record<string, unknown>) =>
  refuse('conflict', field, rule, message, extra);

/** A request-only rule (./protocol/commands.ts) that failed once a name was resolved. */
export const requestRefusal = (field: string, rule: string, message: string): CommandError =>
  new CommandError({ code: 'bad-request', message, details: { field, rule } });

export const warning = (code: WarningCode, message: string): Warning => ({ code, message });

/** A param's value as a message quotes it. */
export const q = (value: string | number): string => `"${value}"`;
