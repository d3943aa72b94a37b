import type { MethodName } from '../../../core/protocol/messages.js';
import type { Requester } from '../../store/commands.js';

/** A requester whose answers a test gives by hand, recording what was asked. */
export function manualRequester() {
  const asked: { method: string; params: unknown; answer: (v: unknown) => void; fail: (e: unknown) => void }[] = [];
  const requester: Requester = {
    request: ((method: MethodName, params?: unknown) =>
      new Promise<unknown>((answer, fail) => asked.push({ method, params, answer, fail }))) as Requester['request'],
  };
  return { requester, asked };
}
