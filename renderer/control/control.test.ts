import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { shQuote, splitWords } from '../../core/common/shell-quote.js';
import { TopologyIndex } from '../../core/common/topology-index.js';
import type { ActionRecord } from '../../core/protocol/commands.js';
import { nodeByLabel, scenarioTopology } from '../graph/scenario.test.js';
import { groupEffect } from './effect-groups.js';
import { commandOf, compact, labelsOf, listOf, optionalNumber, portsOf } from './form-values.js';
import { canvasItems, menuItemsFor } from './menu-items.js';
import { actionScript, quoteValues } from './script-export.js';
import { controlTarget, joinableNetworks } from './targets.js';

const topology = scenarioTopology();
const index = TopologyIndex.of(topology);
const QUESTIONS = new Set(['reach', 'matrix']);
/** The control entries of a menu (the questions come first and are tested on their own). */
const keys = (id: string | null): string[] =>
  menuItemsFor(index, id)
    .map((i) => i.key)
    .filter((k) => !QUESTIONS.has(k));

describe('control targets and menus', () => {
  test('every drawn kind resolves to what a gesture acts on', () => {
    const two = nodeByLabel(topology, 'container', 'nlc-two');
    assert.equal(controlTarget(index, two.id).kind, 'container');
    const fixed = index.networks.find((n) => n.name === 'nlc-fixed');
    assert.ok(fixed);
    assert.equal(controlTarget(index, fixed.id).kind, 'network');
    // The bridge's bar stands for its network; the netns box for its container.
    const bar = controlTarget(index, fixed.bridge);
    assert.equal(bar.kind === 'network' && bar.network.id, fixed.id);
    const c = index.container(two.id);
    assert.ok(c?.netns);
    const box = controlTarget(index, c.netns);
    assert.equal(box.kind === 'container' && box.container.id, two.id);
    // An endpoint and the container-side interface it goes through both mean that endpoint.
    const ep = index.endpointsOf(two.id)[0];
    assert.ok(ep?.interface);
    for (const id of [ep.id, ep.interface]) {
      const t = controlTarget(index, id);
      assert.equal(t.kind, 'endpoint', id);
      assert.equal(t.kind === 'endpoint' && t.network.id, ep.target);
    }
    assert.equal(controlTarget(index, 'no-such-id').kind, 'none');
  });

  test('a running container can be stopped, restarted, connected, disconnected, published and removed', () => {
    const two = nodeByLabel(topology, 'container', 'nlc-two');
    const k = keys(two.id);
    assert.deepEqual(
      k.filter((x) => !x.startsWith('disconnect:')),
      ['stop', 'restart', 'connect', 'publish', 'remove'],
    );
    const nets = index.endpointsOf(two.id).map((e) => `disconnect:${e.target}`);
    assert.deepEqual(
      k.filter((x) => x.startsWith('disconnect:')),
      nets,
    );
    assert.ok(
      joinableNetworks(index, index.container(two.id)!).every((n) => n.driver !== 'host' && n.driver !== 'null'),
    );
  });

  test('a stopped container starts; host, none and shared-namespace containers join no network and publish nothing', () => {
    assert.deepEqual(keys(nodeByLabel(topology, 'container', 'nlc-stopped').id).slice(0, 1), ['start']);
    for (const name of ['nlc-host', 'nlc-none', 'nlc-shared']) {
      const k = keys(nodeByLabel(topology, 'container', name).id);
      assert.ok(!k.includes('connect') && !k.includes('publish'), `${name}: ${k.join(',')}`);
      assert.ok(k.includes('remove'));
    }
  });

  test('every container, the host and the canvas ask Can this reach…? — in read-only mode too, with nothing else', () => {
    for (const name of ['nlc-two', 'nlc-stopped', 'nlc-host', 'nlc-shared']) {
      const c = nodeByLabel(topology, 'container', name);
      for (const control of [true, false]) {
        const items = menuItemsFor(index, c.id, control);
        assert.equal(items[0]?.key, 'reach', name);
        assert.deepEqual(items[0]?.action, { reach: { src: name } });
        if (!control) assert.equal(items.length, 1, `${name} read-only: ${items.map((i) => i.key).join(',')}`);
      }
    }
    const host = index.netns.find((n) => n.host);
    assert.ok(host);
    assert.deepEqual(menuItemsFor(index, host.id, false)[0]?.action, { reach: { src: 'host' } });
    assert.deepEqual(
      menuItemsFor(index, null, false).map((i) => i.key),
      ['matrix'],
    );
    // A network is not a place a packet starts from; nor is the bridge bar standing for it.
    const fixed = index.networks.find((n) => n.name === 'nlc-fixed')!;
    assert.deepEqual(menuItemsFor(index, fixed.id, false), []);
    assert.deepEqual(menuItemsFor(index, fixed.bridge, false), []);
  });

  test('predefined networks cannot be removed; host and none run nothing; the canvas creates', () => {
    const byName = (n: string) => index.networks.find((x) => x.name === n)!.id;
    assert.deepEqual(keys(byName('bridge')), ['run-here']);
    assert.deepEqual(keys(byName('host')), []);
    assert.deepEqual(keys(byName('nlc-fixed')), ['run-here', 'remove']);
    assert.deepEqual(
      canvasItems().map((i) => i.key),
      ['new-network', 'new-container', 'prune'],
    );
    // The host's box (the kernel view) offers what the canvas does.
    const host = topology.nodes.find((n) => n.kind === 'netns' && n.host);
    assert.ok(host);
    assert.deepEqual(keys(host.id), ['new-network', 'new-container', 'prune']);
  });
});

