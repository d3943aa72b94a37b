import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from '../util/repo-root.js';
import { parseNftTraceLine, summariseNft } from './nft-trace.js';

const lines = readFileSync(join(repoRoot(), 'fixtures', 'firewall', 'nft-monitor-trace.txt'), 'utf8').split('\n');

describe('nft monitor trace, captured', () => {
  test('the walk through the hooks, with Netloom’s own marking left out, to the isolation drop', () => {
    const t = summariseNft(lines);
    assert.ok(t.hits.every((h) => h.table !== 'netloom_trace'));
    assert.deepEqual(
      t.hits.filter((h) => h.table === 'filter').map((h) => `${h.chain} ${h.verdict}`),
      [
        'FORWARD JUMP:DOCKER-USER',
        'DOCKER-USER RETURN',
        'FORWARD JUMP:DOCKER-ISOLATION-STAGE-1',
        'DOCKER-ISOLATION-STAGE-1 JUMP:DOCKER-ISOLATION-STAGE-2',
        'DOCKER-ISOLATION-STAGE-2 DROP',
      ],
    );
    // Counters and handles are left out, as the model's nft texts leave them out.
    assert.deepEqual(t.deciding, {
      table: 'filter',
      chain: 'DOCKER-ISOLATION-STAGE-2',
      what: 'rule',
      verdict: 'DROP',
      text: 'oifname "br-322684e1606e" drop',
    });
    assert.equal(
      t.hits.find((h) => h.chain === 'DOCKER-ISOLATION-STAGE-1')?.text,
      'iifname "br-8a1ec8f46c3c" oifname != "br-8a1ec8f46c3c" jump DOCKER-ISOLATION-STAGE-2',
    );
    assert.deepEqual(
      t.hits.filter((h) => h.what === 'policy').map((h) => `${h.table}:${h.chain}`),
      ['raw:PREROUTING', 'nat:PREROUTING'],
    );
  });

  test('packet lines and noise are no hits; an accept without a drop decides last', () => {
    assert.equal(parseNftTraceLine('trace id dd687166 ip raw PREROUTING packet: iif "br-x" ip saddr 1.2.3.4'), null);
    assert.equal(parseNftTraceLine(''), null);
    const t = summariseNft([
      'trace id 1 ip filter FORWARD rule iifname "br-a" oifname "br-a" accept # handle 3 (verdict accept)',
      'trace id 2 ip filter INPUT policy accept',
    ]);
    assert.equal(t.deciding?.text, 'iifname "br-a" oifname "br-a" accept');
  });
});
