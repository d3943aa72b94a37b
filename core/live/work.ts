/** What the live core has to re-read, gathered from events until a read takes it. */
export interface Work {
  /** Everything (the resync, a reconnect, a failed partial read). */
  full: boolean;
  /** The network list. */
  networks: boolean;
  /** The host namespace (bridges, veths). */
  host: boolean;
  /** The `ip netns` namespaces. */
  named: boolean;
  /** The firewall rules. */
  firewall: boolean;
  /** Containers (full ids) to re-inspect, with their namespaces. */
  containers: Set<string>;
}

export const noWork = (): Work => ({
  full: false,
  networks: false,
  host: false,
  named: false,
  firewall: false,
  containers: new Set(),
});

export const hasWork = (w: Work): boolean =>
  w.full || w.networks || w.host || w.named || w.firewall || w.containers.size > 0;

/** For the trace log. */
export const describeWork = (w: Work): string =>
  w.full ? 'full' : `${w.containers.size} containers${w.host ? ', host' : ''}${w.firewall ? ', firewall' : ''}`;
