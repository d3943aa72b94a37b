/**
 * The renderer's state contract (zustand; built in ./app-store.ts). The graph adapter
 * (renderer/graph) and the React shell (renderer/app) both code against this file.
 */
import type { DeltaMessage } from '../../core/protocol/messages.js';
import type { NodeKind, Topology } from '../../core/model/types.js';
import type { CommandsState } from './commands.js';
import type { ReachSliceState } from './reach.js';
import type { SnapshotFileState } from './snapshot-file.js';

export type ViewName = 'docker' | 'kernel';
export type ThemeName = 'light' | 'dark';
export type Language = 'en' | 'zh-CN';
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'incompatible' | 'closed';

export interface Filters {
  /** Network node ids to show; empty = all. */
  networks: string[];
  /** Node kinds to hide. */
  hiddenKinds: NodeKind[];
  /** Container states to show; empty = all. */
  states: string[];
}

/** What changed recently, for highlighting (ids of model elements). */
export interface RecentChanges {
  added: string[];
  updated: string[];
  removed: string[];
  /** Date.now() when recorded. */
  at: number;
}

/** The graph, or the same facts as tables. */
export type DisplayName = 'graph' | 'table';

export interface AppState extends SnapshotFileState, CommandsState, ReachSliceState {
  connection: ConnectionState;
  connectionDetail: string | null;
  topology: Topology | null;
  seq: number | null;
  /** The last delta applied (null after a snapshot): lets the graph patch by id. */
  lastDelta: DeltaMessage | null;
  /** Bumped on every snapshot: tells the graph to reload instead of patching. */
  snapshotGeneration: number;
  recent: RecentChanges | null;

  view: ViewName;
  /** Selected model element id (node or edge), kept across view switches. */
  selection: string | null;
  /** Free-text search (name, IP, MAC, port). */
  search: string;
  filters: Filters;
  theme: ThemeName;
  language: Language;
  /** Neighbourhood highlight pinned by click (element id). */
  pinned: string | null;
  /** The keyboard tree's current row while it has focus: the graph rings it. */
  focusRing: string | null;
  /** The graph, or the same facts as tables. */
  display: DisplayName;
  /** Bumped by "re-layout": the graph drops the dragged positions and lays out afresh. */
  layoutGeneration: number;
  /**
   * Per view, the groups (network or bridge ids) drawn collapsed as clusters; null until
   * the graph decides for a new host (a big host opens as an overview, others in full).
   */
  overview: Record<ViewName, string[] | null>;

  // actions
  setView(view: ViewName): void;
  select(id: string | null): void;
  setSearch(text: string): void;
  setFilters(filters: Partial<Filters>): void;
  setTheme(theme: ThemeName): void;
  setLanguage(language: Language): void;
  pin(id: string | null): void;
  requestRelayout(): void;
  setDisplay(display: DisplayName): void;
  setFocusRing(id: string | null): void;
  setOverview(view: ViewName, collapsed: string[] | null): void;
}