describe('form values', () => {
  test('blank boxes are absent fields; numbers that do not parse stay wrong for the schema to name', () => {
    assert.equal(listOf('  '), undefined);
    assert.deepEqual(listOf('db, cache  web'), ['db', 'cache', 'web']);
    assert.equal(optionalNumber(''), undefined);
    assert.equal(optionalNumber('80'), 80);
    assert.ok(Number.isNaN(optionalNumber('80a')));
    assert.deepEqual(labelsOf('a=1, b = two\nflag'), { a: '1', b: 'two', flag: '' });
    assert.deepEqual(commandOf(' sleep  1d '), ['sleep', '1d']);
    assert.deepEqual(compact({ a: 1, b: undefined, c: false }), { a: 1, c: false });
    assert.deepEqual(
      portsOf([
        { hostIp: '', hostPort: '8080', containerPort: '80', proto: 'tcp' },
        { hostIp: '', hostPort: '', containerPort: '', proto: 'udp' },
      ]),
      [{ hostPort: 8080, containerPort: 80, proto: 'tcp' }],
    );
    assert.equal(portsOf([{ hostIp: '', hostPort: '', containerPort: '', proto: 'tcp' }]), undefined);
  });
});

const record = (over: Partial<ActionRecord>): ActionRecord => ({
  id: 'a1',
  time: '2026-12-01T10:00:00.000Z',
  method: 'network.create',
  params: {},
  cli: [],
  ok: true,
  inverse: null,
  ...over,
});

describe('the replay script', () => {
  const nasty = ['$(touch /tmp/x)', "it's", 'a b', '; reboot', '`id`', 'ünï'];

  test('splitWords reads back every word shQuote wrote', () => {
    for (const w of nasty) assert.deepEqual(splitWords(`docker ${shQuote(w)} x`), ['docker', w, 'x']);
    assert.equal(splitWords('echo $(id)'), null);
  });

  test('every value is single-quoted; commands and flags stay bare', () => {
    assert.equal(
      quoteValues('docker network create --driver bridge --subnet 172.30.0.0/24 lab'),
      "docker network create --driver 'bridge' --subnet '172.30.0.0/24' 'lab'",
    );
    assert.equal(quoteValues(`docker run -d --name ${shQuote("it's")} img`), "docker run -d --name 'it'\\''s' 'img'");
  });

  test('the script replays what worked, in order, and a shell reads it without running anything', () => {
    const script = actionScript(
      [
        record({ id: 'a1', cli: ['docker network create --driver bridge lab'] }),
        record({
          id: 'a2',
          ok: false,
          error: { code: 'conflict', message: 'name\ntaken' },
          cli: ['docker network create lab'],
        }),
        record({
          id: 'a3',
          method: 'container.run',
          cli: [`docker run -d --name ${shQuote('$(touch /tmp/x)')} --network lab busybox`],
        }),
        record({ id: 'a4', method: 'network.disconnect', undoes: 'a0', cli: ['docker network disconnect lab web'] }),
      ],
      { hostname: 'lab-host', exportedAt: '2026-12-01T10:05:00.000Z' },
    );
    const lines = script.split('\n');
    assert.equal(lines[0], '#!/bin/sh');
    assert.ok(lines.includes('set -eu'));
    const commands = lines.filter((l) => l.startsWith('docker '));
    assert.deepEqual(commands, [
      "docker network create --driver 'bridge' 'lab'",
      "docker run -d --name '$(touch /tmp/x)' --network 'lab' 'busybox'",
      "docker network disconnect 'lab' 'web'",
    ]);
    assert.ok(lines.some((l) => l.startsWith('# ') && l.includes('failed (name taken)')));
    // POSIX sh parses it (-n: read, do not run).
    execFileSync('sh', ['-n'], { input: script });
  });
});

describe('effect groups', () => {
  test('kernel changes come first, grouped by change and kind, in a stable order', () => {
    const groups = groupEffect([
      { change: 'added', id: 'e', kind: 'endpoint', label: 'web on lab', where: null },
      { change: 'added', id: 'v2', kind: 'veth', label: 'vethb', where: null },
      { change: 'added', id: 'v1', kind: 'veth', label: 'vetha', where: null },
      { change: 'removed', id: 'r', kind: 'nat-rule', label: '-A DOCKER', where: 'nat' },
    ]);
    assert.deepEqual(
      groups.map((g) => `${g.change} ${g.kind} ${g.items.map((i) => i.label).join('+')}`),
      ['added veth vetha+vethb', 'added endpoint web on lab', 'removed nat-rule -A DOCKER'],
    );
  });
});
