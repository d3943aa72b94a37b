import os from 'node:os';
import { connectDocker, explainDockerError, type DockerConnection } from '../docker/client.js';
import { readDocker, type DockerState } from '../docker/read-docker.js';
import { ToolError } from '../exec/run-tool.js';
import { readFirewall, readIpForward } from '../firewall/read-firewall.js';
import type { FirewallDump } from '../firewall/types.js';
import {
  dumpNamespaces,
  hostNetnsInode,
  listDockerNetnsFiles,
  listNamedNetns,
  STALE_NETNS_ERROR,
} from '../kernel/dump-namespaces.js';
import type { NetnsDump, NetnsDumpError } from '../kernel/ip-json.js';
import type { RawHost } from '../model/raw-host.js';
import type { Facet } from '../model/types.js';
import { mapContainerNetns } from './container-netns.js';

export interface ReadHostOptions {
  /** A connection to reuse (the live core keeps one); when absent one is opened and closed. */
  docker?: DockerConnection | null;
  /** Skip the engine entirely (e.g. `--no-docker`). */
  skipDocker?: boolean;
  /**
   * The engine is known to be down (the live core is reconnecting): why. Without a
   * connection to reuse, the read then does not dial it (the reconnect does, with backoff)
   * and the docker facet gives this reason.
   */
  dockerDown?: string;
  /**
   * A connection already being opened (the CLI dials while it loads the rest), owned and
   * closed by this read like one it opened itself; its failure is the docker facet's reason.
   */
  dockerDialing?: Promise<DockerConnection>;
  env?: NodeJS.ProcessEnv;
}

export interface HostRead {
  raw: RawHost;
  /** One line each, for a person: what is missing and how to get it. */
  hints: string[];
  /** Milliseconds each source took, for benchmarks and debugging. */
  timings: { docker: number; kernel: number; firewall: number; total: number };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, performance.now() - t0];
}

const PERMISSION = /not permitted|permission denied|EPERM|EACCES/i;

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function readDockerFacet(options: ReadHostOptions): Promise<{ state: DockerState | null; facet: Facet }> {
  if (options.skipDocker)
    return { state: null, facet: { ok: false, reason: 'Docker reading was turned off (--no-docker)' } };
  if (options.dockerDown !== undefined && !options.docker)
    return { state: null, facet: { ok: false, reason: options.dockerDown } };
  let conn = options.docker ?? null;
  const own = conn === null;
  try {
    conn ??= await (options.dockerDialing ?? connectDocker({ env: options.env }));
    return { state: await readDocker(conn), facet: { ok: true } };
  } catch (err) {
    const reason =
      err instanceof Error && err.name === 'SourceFormatError'
        ? err.message
        : explainDockerError(err, conn?.endpoint ?? 'the Docker socket').message;
    return { state: null, facet: { ok: false, reason } };
  } finally {
    if (own) conn?.close();
  }
}

interface KernelRead {
  hostInode: number;
  dumps: NetnsDump[];
  errors: NetnsDumpError[];
  named: { name: string; inode: number }[];
  dockerDirDenied: boolean;
}

async function readKernelBase(): Promise<KernelRead> {
  const hostInode = await hostNetnsInode();
  const [named, dockerFiles] = await Promise.all([
    listNamedNetns(),
    listDockerNetnsFiles().then(
      (files) => ({ files, denied: false }),
      (err: unknown) => ({ files: [] as string[], denied: PERMISSION.test(describe(err)) }),
    ),
  ]);
  const { dumps, errors } = await dumpNamespaces(['host', ...named.map((n) => n.path), ...dockerFiles.files]);
  const namedWithInode = named
    .map((n) => ({ name: n.name, inode: dumps.find((d) => d.target === n.path)?.inode ?? -1 }))
    .filter((n) => n.inode >= 0);
  return { hostInode, dumps, errors, named: namedWithInode, dockerDirDenied: dockerFiles.denied };
}

/**
 * Reads the three sources side by side (Docker, kernel, firewall), each failing on its
 * own: a missing engine or a missing privilege leaves a facet down, not the snapshot.
 */
