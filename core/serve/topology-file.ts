import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { checkDocumentSize, describeProblem, parseTopologyDocument } from '../model/topology-document.js';
import type { Topology } from '../model/types.js';
import type { TopologySource } from '../protocol/server.js';

export type OpenedFile = { ok: true; topology: Topology; name: string } | { ok: false; message: string };

function ioReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return err instanceof Error ? err.message : String(err);
}

/** Reads and checks a saved topology document; the message names the file and what is wrong. */
export async function openTopologyFile(path: string): Promise<OpenedFile> {
  const failed = (why: string): OpenedFile => ({ ok: false, message: `cannot open ${path}: ${why}` });
  let text: string;
  try {
    const info = await stat(path);
    if (info.isDirectory()) return failed('it is a directory');
    const tooLarge = checkDocumentSize(info.size);
    if (tooLarge) return failed(describeProblem(tooLarge));
    text = await readFile(path, 'utf8');
  } catch (err) {
    return failed(ioReason(err));
  }
  const parsed = parseTopologyDocument(text);
  if (!parsed.ok) return failed(describeProblem(parsed.problem));
  return { ok: true, topology: parsed.topology, name: basename(path) };
}

/** A topology that never changes: one snapshot for every subscriber, never a delta. */
export function fixedTopologySource(topology: Topology): TopologySource {
  return {
    current: () => ({ type: 'snapshot', seq: 0, topology }),
    subscribe: () => () => {},
  };
}
