import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runTool, ToolError } from '../exec/run-tool.js';
import { readFirewall, readIpForward } from './read-firewall.js';
import type { FirewallRule } from './types.js';

// Runs against the real engine and kernel: needs root and a Docker engine with the test image.
const IMAGE = process.env.NETLOOM_TEST_IMAGE ?? 'netloom-busybox:test';
const PREFIX = 'fwcap-readfw-';
const NAME = `${PREFIX}${process.pid}`;
const DOCKER_TIMEOUT = { timeoutMs: 60_000 };

const docker = (...args: string[]) => runTool('docker', args, DOCKER_TIMEOUT);

/** A leftover is one whose creating test process is gone; a run going on beside us is left alone. */
async function removeStaleContainers(): Promise<void> {
  const names = (
    await docker(
      'ps',
      '-a',
      '--filter',
      'label=netloom.test=1',
      '--filter',
      `name=^/${PREFIX}`,
      '--format',
      '{{.Names}}',
    )
  )
    .split('\n')
    .filter((name) => name.startsWith(PREFIX));
  const stale = names.filter((name) => !processAlive(Number(name.slice(PREFIX.length))));
  if (stale.length > 0) await docker('rm', '-f', ...stale);
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function dockerNatRules(): Promise<string[]> {
  return (await runTool('iptables', ['-t', 'nat', '-S', 'DOCKER']))
    .split('\n')
    .filter((line) => line.startsWith('-A '));
}

describe('readFirewall on this host', () => {
  let skip: string | false = false;
  let hostPort = '';
  let containerIp = '';

  before(async () => {
    try {
      await docker('version', '--format', '{{.Server.Version}}');
    } catch (error) {
      if (error instanceof ToolError) {
        skip = `no usable Docker engine: ${error.message}`;
        return;
      }
      throw error;
    }
    await removeStaleContainers();
    await docker(
      'run',
      '-d',
      '--name',
      NAME,
      '--label',
      'netloom.test=1',
      '--dns',
      '127.0.0.1',
      '-p',
      '80',
      IMAGE,
      'sleep',
      '600',
    );
    // `docker port` prints one line per address family; both carry the same random port.
    hostPort = /:(\d+)\s*$/m.exec(await docker('port', NAME, '80/tcp'))?.[1] ?? '';
    containerIp = (await docker('inspect', '--format', '{{.NetworkSettings.IPAddress}}', NAME)).trim();
    assert.ok(hostPort && containerIp, 'the container has a published port and an address');
  });

  after(async () => {
    if (!skip) await docker('rm', '-f', NAME).catch(() => undefined);
  });

  it('contains the DNAT rule of a container it started, as iptables -S prints it', async (t) => {
    if (skip) return t.skip(skip);
    // Others may change the DOCKER chain meanwhile; compare only a read bracketed by two equal -S reads.
    for (let attempt = 1; ; attempt++) {
      const before = await dockerNatRules();
      const dump = await readFirewall();
      const afterwards = await dockerNatRules();
      if (before.join('\n') !== afterwards.join('\n') && attempt < 5) continue;

      const line = before.find(
        (l) => l.includes(`--dport ${hostPort} `) && l.includes(`--to-destination ${containerIp}:80`),
      );
      assert.ok(line, `iptables -t nat -S DOCKER shows no DNAT for port ${hostPort}`);
      assert.ok(dump.backend === 'iptables-nft' || dump.backend === 'iptables-legacy', `backend ${dump.backend}`);
      const rule = dump.rules.find(
        (r: FirewallRule) => r.table === 'nat' && r.chain === 'DOCKER' && r.dport === hostPort,
      );
      assert.ok(rule, `readFirewall shows no nat DOCKER rule for port ${hostPort}`);
      assert.equal(rule.text, line);
      assert.equal(rule.index, before.indexOf(line) + 1);
      assert.equal(rule.target, 'DNAT');
      assert.equal(rule.proto, 'tcp');
      assert.equal(rule.toDestination, `${containerIp}:80`);
      assert.equal(rule.inIface, 'docker0');
      assert.equal(rule.inIfaceNegated, true);
      return;
    }
  });

  it('reads ip_forward as sysctl reports it', async () => {
    const expected = (await runTool('sysctl', ['-n', 'net.ipv4.ip_forward'])).trim() === '1';
    assert.equal(await readIpForward(), expected);
  });
});
