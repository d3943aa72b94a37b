import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import type { Topology } from '../model/types.js';
import { applyStreamMessage, emptyStreamState } from '../protocol/apply.js';
import type { StreamMessage } from '../protocol/messages.js';
import { parseServerMessage } from '../protocol/schema.js';
import { cleanupTestResources, createNetwork, docker, runContainer } from '../testkit/test-host.js';

/** `netloom watch` as scripts use it: NDJSON lines that replay into a fresh snapshot. */

const P = 'nlw-';
const BIN = fileURLToPath(new URL('../../../bin/netloom.js', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const comparable = (t: Topology) => ({
  ...t,
  capturedAt: '',
  nodes: [...t.nodes].sort((a, b) => a.id.localeCompare(b.id)),
  edges: [...t.edges].sort((a, b) => a.id.localeCompare(b.id)),
});

describe('netloom watch', { timeout: 120_000 }, () => {
  let child: ResultPromise;
  const lines: StreamMessage[] = [];
  let lastLineAt = Date.now();

  before(async () => {
    await cleanupTestResources(P);
    child = execa(process.execPath, [BIN, 'watch'], { buffer: false, reject: false, stderr: 'ignore' });
    let pending = '';
    child.stdout?.on('data', (c: Buffer) => {
      pending += c.toString();
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const parsed = parseServerMessage(JSON.parse(pending.slice(0, nl)));
        assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
        lines.push(parsed.message as StreamMessage);
        lastLineAt = Date.now();
        pending = pending.slice(nl + 1);
      }
    });
    while (lines.length === 0) await sleep(50);
  });

  after(async () => {
    child?.kill('SIGINT');
    await cleanupTestResources(P);
  });

  test('lines replay into what a fresh snapshot reports', async () => {
    await createNetwork(`${P}net`);
    await runContainer(`${P}one`, ['--network', `${P}net`, '-p', '18580:80']);
    await runContainer(`${P}two`, []);
    await docker('network', 'connect', `${P}net`, `${P}two`);
    await docker('rm', '-f', `${P}one`);
    for (let i = 0; i < 100 && Date.now() - lastLineAt < 2500; i++) await sleep(100);
    while (Date.now() - lastLineAt < 2500) await sleep(100);

    assert.equal(lines[0]?.type, 'snapshot');
    lines.forEach((l, i) => assert.equal(l.seq, (lines[0]?.seq ?? 0) + i, 'seq grows by one per line'));
    let state = emptyStreamState();
    for (const l of lines) {
      const r = applyStreamMessage(state, l);
      assert.equal(r.outcome, 'applied');
      state = r.state;
    }
    const fresh = await execa(process.execPath, [BIN, 'snapshot', '--json']);
    assert.deepEqual(comparable(state.topology as Topology), comparable(JSON.parse(fresh.stdout) as Topology));
    assert.ok(state.topology?.nodes.some((n) => n.kind === 'container' && n.name === `${P}two`));
  });

  test('SIGINT ends it cleanly with exit 0', async () => {
    child.kill('SIGINT');
    const r = await child;
    assert.equal(r.exitCode, 0);
  });
});
