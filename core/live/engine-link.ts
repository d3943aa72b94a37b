import type { DockerConnection } from '../docker/client.js';
import type { DockerEvent } from './docker-events.js';
import type { DockerLink, LiveProcesses, Timer } from './live-deps.js';
import type { Timers } from './timers.js';

export const RECONNECT_MIN_MS = 250;
export const RECONNECT_MAX_MS = 5000;

export interface EngineHandlers {
  event(e: DockerEvent): void;
  /** The engine went away (its event stream ended, or a read found it gone). */
  gone(): void;
  /** A reconnect succeeded. */
  back(): void;
}

const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * The live core's connection to the engine: its event stream, why it is down when it is,
 * and the reconnect, after 250 ms doubling up to 5 s while dials fail, from 250 ms again
 * once one succeeds.
 */
export class EngineLink {
  private link: DockerLink | null = null;
  /** Why the engine is known to be down; undefined while connected. */
  down: string | undefined;
  private delay = RECONNECT_MIN_MS;
  private timer: Timer | null = null;
  private stopped = false;

  constructor(
    private readonly processes: LiveProcesses,
    private readonly timers: Timers,
    private readonly handlers: EngineHandlers,
    private readonly log: (line: string) => void,
  ) {}

  get conn(): DockerConnection | null {
    return this.link?.conn ?? null;
  }

  async connect(): Promise<boolean> {
    let link: DockerLink;
    try {
      link = await this.processes.connectDocker(
        (e) => this.handlers.event(e),
        (reason) => this.lost(`Docker engine at ${link.conn.endpoint} went away (${reason}); reconnecting`),
      );
    } catch (err) {
      this.down = describe(err);
      return false;
    }
    if (this.stopped) {
      link.events.close();
      link.conn.close();
      return false;
    }
    this.link = link;
    this.down = undefined;
    this.delay = RECONNECT_MIN_MS;
    return true;
  }

  /** The engine is gone (`reason` says why, for the log and the docker facet): reconnect. */
  lost(reason: string): void {
    const link = this.link;
    if (this.stopped || !link) return;
    this.log(reason);
    link.events.close();
    link.conn.close();
    this.link = null;
    this.down = reason;
    this.handlers.gone();
    this.scheduleReconnect();
  }

  scheduleReconnect(): void {
    if (this.stopped || this.timer) return;
    this.timer = this.timers.after(this.delay, () => {
      this.timer = null;
      void this.connect().then((ok) => {
        if (this.stopped) return;
        if (ok) {
          this.log('Docker engine is back');
          this.handlers.back();
        } else {
          this.delay = Math.min(this.delay * 2, RECONNECT_MAX_MS);
          this.scheduleReconnect();
        }
      });
    });
  }

  /** Stops following events; the connection stays open for reads in flight until `close`. */
  stop(): void {
    this.stopped = true;
    this.link?.events.close();
  }

  close(): void {
    this.link?.conn.close();
  }
}
