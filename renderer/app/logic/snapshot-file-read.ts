import {
  checkDocumentSize,
  MAX_DOCUMENT_BYTES,
  parseTopologyDocument,
  type DocumentProblem,
} from '../../../core/model/topology-document.js';
import { TOPOLOGY_SCHEMA, type Topology } from '../../../core/model/types.js';
import type { FileProblem } from '../../store/snapshot-file.js';
import type { Translate } from './translate.js';

/** What the picker and a drop hand over: a browser File, or a stand-in in tests. */
export interface FileLike {
  readonly name: string;
  readonly size: number;
  text(): Promise<string>;
}

export type FileReadResult = { ok: true; topology: Topology } | { ok: false; problem: FileProblem };

/** Checks the size first (a huge file is never read into memory), then the document. */
export async function readSnapshotFile(file: FileLike, limit = MAX_DOCUMENT_BYTES): Promise<FileReadResult> {
  const tooLarge = checkDocumentSize(file.size, limit);
  if (tooLarge) return { ok: false, problem: tooLarge };
  let text: string;
  try {
    text = await file.text();
  } catch (err) {
    return { ok: false, problem: { kind: 'unreadable', detail: err instanceof Error ? err.message : String(err) } };
  }
  return parseTopologyDocument(text, limit);
}

const mb = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** The problem in the reader's language; paths, ids and the schema's own words stay as in the file. */
export function problemText(p: FileProblem | DocumentProblem, t: Translate): string {
  switch (p.kind) {
    case 'too-large':
      return t('snapshot.problem.tooLarge', { size: mb(p.bytes), limit: mb(p.limit) });
    case 'empty':
      return t('snapshot.problem.empty');
    case 'not-json':
      return t('snapshot.problem.notJson', { detail: p.detail });
    case 'not-topology':
      return t('snapshot.problem.notTopology', { schema: TOPOLOGY_SCHEMA });
    case 'schema-version':
      return t('snapshot.problem.schemaVersion', { found: p.found, schema: TOPOLOGY_SCHEMA });
    case 'invalid':
      return t('snapshot.problem.invalid', { path: p.path, message: p.message });
    case 'duplicate-id':
      return t('snapshot.problem.duplicateId', { id: p.id });
    case 'unreadable':
      return t('snapshot.problem.unreadable', { detail: p.detail });
  }
}

/** The capture time in the reader's zone, with the zone named (a file travels between zones). */
export function capturedTime(iso: string, language: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(at);
}
