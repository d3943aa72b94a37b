import type { ControlState } from '../protocol/messages.js';

export interface ServeControlFlags {
  readOnly: boolean;
  /** Bound beyond loopback (--allow-remote). */
  remote: boolean;
  allowRemoteControl: boolean;
  /** --no-docker: nothing to change the host with. */
  skipDocker: boolean;
}

/**
 * Whether `netloom serve` lets its clients change the host. Off with --read-only; off when
 * other machines can reach it unless --allow-remote-control says they may also change it
 * (anyone with the token, over plain HTTP); off without the engine.
 */
export function serveControl(flags: ServeControlFlags): ControlState {
  if (flags.readOnly) return { enabled: false, reason: 'netloom serve was started with --read-only' };
  if (flags.remote && !flags.allowRemoteControl)
    return {
      enabled: false,
      reason: 'netloom serve listens beyond loopback (--allow-remote); control needs --allow-remote-control as well',
    };
  if (flags.skipDocker) return { enabled: false, reason: 'netloom serve was started with --no-docker' };
  return { enabled: true };
}

/** The desktop app's read-only setting as a control state. */
export const appControl = (readOnly: boolean): ControlState =>
  readOnly ? { enabled: false, reason: 'Read-only mode is on (View menu)' } : { enabled: true };
