import type { Topology } from '../../core/model/types.js';
import { byId } from './dom.js';

/** The line under the title: which host, which engine, which Netloom, how fresh. */
export function showHost(topology: Topology, serverVersion: string | null): void {
  const { host } = topology;
  const engine = host.engine
    ? `Docker Engine ${host.engine.version} (API ${host.engine.apiVersion})`
    : 'no Docker engine';
  const parts = [host.hostname, `kernel ${host.kernel}`, engine];
  if (serverVersion) parts.push(`Netloom ${serverVersion}`);
  byId('host').textContent = parts.join(' · ');
  const updated = byId<HTMLTimeElement>('updated');
  updated.dateTime = topology.capturedAt;
  updated.textContent = `updated ${new Date(topology.capturedAt).toLocaleTimeString()}`;
}
