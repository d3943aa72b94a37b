import assert from 'node:assert/strict';
import { startLiveTopology, type LiveOptions, type LiveTopology } from '../live/live-topology.js';
import type { RawHost } from '../model/raw-host.js';
import type { DeltaMessage } from '../protocol/messages.js';
import type { FakeWorld } from './fake-live-deps.js';
import { fixtureJson } from './fixtures.js';

/** The live core's unit tests' shared ground: the captured host, a started core, its reads. */

export const captured = (): RawHost => fixtureJson<RawHost>('host/scenario-raw.json');
/** nlc-two, on two networks. */
export const TWO = 'e30ae3c250db';
export const idOf = (raw: RawHost, prefix: string): string =>
  raw.docker?.containers.find((c) => c.id.startsWith(prefix))?.id ?? '';

export interface Started {
  live: LiveTopology;
  deltas: DeltaMessage[];
  logs: string[];
}

/** A live core over the fake world, collecting its deltas and log lines. */
export async function start(w: FakeWorld, options: LiveOptions = {}): Promise<Started> {
  const logs: string[] = [];
  const live = await startLiveTopology(
    { pollMs: 2000, resyncMs: 300_000, log: (l) => logs.push(l), ...options },
    w.deps,
  );
  const deltas: DeltaMessage[] = [];
  live.subscribe((m) => {
    if (m.type === 'delta') deltas.push(m);
  });
  return { live, deltas, logs };
}

export const partials = (w: FakeWorld) => w.readers.reads.filter((r) => r.kind === 'partial');
export const fulls = (w: FakeWorld) => w.readers.reads.filter((r) => r.kind === 'full');

/** A host whose firewall has one more rule than the captured one. */
export function withExtraRule(raw: RawHost): RawHost {
  const fw = raw.firewall;
  assert.ok(fw);
  const masquerade = fw.rules.find((r) => r.table === 'nat' && r.target === 'MASQUERADE');
  assert.ok(masquerade);
  const rule = { ...masquerade, index: 999, source: '10.249.0.0/24' };
  rule.text = `-A ${rule.chain} -s 10.249.0.0/24 -j MASQUERADE`;
  return { ...raw, firewall: { ...fw, rules: [...fw.rules, rule] } };
}
