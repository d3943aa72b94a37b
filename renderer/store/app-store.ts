import { create, type StoreApi, type UseBoundStore } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { TopologyIndex } from '../../core/common/topology-index.js';
import type { TopologyClient } from '../client/topology-client.js';
import { createCommandsSlice, type Requester } from './commands.js';
import { DEFAULT_FILTERS } from './filters.js';
import { browserStorage, loadPrefs, savePrefs, type KeyValueStore } from './prefs.js';
import { createReachSlice } from './reach.js';
import { recentFromDelta } from './recent.js';
import { createSnapshotFileSlice, holdWhileFileOpen } from './snapshot-file.js';
import type { AppState } from './types.js';

type WithSelector<S> = Omit<StoreApi<S>, 'subscribe'> & {
  subscribe: {
    (listener: (state: S, previous: S) => void): () => void;
    <U>(
      selector: (state: S) => U,
      listener: (selected: U, previous: U) => void,
      options?: { equalityFn?: (a: U, b: U) => boolean; fireImmediately?: boolean },
    ): () => void;
  };
};

export type AppStore = UseBoundStore<WithSelector<AppState>>;

/** No overview decided yet, in either view. */
export const UNDECIDED: AppState['overview'] = { docker: null, kernel: null };

/** A fresh store; the app uses the one bound below, tests make their own. */
export function createAppStore(storage: KeyValueStore | null = browserStorage()): AppStore {
  const prefs = loadPrefs(storage);
  return create<AppState>()(
    subscribeWithSelector((set, get) => {
      const persist = (): void => {
        const { view, theme, language, display } = get();
        savePrefs(storage, { view, theme, language, display });
      };
      return {
        connection: 'connecting',
        connectionDetail: null,
        topology: null,
        seq: null,
        lastDelta: null,
        snapshotGeneration: 0,
        recent: null,
        view: prefs.view,
        selection: null,
        search: '',
        filters: DEFAULT_FILTERS,
        theme: prefs.theme,
        language: prefs.language,
        pinned: null,
        layoutGeneration: 0,
        display: prefs.display,
        focusRing: null,
        overview: UNDECIDED,
        setView: (view) => {
          set({ view });
          persist();
        },
        select: (selection) => set({ selection }),
        setSearch: (search) => set({ search }),
        setFilters: (filters) => set((s) => ({ filters: { ...s.filters, ...filters } })),
        setTheme: (theme) => {
          set({ theme });
          persist();
        },
        setLanguage: (language) => {
          set({ language });
          persist();
        },
        pin: (pinned) => set({ pinned }),
        setDisplay: (display) => {
          set({ display });
          persist();
        },
        setFocusRing: (focusRing) => set({ focusRing }),
        setOverview: (view, collapsed) => set((s) => ({ overview: { ...s.overview, [view]: collapsed } })),
        requestRelayout: () => set((s) => ({ layoutGeneration: s.layoutGeneration + 1 })),
        ...createSnapshotFileSlice(set),
        ...createCommandsSlice(set, get),
        ...createReachSlice(set, get),
      };
    }),
  );
}

export const useAppStore: AppStore = createAppStore();

/** What attachClient needs of the client, so tests can hand in a stub. */
export type TopologySource = Pick<TopologyClient, 'onTopology' | 'onState'> & {
  readonly seq?: number | null;
  readonly serverSource?: TopologyClient['serverSource'];
  readonly serverControl?: TopologyClient['serverControl'];
  /** Carries the control methods; absent for sources that only stream. */
  readonly request?: Requester['request'];
};

/**
 * Feeds a client's topology and connection state into a store. A snapshot bumps
 * snapshotGeneration (the graph reloads); a delta is kept as lastDelta (the graph patches
 * by id). Returns a function that detaches.
 */
export function attachClientTo(store: AppStore, client: TopologySource, now: () => number = Date.now): () => void {
  if (client.request) store.setState({ requester: client as Requester });
  const offTopology = client.onTopology((topology, change) => {
    const control = client.serverControl ?? null;
    if (store.getState().control !== control) store.setState({ control });
    if (holdWhileFileOpen(store, topology, client)) return;
    if (change.kind === 'snapshot') {
      store.setState((s) => ({
        topology,
        lastDelta: null,
        recent: null,
        snapshotGeneration: s.snapshotGeneration + 1,
        seq: client.seq ?? null,
        // A resync of the same host keeps what the person opened and closed.
        overview: s.topology?.host.hostname === topology.host.hostname ? s.overview : UNDECIDED,
      }));
    } else {
      // Moves the shared index on to the new topology instead of rebuilding it per change.
      TopologyIndex.carry(store.getState().topology, topology, change.delta);
      store.setState({
        topology,
        lastDelta: change.delta,
        seq: change.delta.seq,
        recent: recentFromDelta(change.delta, now()),
      });
    }
  });
  const offState = client.onState((connection, connectionDetail) => store.setState({ connection, connectionDetail }));
  return () => {
    offTopology();
    offState();
  };
}

export function attachClient(client: TopologySource): () => void {
  return attachClientTo(useAppStore, client);
}
