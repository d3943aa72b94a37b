import type { DocumentProblem } from '../../core/model/topology-document.js';
import type { Topology } from '../../core/model/types.js';
import type { StreamSource } from '../../core/protocol/messages.js';
import type { AppState } from './types.js';

/**
 * Where the picture comes from: the server's stream (a live host, or a file it serves
 * with `netloom serve --open`), or a snapshot file opened in this window. While a file is
 * open the live stream is kept aside, not drawn, so Back to live has it at once.
 */

/** A file opened in this window (picker or drop). */
export interface OpenedFile {
  name: string;
  /** Grows with every file opened: each one starts a fresh picture. */
  serial: number;
}

/** Why a file could not be opened: the document's problem, or the browser could not read it. */
export type FileProblem = DocumentProblem | { kind: 'unreadable'; detail: string };

export interface FileError {
  name: string;
  problem: FileProblem;
}

export interface SnapshotFileState {
  /** What the server said in hello; null until then. */
  serverSource: StreamSource | null;
  openedFile: OpenedFile | null;
  /** The server's topology, kept current while a file is shown (null otherwise). */
  liveTopology: Topology | null;
  /** The last file that could not be opened; what was shown stays untouched. */
  fileError: FileError | null;

  openFile(name: string, topology: Topology): void;
  fileFailed(name: string, problem: FileProblem): void;
  dismissFileError(): void;
  /** Drops the opened file and shows the server's topology again. */
  backToLive(): void;
}

type Set = (update: (s: AppState) => Partial<AppState>) => void;

/** A new picture: nothing selected, pinned or marked as changed carries over from the old one. */
const freshPicture = (s: AppState, topology: Topology | null): Partial<AppState> => ({
  topology,
  lastDelta: null,
  recent: null,
  snapshotGeneration: s.snapshotGeneration + 1,
  selection: null,
  pinned: null,
  focusRing: null,
  overview: { docker: null, kernel: null },
});

export function createSnapshotFileSlice(set: Set): SnapshotFileState {
  let serial = 0;
  return {
    serverSource: null,
    openedFile: null,
    liveTopology: null,
    fileError: null,
    openFile: (name, topology) =>
      set((s) => ({
        ...freshPicture(s, topology),
        openedFile: { name, serial: ++serial },
        // Opening a second file keeps the live picture held when the first was opened.
        liveTopology: s.openedFile === null ? s.topology : s.liveTopology,
        fileError: null,
      })),
    fileFailed: (name, problem) => set(() => ({ fileError: { name, problem } })),
    dismissFileError: () => set(() => ({ fileError: null })),
    backToLive: () =>
      set((s) =>
        s.openedFile === null
          ? {}
          : { ...freshPicture(s, s.liveTopology), openedFile: null, liveTopology: null, fileError: null },
      ),
  };
}

/**
 * For attachClient: records the server's source, and while a file is open keeps the
 * server's topology aside instead of drawing it. True when the topology was kept aside.
 */
export function holdWhileFileOpen(
  store: { getState(): AppState; setState(partial: Partial<AppState>): void },
  topology: Topology,
  client: { readonly serverSource?: StreamSource | null; readonly seq?: number | null },
): boolean {
  const serverSource = client.serverSource ?? null;
  if (store.getState().openedFile === null) {
    if (store.getState().serverSource !== serverSource) store.setState({ serverSource });
    return false;
  }
  store.setState({ serverSource, liveTopology: topology, seq: client.seq ?? null });
  return true;
}

/** The snapshot being shown, if the picture is one: its file, and whether a live host is there to go back to. */
export interface ShownSnapshot {
  name: string;
  canGoLive: boolean;
}

export function shownSnapshot(openedFile: OpenedFile | null, serverSource: StreamSource | null): ShownSnapshot | null {
  // A server that serves a file has no live host behind it.
  if (openedFile !== null) return { name: openedFile.name, canGoLive: serverSource?.kind === 'live' };
  if (serverSource?.kind === 'file') return { name: serverSource.name, canGoLive: false };
  return null;
}

/** Changes whenever the picture's source does, so the graph can start afresh for it. */
export const pictureKey = (s: Pick<AppState, 'openedFile'>): string =>
  s.openedFile === null ? 'live' : `file-${s.openedFile.serial}`;
