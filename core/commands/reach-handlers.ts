import type { ProtocolServer, TopologySource } from '../protocol/server.js';
import { diagnose, testDiagnosis, type Diagnosis } from '../reach/diagnose.js';
import { reachMatrix } from '../reach/matrix.js';
import { UnknownPlace } from '../reach/places.js';
import { ProbeRefused } from '../reach/probe.js';
import { socketFacts } from '../reach/socket-facts.js';
import { badRequest } from './errors.js';

export interface ReachHandlerOptions {
  /** This host, live: its sockets can be read and probed. False for a saved file. */
  live: boolean;
  log: (line: string) => void;
}

/**
 * The diagnosis methods (docs/protocol.md): reach.check and reach.matrix on any source,
 * reach.probe on a live host (the server refuses it while control is off).
 */
export function registerReach(server: ProtocolServer, source: TopologySource, o: ReachHandlerOptions): void {
  const ask = async (p: Parameters<typeof diagnose>[1]): Promise<Diagnosis> => {
    try {
      return await diagnose(source.current().topology, p, o.live);
    } catch (err) {
      // The walk names which end it could not find; anything else is no bad request.
      if (err instanceof UnknownPlace) throw badRequest(err.end, 'not-found', err.message);
      throw err;
    }
  };
  // One probe at a time: each trace clears stale trace rules as it starts.
  let queue: Promise<unknown> = Promise.resolve();
  server.handle('reach.check', (p) => ask({ ...p, port: p.port ?? null }));
  server.handle('reach.probe', async (p) => {
    const diagnosis = await ask({ src: p.src, dst: p.dst, proto: p.proto, port: p.port ?? null, by: p.by });
    const run = queue.then(() => testDiagnosis(source.current().topology, diagnosis, p.trace === true));
    queue = run.catch(() => undefined);
    try {
      const tested = await run;
      // A disagreement is logged as well as shown: the model or the kernel is wrong somewhere.
      if (!tested.agrees || tested.traceAgrees === false)
        o.log(
          `reach: ${p.src} → ${p.dst} ${p.proto}${p.port ? `:${p.port}` : ''}: predicted ${diagnosis.verdict}` +
            ` (${tested.predictedRule ?? 'no rule'}), probe ${tested.probe.verdict}` +
            (tested.trace ? `, trace decided by ${tested.trace.deciding?.text ?? 'nothing traced'}` : ''),
        );
      return { diagnosis, tested };
    } catch (err) {
      if (err instanceof ProbeRefused) throw badRequest('dst', 'not-probeable', err.message);
      throw err;
    }
  });
  server.handle('reach.matrix', async (p) => {
    const topology = source.current().topology;
    const port = p?.port ?? null;
    const facts =
      port === null || !o.live
        ? {}
        : await socketFacts(
            topology,
            topology.nodes.filter((n) => n.kind === 'netns').map((n) => n.id),
          );
    return reachMatrix(topology, port, facts);
  });
}
