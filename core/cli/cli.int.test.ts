import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { TopologySchema } from '../model/schema.js';
import type { Topology } from '../model/types.js';
import { sh } from '../testkit/test-host.js';
import { EXIT } from './exit-codes.js';

/** The `netloom` command end to end: exit codes, partial access and clear errors. */

const BIN = fileURLToPath(new URL('../../../bin/netloom.js', import.meta.url));

async function netloom(args: string[], env: Record<string, string> = {}, runAs?: number) {
  const cmd = runAs === undefined ? process.execPath : 'setpriv';
  const argv =
    runAs === undefined
      ? [BIN, ...args]
      : [`--reuid=${runAs}`, `--regid=${runAs}`, '--clear-groups', '--inh-caps=-all', process.execPath, BIN, ...args];
  return execa(cmd, argv, { env, reject: false, extendEnv: true });
}

function parse(stdout: string): Topology {
  const t = JSON.parse(stdout) as Topology;
  const r = TopologySchema.safeParse(t);
  assert.ok(r.success, r.success ? '' : JSON.stringify(r.error.issues.slice(0, 3)));
  return t;
}

const noStackTrace = (stderr: string) => assert.doesNotMatch(stderr, /^\s+at /m, `stack trace on stderr:\n${stderr}`);

let tmp: string;
before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'nlt-cli-'));
});
after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('netloom snapshot', () => {
  test('complete read: exit 0, and the engine version agrees with docker version', async () => {
    const r = await netloom(['snapshot', '--json']);
    assert.equal(r.exitCode, EXIT.ok, r.stderr);
    const t = parse(r.stdout);
    const api = (await sh('docker', ['version', '--format', '{{.Server.APIVersion}}'])).trim();
    const version = (await sh('docker', ['version', '--format', '{{.Server.Version}}'])).trim();
    assert.deepEqual(t.host.engine, { version, apiVersion: api });
    assert.equal(t.host.hostname, os.hostname());
    const ipf = (await sh('sysctl', ['-n', 'net.ipv4.ip_forward'], { reject: false })).trim();
    if (ipf) assert.equal(t.host.ipForward, ipf === '1');
  });

  test('text and DOT forms', async () => {
    const text = await netloom(['snapshot']);
    assert.equal(text.exitCode, EXIT.ok, text.stderr);
    assert.match(text.stdout, /Networks/);
    assert.match(text.stdout, /docker0/);
    const dot = await netloom(['snapshot', '--dot']);
    assert.equal(dot.exitCode, EXIT.ok, dot.stderr);
    assert.match(dot.stdout, /^digraph netloom \{/);
  });

  test('no engine: the kernel view still comes out, the docker facet says why, exit 3', async () => {
    const sock = path.join(tmp, 'no-such.sock');
    const r = await netloom(['snapshot', '--json'], { DOCKER_HOST: `unix://${sock}` });
    assert.equal(r.exitCode, EXIT.partial);
    const t = parse(r.stdout);
    assert.equal(t.facets.docker.ok, false);
    assert.match(t.facets.docker.reason ?? '', new RegExp(`${sock.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*not found`));
    assert.equal(t.facets.kernel.ok, true);
    assert.equal(t.host.engine, null);
    assert.equal(t.nodes.filter((n) => n.kind === 'container').length, 0);
    assert.ok(t.nodes.some((n) => n.kind === 'interface' && n.name === 'docker0'));
    assert.match(r.stderr, /^hint: Docker: /m);
    noStackTrace(r.stderr);
  });

  test('no firewall tools on PATH: the firewall facet says so, everything else is read', async () => {
    const empty = path.join(tmp, 'empty-bin');
    await sh('mkdir', ['-p', empty]);
    const r = await netloom(['snapshot', '--json'], { PATH: empty });
    assert.equal(r.exitCode, EXIT.partial, r.stderr);
    const t = parse(r.stdout);
    assert.equal(t.facets.firewall.ok, false);
    assert.match(t.facets.firewall.reason ?? '', /neither iptables-save nor nft found/);
    assert.equal(t.facets.docker.ok, true);
    assert.equal(t.nodes.filter((n) => n.kind === 'nat-rule').length, 0);
    assert.match(r.stderr, /hint: install iptables/);
    noStackTrace(r.stderr);
  });

  test('malformed tool output: an error naming the source, not a stack trace', async () => {
    const fake = path.join(tmp, 'fake-bin');
    await sh('mkdir', ['-p', fake]);
    const script = path.join(fake, 'iptables-save');
    await writeFile(
      script,
      '#!/bin/sh\necho "*nat"\necho ":POSTROUTING ACCEPT [0:0]"\necho "-A POSTROUTING -s 172.17.0.0/16 -j MASQ"\n',
    );
    await chmod(script, 0o755);
    const r = await netloom(['snapshot', '--json'], { PATH: `${fake}:${process.env.PATH}` });
    assert.equal(r.exitCode, EXIT.partial, r.stderr);
    const t = parse(r.stdout);
    assert.equal(t.facets.firewall.ok, false);
    assert.match(t.facets.firewall.reason ?? '', /iptables-save/);
    assert.match(t.facets.firewall.reason ?? '', /COMMIT|truncated/i);
    noStackTrace(r.stderr);
  });

  test('malformed Docker API response: the docker facet names the request', async () => {
    const sock = path.join(tmp, 'bad-engine.sock');
    // A deliberately broken engine: valid /version, nonsense for the container list.
    const server = http.createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      if (req.url?.endsWith('/version'))
        res.end(JSON.stringify({ Version: '99.0', ApiVersion: '1.99', MinAPIVersion: '1.24' }));
      else if (req.url?.includes('/containers/json')) res.end(JSON.stringify({ not: 'a list' }));
      else res.end('[]');
    });
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    try {
      const r = await netloom(['snapshot', '--json'], { DOCKER_HOST: `unix://${sock}` });
      assert.equal(r.exitCode, EXIT.partial, r.stderr);
      const t = parse(r.stdout);
      assert.equal(t.facets.docker.ok, false);
      assert.match(t.facets.docker.reason ?? '', /unexpected output from Docker API GET \/containers\/json/);
      noStackTrace(r.stderr);
    } finally {
      server.close();
    }
  });

  test('without root: partial snapshot, each missing facet says why, hint on stderr', async () => {
    const r = await netloom(['snapshot', '--json'], {}, 65534);
    assert.equal(r.exitCode, EXIT.partial, r.stderr);
    const t = parse(r.stdout);
    assert.equal(t.facets.docker.ok, false);
    assert.match(t.facets.docker.reason ?? '', /permission denied/);
    assert.equal(t.facets.kernel.ok, false);
    assert.match(t.facets.kernel.reason ?? '', /root|not permitted/);
    assert.equal(t.facets.firewall.ok, false);
    // The host's own interfaces need no privilege, and are still there.
    assert.ok(t.nodes.some((n) => n.kind === 'interface' && n.name === 'lo'));
    assert.ok(t.nodes.some((n) => n.kind === 'netns' && n.host));
    assert.match(r.stderr, /^hint: /m);
    noStackTrace(r.stderr);
  });

  test('bad usage: exit 2 with the usage text', async () => {
    for (const args of [
      ['snapshot', '--bogus'],
      ['frobnicate'],
      ['snapshot', '--json', '--dot'],
      ['snapshot', '$(rm -rf /)'],
    ]) {
      const r = await netloom(args);
      assert.equal(r.exitCode, EXIT.usage, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /netloom: /);
      noStackTrace(r.stderr);
    }
  });
});
