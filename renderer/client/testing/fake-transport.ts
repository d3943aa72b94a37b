import type { ClientMessage } from '../../../core/protocol/messages.js';
import type { ClientTransport, TransportHandlers } from '../transport.js';

/** A transport the test plays the server for. */
export class FakeTransport implements ClientTransport {
  opens = 0;
  closes = 0;
  readonly sent: ClientMessage[] = [];
  private handlers: TransportHandlers | null = null;

  open(handlers: TransportHandlers): void {
    this.opens++;
    this.handlers = handlers;
  }

  send(msg: ClientMessage): void {
    this.sent.push(msg);
  }

  close(): void {
    this.closes++;
    this.handlers = null;
  }

  get isOpen(): boolean {
    return this.handlers !== null;
  }

  /** Types of the messages sent so far, for compact assertions. */
  sentTypes(): string[] {
    return this.sent.map((m) => m.type);
  }

  serverOpen(): void {
    this.need().onOpen();
  }

  serverSend(message: unknown): void {
    this.need().onMessage(message);
  }

  serverClose(reason = 'gone'): void {
    const h = this.need();
    this.handlers = null;
    h.onClose(reason);
  }

  private need(): TransportHandlers {
    if (!this.handlers) throw new Error('FakeTransport: no open connection');
    return this.handlers;
  }
}
