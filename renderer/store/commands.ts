import type {
  ActionMethodName,
  ActionRecord,
  Effect,
  ParamsOf,
  Preview,
  ResultOf,
} from '../../core/protocol/commands.js';
import type { ControlState, MethodName, Methods, ProtocolError } from '../../core/protocol/messages.js';
import type { AppState } from './types.js';

/**
 * The commands slice: the client that carries requests, what the server allows, the
 * dialog open, the elements an action is working on, the last action's effect and the
 * action log. Components and the graph read it; only its actions talk to the server.
 */

/** What the slice needs of the client (TopologyClient has it). */
export interface Requester {
  request<M extends MethodName>(method: M, ...args: RequestParams<M>): Promise<Methods[M]['result']>;
}
type RequestParams<M extends MethodName> = Methods[M]['params'] extends undefined
  ? [params?: undefined]
  : [params: Methods[M]['params']];

/** A dialog to show, with what it starts from (model ids of the elements it is about). */
export type DialogRequest =
  | { kind: 'connect'; container: string; network: string | null }
  | { kind: 'disconnect'; container: string; network: string }
  | { kind: 'network-create' }
  | { kind: 'container-run'; network: string | null }
  | { kind: 'publish'; container: string }
  | { kind: 'remove-container'; container: string }
  | { kind: 'remove-network'; network: string }
  | { kind: 'prune-networks' }
  | { kind: 'undo'; action: string };

/** How a request ended, for the dialog that sent it. */
export type ActionAnswer<M extends MethodName> =
  { ok: true; result: ResultOf<M> } | { ok: false; error: ProtocolError };

/** The last action that finished, for the effect panel and the graph's highlight. */
export interface FinishedAction {
  method: ActionMethodName | 'action.undo';
  /** Its action log entry. */
  actionId: string;
  effect: Effect;
  /** Model ids it was about (they carry the highlight too). */
  targets: string[];
  at: number;
}

/** The right-hand column shows the inspector, or the action log. */
export type SidePanel = 'log' | 'reach' | null;

/** An open context menu: where (client coordinates) and for which model element (null: the canvas). */
export interface ContextMenuRequest {
  x: number;
  y: number;
  target: string | null;
  /** Where focus goes back to when the menu closes (the keyboard's origin). */
  returnFocus?: HTMLElement | null;
}

export interface CommandsState {
  requester: Requester | null;
  /** What the server said of control in hello; null before hello. */
  control: ControlState | null;
  /** Model ids an action is working on, with the method: the graph shows them busy. */
  busy: Record<string, MethodName>;
  dialog: DialogRequest | null;
  lastAction: FinishedAction | null;
  /** The action log as the server last sent it; null until asked. */
  actionLog: ActionRecord[] | null;
  panel: SidePanel;
  menu: ContextMenuRequest | null;

  openMenu(menu: ContextMenuRequest): void;
  closeMenu(): void;
  /** Closes the effect card and its highlight. */
  dismissEffect(): void;
  openDialog(dialog: DialogRequest): void;
  closeDialog(): void;
  setPanel(panel: SidePanel): void;
  /** Sends a method, marking `targets` busy until it answers; refreshes the log after. */
  perform<M extends MethodName>(method: M, params: Methods[M]['params'], targets: string[]): Promise<ActionAnswer<M>>;
  preview<M extends ActionMethodName>(method: M, params: ParamsOf<M>): Promise<ActionAnswer<'action.preview'>>;
  /** A request that changes nothing (image.list): no busy mark, no log refresh. */
  ask<M extends MethodName>(method: M, params: Methods[M]['params']): Promise<ActionAnswer<M>>;
  refreshLog(): Promise<void>;
}

type Set = (update: Partial<AppState> | ((s: AppState) => Partial<AppState>)) => void;
type Get = () => AppState;

const NOT_CONNECTED: ProtocolError = { code: 'unavailable', message: 'not connected to Netloom' };

/** A rejection of `request` as the protocol's error shape, whatever threw it. */
export function asProtocolError(err: unknown): ProtocolError {
  const e = err as { error?: ProtocolError; message?: string } | null;
  if (e?.error && typeof e.error.code === 'string') return e.error;
  return { code: 'unavailable', message: e?.message ?? String(err) };
}

/** Results of actions that changed the host carry an effect; previews and logs do not. */
function effectOf(result: unknown): { actionId: string; effect: Effect } | null {
  const r = result as { actionId?: unknown; effect?: unknown; result?: unknown } | null;
  if (r && typeof r.actionId === 'string' && typeof r.effect === 'object' && r.effect !== null)
    return { actionId: r.actionId, effect: r.effect as Effect };
  // action.undo answers with the inverse's own result inside.
  return r && typeof r.result === 'object' ? effectOf(r.result) : null;
}

export function createCommandsSlice(set: Set, get: Get, now: () => number = Date.now): CommandsState {
  const send = async <M extends MethodName>(method: M, params: Methods[M]['params']): Promise<ActionAnswer<M>> => {
    const requester = get().requester;
    if (!requester) return { ok: false, error: NOT_CONNECTED };
    try {
      const args = (params === undefined ? [] : [params]) as RequestParams<M>;
      return { ok: true, result: (await requester.request(method, ...args)) as ResultOf<M> };
    } catch (err) {
      return { ok: false, error: asProtocolError(err) };
    }
  };
  return {
    requester: null,
    control: null,
    busy: {},
    dialog: null,
    lastAction: null,
    actionLog: null,
    panel: null,
    menu: null,
    openMenu: (menu) => set({ menu }),
    closeMenu: () => set({ menu: null }),
    dismissEffect: () => set({ lastAction: null }),
    openDialog: (dialog) => set({ dialog, menu: null }),
    closeDialog: () => set({ dialog: null }),
    setPanel: (panel) => {
      set({ panel });
      if (panel === 'log') void get().refreshLog();
    },
    perform: async (method, params, targets) => {
      set((s) => ({ busy: { ...s.busy, ...Object.fromEntries(targets.map((t) => [t, method])) } }));
      const answer = await send(method, params);
      set((s) => {
        const busy = { ...s.busy };
        for (const t of targets) delete busy[t];
        const done = answer.ok ? effectOf(answer.result) : null;
        if (!done) return { busy };
        return {
          busy,
          lastAction: {
            method: method as FinishedAction['method'],
            actionId: done.actionId,
            effect: done.effect,
            targets,
            at: now(),
          },
        };
      });
      // The log holds failures too: refresh it whatever the answer.
      void get().refreshLog();
      return answer;
    },
    preview: (method, params) => send('action.preview', { method, params }),
    ask: send,
    refreshLog: async () => {
      const answer = await send('action.log', {});
      if (answer.ok) set({ actionLog: answer.result.actions });
    },
  };
}

/** Whether the window offers controls: the server allows them and the picture is its live host. */
export const controlsShown = (s: AppState): boolean =>
  s.control?.enabled === true && s.openedFile === null && s.serverSource?.kind !== 'file' && s.connection === 'live';

export type { Preview };