export async function readHost(options: ReadHostOptions = {}): Promise<HostRead> {
  const hints: string[] = [];
  const t0 = performance.now();
  const [[dockerRead, dockerMs], [kernelRead, kernelMs], [firewallRead, firewallMs], ipForward] = await Promise.all([
    timed(() => readDockerFacet(options)),
    timed(() =>
      readKernelBase().then(
        (k) => ({ k, err: null as unknown }),
        (err: unknown) => ({ k: null, err }),
      ),
    ),
    timed(() =>
      readFirewall().then(
        (f) => ({ f, err: null as unknown }),
        (err: unknown) => ({ f: null as FirewallDump | null, err }),
      ),
    ),
    readIpForward(),
  ]);

  const {
    containerNetns,
    mapped: running,
    denied: unmapped,
  } = await mapContainerNetns(dockerRead.state?.containers ?? []);

  let kernelFacet: Facet = { ok: true };
  const kernel = kernelRead.k;
  if (kernel) {
    const known = new Set(kernel.dumps.map((d) => d.inode));
    const missing = running.filter((c) => {
      const inode = containerNetns[c.id];
      return inode !== null && inode !== undefined && !known.has(inode);
    });
    if (missing.length > 0) {
      // Engines with another exec-root keep sandboxes elsewhere: enter those through the PID.
      const extra = await dumpNamespaces(
        missing.map((c) => `/proc/${c.pid}/ns/net`),
        { peers: kernel.dumps.map((d) => d.target) },
      );
      for (const d of extra.dumps) {
        if (!known.has(d.inode)) {
          kernel.dumps.push(d);
          known.add(d.inode);
        }
      }
      kernel.errors.push(...extra.errors);
    }
    const denied = kernel.errors.filter((e) => PERMISSION.test(e.error));
    const broken = kernel.errors.filter((e) => !PERMISSION.test(e.error) && !STALE_NETNS_ERROR.test(e.error));
    if (denied.length > 0 || kernel.dockerDirDenied || unmapped.length > 0) {
      kernelFacet = {
        ok: false,
        reason:
          'not permitted to enter other network namespaces: only the host namespace was read (run as root, or grant CAP_SYS_ADMIN and CAP_SYS_PTRACE)',
      };
      hints.push('hint: run as root (e.g. sudo netloom …) to see inside container namespaces');
    } else if (broken.length > 0) {
      kernelFacet = {
        ok: false,
        reason: `could not read ${broken.length} namespace(s): ${broken[0]?.target}: ${broken[0]?.error}`,
      };
    }
  } else {
    kernelFacet = { ok: false, reason: describe(kernelRead.err) };
    hints.push(
      kernelRead.err instanceof ToolError && kernelRead.err.kind === 'missing'
        ? `hint: install iproute2 (apt-get install iproute2) to read interfaces and routes`
        : `hint: the kernel view could not be read: ${describe(kernelRead.err)}`,
    );
  }

  let firewallFacet: Facet = { ok: true };
  if (!firewallRead.f) {
    const err = firewallRead.err;
    firewallFacet = { ok: false, reason: describe(err) };
    if (err instanceof ToolError && err.kind === 'permission') hints.push('hint: run as root to read iptables rules');
    else if (err instanceof ToolError && err.kind === 'missing')
      hints.push('hint: install iptables (apt-get install iptables) to see NAT and filter rules');
  }
  if (!dockerRead.facet.ok) hints.push(`hint: Docker: ${dockerRead.facet.reason}`);

  return {
    raw: {
      capturedAt: new Date().toISOString(),
      hostname: os.hostname(),
      kernelRelease: os.release(),
      facets: { docker: dockerRead.facet, kernel: kernelFacet, firewall: firewallFacet },
      docker: dockerRead.state,
      kernel: kernel ? { hostInode: kernel.hostInode, dumps: kernel.dumps, named: kernel.named } : null,
      containerNetns,
      firewall: firewallRead.f,
      ipForward,
    },
    hints,
    timings: { docker: dockerMs, kernel: kernelMs, firewall: firewallMs, total: performance.now() - t0 },
  };
}
