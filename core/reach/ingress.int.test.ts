import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Topology } from '../model/types.js';
import { takeSnapshot } from '../snapshot/take-snapshot.js';
import { makeUplink, removeUplink, type Uplink } from '../testkit/fake-uplink.js';
import { cleanupTestResources, createNetwork, docker, runContainer, sh } from '../testkit/test-host.js';
import { reach, type ReachResult } from './reach.js';
import { socketFacts } from './socket-facts.js';

/**
 * From outside, as the model walks it, against a client that really is outside the host's
 * namespaces: a namespace on this machine behind a fake uplink (testkit/fake-uplink.ts),
 * connecting to the host's address on that link. The model's way in is the NIC of the
 * default route; the rules that decide here (`! -i br-…` DNAT, FORWARD, DOCKER) do not
 * name the way in, so a packet by the fake uplink meets the same ones. Nothing leaves the
 * machine: every address the test sends to is the host's on the fake link, or a container's.
 */

const P = 'nli-';
const UP: Uplink = {
  dev: `${P}up`,
  near: '10.214.9.1/24',
  gateway: '10.214.9.2',
  far: '198.51.100.9',
  route: '198.51.100.9/32',
};
const NEAR = '10.214.9.1';
const WAN = `/run/${UP.dev}-wan`;

const explain = (r: ReachResult): string => r.steps.map((s) => `[${s.kind}] ${s.text}`).join('\n');
/** One connect from the far side, as a client out there would. */
const connects = async (address: string, port: number): Promise<boolean> =>
  /OPEN/.test(
    await sh('nsenter', [`--net=${WAN}`, 'sh', '-c', `echo | busybox nc -w 2 ${address} ${port} && echo OPEN`], {
      reject: false,
    }),
  );
const pings = async (address: string): Promise<boolean> =>
  /1 packets received/.test(
    await sh('nsenter', [`--net=${WAN}`, 'busybox', 'ping', '-c', '1', '-W', '1', address], { reject: false }),
  );

let t: Topology;

describe(
  'from outside: published ports and the rest, against a client behind a fake uplink',
  { timeout: 120_000 },
  () => {
    before(async () => {
      await cleanupTestResources(P);
      await removeUplink(UP.dev);
      await makeUplink(UP);
      await createNetwork(`${P}a`, ['--subnet', '10.214.1.0/24']);
      const httpd = ['httpd', '-f', '-p', '80', '-h', '/'];
      await runContainer(`${P}web`, ['--network', `${P}a`, '-p', '18492:80'], httpd);
      await runContainer(`${P}lo`, ['--network', `${P}a`, '-p', '127.0.0.1:18493:80'], httpd);
      await runContainer(`${P}a1`, ['--network', `${P}a`], httpd);
      // The far side knows the way to the containers' subnet: by the host, as a LAN router might.
      await sh('nsenter', [`--net=${WAN}`, 'ip', 'route', 'add', '10.214.1.0/24', 'via', NEAR]);
      t = (await takeSnapshot({})).topology;
    });
    after(async () => {
      await cleanupTestResources(P);
      await removeUplink(UP.dev);
    });

    const ask = async (dst: string, proto: 'icmp' | 'tcp', port: number | null): Promise<ReachResult> => {
      const q = { src: 'outside', dst, proto, port };
      const first = reach(t, q);
      const landing = first.steps.find((s) => s.kind === 'listen-unknown')?.element;
      return landing ? reach(t, q, await socketFacts(t, [landing])) : first;
    };

    test('a published port: DNAT in PREROUTING, FORWARD into the bridge, something listens — and the far side connects', async () => {
      const r = await ask(`${P}web`, 'tcp', 80);
      assert.equal(r.verdict, 'reachable', explain(r));
      assert.deepEqual(
        r.steps
          .map((s) => s.kind)
          .filter((k) => ['published', 'inbound', 'dnat', 'host-route', 'deliver', 'listens'].includes(k)),
        ['published', 'inbound', 'dnat', 'host-route', 'deliver', 'listens'],
      );
      assert.equal(await connects(NEAR, 18492), true);
    });

    test('published on 127.0.0.1 only: out of reach from outside, and the far side cannot connect', async () => {
      const r = await ask(`${P}lo`, 'tcp', 80);
      assert.equal(r.verdict, 'no-route', explain(r));
      assert.ok(r.steps.some((s) => s.kind === 'published-loopback'));
      assert.equal(await connects(NEAR, 18493), false);
    });

    test('a container that publishes nothing, asked for directly: FORWARD drops it, and so does the kernel', async () => {
      const a1 = (
        await docker('inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', `${P}a1`)
      ).trim();
      for (const [proto, port] of [
        ['icmp', null],
        ['tcp', 80],
      ] as const) {
        const r = await ask(`${P}a1`, proto, port);
        assert.equal(r.verdict, 'blocked', explain(r));
        assert.equal(r.address, a1);
      }
      assert.equal(await pings(a1), false);
      assert.equal(await connects(a1, 80), false);
    });

    test('the probe is refused from outside: nothing is sent', async () => {
      const { execa } = await import('execa');
      const { join } = await import('node:path');
      const { repoRoot } = await import('../util/repo-root.js');
      const run = await execa(
        process.execPath,
        [
          join(repoRoot(), 'bin', 'netloom.js'),
          'reach',
          'outside',
          `${P}web`,
          '--proto',
          'tcp',
          '--port',
          '80',
          '--probe',
        ],
        { reject: false },
      );
      assert.equal(run.exitCode, 2);
      assert.match(run.stderr, /cannot send from outside/);
    });
  },
);
