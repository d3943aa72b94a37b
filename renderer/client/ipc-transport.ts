import type { NetloomBridge } from '../../core/protocol/bridge.js';
import type { ClientMessage } from '../../core/protocol/messages.js';
import type { ClientTransport, TransportHandlers } from './transport.js';

/** The protocol over Electron IPC, through the preload's narrow `window.netloom` bridge. */
export class IpcTransport implements ClientTransport {
  private detach: (() => void) | null = null;

  constructor(private readonly bridge: NetloomBridge) {}

  open(handlers: TransportHandlers): void {
    this.close();
    let attached = true;
    let unsubscribe: (() => void) | null = null;
    this.detach = () => {
      attached = false;
      unsubscribe?.();
    };
    // IPC has no handshake of its own: the connection is open as soon as we listen. Open
    // first, because the preload hands over the hello it kept while subscribing us.
    handlers.onOpen();
    if (!attached) return;
    unsubscribe = this.bridge.onMessage((message) => {
      if (attached) handlers.onMessage(message);
    });
  }

  send(msg: ClientMessage): void {
    this.bridge.send(msg);
  }

  close(): void {
    this.detach?.();
    this.detach = null;
  }
}
