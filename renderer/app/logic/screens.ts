import type { Facets, Topology } from '../../../core/model/types.js';
import type { ConnectionState, ViewName } from '../../store/types.js';
import { ESSENTIAL_FACETS, isPermissionProblem } from './facets.js';

/** What replaces the canvas when there is nothing true to draw. */
export type Screen =
  | { kind: 'connecting' }
  | { kind: 'disconnected'; detail: string | null }
  | { kind: 'incompatible'; detail: string | null }
  | { kind: 'no-engine'; reason: string | null; kernelOk: boolean }
  | { kind: 'no-permission'; reason: string | null };

/** Shown above a graph that is still worth looking at. */
export type Notice = { kind: 'reconnecting' } | { kind: 'facet'; facet: keyof Facets; reason: string | null };

export interface ScreenInput {
  connection: ConnectionState;
  connectionDetail: string | null;
  topology: Topology | null;
  view: ViewName;
}

export function screenFor({ connection, connectionDetail, topology, view }: ScreenInput): Screen | null {
  if (connection === 'incompatible') return { kind: 'incompatible', detail: connectionDetail };
  if (!topology) {
    return connection === 'connecting' || connection === 'live'
      ? { kind: 'connecting' }
      : { kind: 'disconnected', detail: connectionDetail };
  }
  const { docker, kernel } = topology.facets;
  // Without Docker the kernel view still tells the truth, so only the Docker view is replaced.
  if (!docker.ok && view === 'docker') {
    return isPermissionProblem(docker)
      ? { kind: 'no-permission', reason: docker.reason ?? null }
      : { kind: 'no-engine', reason: docker.reason ?? null, kernelOk: kernel.ok };
  }
  if (!docker.ok && isPermissionProblem(docker) && isPermissionProblem(kernel)) {
    return { kind: 'no-permission', reason: kernel.reason ?? null };
  }
  return null;
}

export function noticesFor(input: ScreenInput, screen: Screen | null): Notice[] {
  const { topology, connection } = input;
  if (!topology || screen) return [];
  const notices: Notice[] = [];
  if (connection === 'reconnecting' || connection === 'closed') notices.push({ kind: 'reconnecting' });
  for (const facet of ESSENTIAL_FACETS) {
    const f = topology.facets[facet];
    if (!f.ok) notices.push({ kind: 'facet', facet, reason: f.reason ?? null });
  }
  return notices;
}

/** No containers at all: a friendly card suggesting how to start some, over the (sparse) graph. */
export function showsNoContainers(topology: Topology | null, screen: Screen | null): boolean {
  return (
    topology !== null &&
    screen === null &&
    topology.facets.docker.ok &&
    !topology.nodes.some((n) => n.kind === 'container')
  );
}
