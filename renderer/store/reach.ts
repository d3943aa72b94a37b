import type { ResultOf } from '../../core/protocol/commands.js';
import type { ProtocolError } from '../../core/protocol/messages.js';
import type { ActionAnswer } from './commands.js';
import type { AppState } from './types.js';

/**
 * The diagnosis slice: the question "can this reach that?", the walk that answers it, the
 * hop the person is looking at, the probe and trace beside it, and the matrix. The graph
 * draws the walk (renderer/graph/reach-marks.ts); the panel asks and steps.
 */

export type Diagnosis = ResultOf<'reach.check'>;
export type Probed = ResultOf<'reach.probe'>;
export type Matrix = ResultOf<'reach.matrix'>;

export interface ReachQuestion {
  /** A container's name, `host`, or a namespace's name. */
  src: string;
  /** The same, an IPv4 address, or (by name) a DNS name. */
  dst: string;
  proto: 'icmp' | 'tcp' | 'udp';
  port: number | null;
  by: 'ip' | 'name';
}

export interface ReachState {
  question: ReachQuestion;
  diagnosis: Diagnosis | null;
  error: ProtocolError | null;
  /** The hop shown: steps up to it are drawn, it is the current one. */
  step: number;
  playing: boolean;
  /** The probe (and trace) of the current question, once asked. */
  tested: Probed['tested'] | null;
  testing: 'probe' | 'trace' | null;
  testError: ProtocolError | null;
}

export interface MatrixState {
  port: number | null;
  result: Matrix | null;
  error: ProtocolError | null;
  pending: boolean;
}

export interface ReachSliceState {
  reach: ReachState | null;
  matrix: MatrixState | null;
  /** Opens the diagnosis panel for a source (and a destination), in the kernel view where every hop is drawn. */
  openReach(src: string, dst?: string, how?: Partial<ReachQuestion>): void;
  closeReach(): void;
  askReach(question: Partial<ReachQuestion>): Promise<void>;
  setReachStep(step: number): void;
  setReachPlaying(playing: boolean): void;
  testReach(trace: boolean): Promise<void>;
  openMatrix(port: number | null): Promise<void>;
  closeMatrix(): void;
}

type Set = (update: Partial<AppState> | ((s: AppState) => Partial<AppState>)) => void;
type Get = () => AppState;

/** A question is complete when it names both ends, and a port for tcp and udp. */
export const questionReady = (q: ReachQuestion): boolean =>
  q.src !== '' && q.dst !== '' && (q.proto === 'icmp' || (q.port !== null && q.port >= 1 && q.port <= 65535));

const params = (q: ReachQuestion) => ({
  src: q.src,
  dst: q.dst,
  proto: q.proto,
  ...(q.proto === 'icmp' ? {} : { port: q.port }),
  by: q.by,
});

const same = (a: ReachQuestion, b: ReachQuestion): boolean =>
  a.src === b.src && a.dst === b.dst && a.proto === b.proto && a.port === b.port && a.by === b.by;

export function createReachSlice(set: Set, get: Get): ReachSliceState {
  const ask = <M extends 'reach.check' | 'reach.probe' | 'reach.matrix'>(
    method: M,
    p: Parameters<AppState['ask']>[1] & object,
  ): Promise<ActionAnswer<M>> => get().ask(method, p as never) as Promise<ActionAnswer<M>>;
  return {
    reach: null,
    matrix: null,
    openReach: (src, dst = '', how = {}) => {
      const prev = get().reach?.question;
      const question: ReachQuestion = {
        proto: prev?.proto ?? 'icmp',
        port: prev?.port ?? null,
        by: 'ip',
        ...how,
        src,
        dst,
      };
      set({
        reach: {
          question,
          diagnosis: null,
          error: null,
          step: 0,
          playing: false,
          tested: null,
          testing: null,
          testError: null,
        },
        panel: 'reach',
        view: 'kernel',
        display: 'graph',
        menu: null,
        matrix: null,
      });
      void get().askReach({});
    },
    closeReach: () => set((s) => ({ reach: null, panel: s.panel === 'reach' ? null : s.panel })),
    askReach: async (change) => {
      const r = get().reach;
      if (!r) return;
      const question = { ...r.question, ...change };
      const fresh = !same(question, r.question);
      set({
        reach: {
          ...r,
          question,
          ...(fresh ? { diagnosis: null, error: null, tested: null, testError: null, playing: false } : {}),
        },
      });
      if (!questionReady(question)) return;
      const answer = await ask('reach.check', params(question));
      const now = get().reach;
      // A newer question was asked meanwhile: its answer is the one to keep.
      if (!now || !same(now.question, question)) return;
      if (!answer.ok) return set({ reach: { ...now, diagnosis: null, error: answer.error } });
      const steps = answer.result.steps.length;
      // A re-check of the same question (the host changed) keeps the hop in view.
      const step = !fresh && now.diagnosis?.steps.length === steps ? now.step : steps - 1;
      set({ reach: { ...now, diagnosis: answer.result, error: null, step: Math.max(0, step) } });
    },
    setReachStep: (step) =>
      set((s) => {
        if (!s.reach?.diagnosis) return {};
        const last = s.reach.diagnosis.steps.length - 1;
        return { reach: { ...s.reach, step: Math.max(0, Math.min(last, step)) } };
      }),
    setReachPlaying: (playing) => set((s) => (s.reach ? { reach: { ...s.reach, playing } } : {})),
    testReach: async (trace) => {
      const r = get().reach;
      if (!r || !questionReady(r.question)) return;
      set({ reach: { ...r, testing: trace ? 'trace' : 'probe', testError: null } });
      const answer = await ask('reach.probe', { ...params(r.question), trace });
      const now = get().reach;
      if (!now || !same(now.question, r.question)) return;
      set({
        reach: answer.ok
          ? { ...now, testing: null, tested: answer.result.tested, diagnosis: answer.result.diagnosis }
          : { ...now, testing: null, testError: answer.error },
      });
    },
    openMatrix: async (port) => {
      set({ matrix: { port, result: null, error: null, pending: true }, menu: null });
      const answer = await ask('reach.matrix', port === null ? {} : { port });
      if (get().matrix?.port !== port) return;
      set({
        matrix: answer.ok
          ? { port, result: answer.result, error: null, pending: false }
          : { port, result: null, error: answer.error, pending: false },
      });
    },
    closeMatrix: () => set({ matrix: null }),
  };
}
