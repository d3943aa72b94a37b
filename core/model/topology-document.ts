import type { z } from 'zod';
import { DocumentFieldsSchema } from './document-schema.js';
import { TopologySchema } from './schema.js';
import { TOPOLOGY_SCHEMA, type Topology } from './types.js';

/**
 * Reading a saved topology document: what `netloom snapshot --json` prints and what the
 * UI's Export → JSON saves. Both are the same `netloom.topology/v1` document (an export
 * holds only what was on screen, so it may name elements it does not contain). Pure: the
 * CLI and the renderer share it.
 */

/** Larger files are refused before they are read: a real host's document is a few MB. */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

/** Why a document cannot be opened; `describeProblem` words it, the UI translates it. */
export type DocumentProblem =
  | { kind: 'too-large'; bytes: number; limit: number }
  | { kind: 'empty' }
  | { kind: 'not-json'; detail: string }
  | { kind: 'not-topology' }
  | { kind: 'schema-version'; found: string }
  | { kind: 'invalid'; path: string; message: string }
  | { kind: 'duplicate-id'; id: string };

export type DocumentResult = { ok: true; topology: Topology } | { ok: false; problem: DocumentProblem };

const fail = (problem: DocumentProblem): DocumentResult => ({ ok: false, problem });

/** The size check, apart from parsing, so a caller can refuse a file before reading it. */
export function checkDocumentSize(bytes: number, limit = MAX_DOCUMENT_BYTES): DocumentProblem | null {
  return bytes > limit ? { kind: 'too-large', bytes, limit } : null;
}

/** A zod issue path as a reader finds it in the file: `nodes[3].addresses[0]`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out === '' ? '(document)' : out;
}

/** What a broken element is, for the message: `nodes[3] (container:ab…)`. */
function elementHint(doc: Record<string, unknown>, path: readonly PropertyKey[]): string {
  const [list, index] = path;
  if ((list !== 'nodes' && list !== 'edges') || typeof index !== 'number') return '';
  const el = (doc[list] as unknown[] | undefined)?.[index] as { id?: unknown } | undefined;
  return typeof el?.id === 'string' && path.length > 2 ? ` (${el.id})` : '';
}

function invalid(doc: Record<string, unknown>, issue: z.core.$ZodIssue | undefined): DocumentProblem {
  const path = issue?.path ?? [];
  return {
    kind: 'invalid',
    path: formatIssuePath(path) + elementHint(doc, path),
    message: issue?.message ?? 'invalid',
  };
}

/** Parses and checks one document's text. */
export function parseTopologyDocument(text: string, limit = MAX_DOCUMENT_BYTES): DocumentResult {
  // Characters, not bytes: a cheap second guard for callers that did not check the size.
  const tooLarge = checkDocumentSize(text.length, limit);
  if (tooLarge) return fail(tooLarge);
  // Editors on some systems save a byte-order mark; JSON.parse refuses it.
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return fail({ kind: 'empty' });
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (err) {
    return fail({ kind: 'not-json', detail: err instanceof Error ? err.message : String(err) });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return fail({ kind: 'not-topology' });
  const record = doc as Record<string, unknown>;
  const schema = record.schema;
  if (typeof schema !== 'string' || !schema.startsWith('netloom.topology/')) return fail({ kind: 'not-topology' });
  if (schema !== TOPOLOGY_SCHEMA) return fail({ kind: 'schema-version', found: schema });
  // Ids, kinds and references first (the protocol's checks), then the fields a file must
  // carry besides; the first issue names the place in the file.
  const checked = TopologySchema.safeParse(doc);
  if (!checked.success) return fail(invalid(record, checked.error.issues[0]));
  const complete = DocumentFieldsSchema.safeParse(doc);
  if (!complete.success) return fail(invalid(record, complete.error.issues[0]));
  // Between them the two schemas check every field of types.ts.
  const topology = checked.data as unknown as Topology;
  // The graph keys everything by id: two elements with one id cannot both be drawn. An id
  // that is referred to but absent is fine (an export of a filtered view leaves some out).
  const duplicate = firstDuplicate([...topology.nodes, ...topology.edges]);
  if (duplicate !== null) return fail({ kind: 'duplicate-id', id: duplicate });
  return { ok: true, topology };
}

function firstDuplicate(elements: readonly { id: string }[]): string | null {
  const seen = new Set<string>();
  for (const { id } of elements) {
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return null;
}

const mb = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** One English sentence for the CLI and logs. */
export function describeProblem(p: DocumentProblem): string {
  switch (p.kind) {
    case 'too-large':
      return `the file is ${mb(p.bytes)}, more than the ${mb(p.limit)} a topology document may be`;
    case 'empty':
      return 'the file is empty';
    case 'not-json':
      return `not JSON (${p.detail})`;
    case 'not-topology':
      return `not a Netloom topology document (no "schema": "${TOPOLOGY_SCHEMA}")`;
    case 'schema-version':
      return `schema "${p.found}" is not supported; this Netloom reads "${TOPOLOGY_SCHEMA}"`;
    case 'invalid':
      return `${p.path}: ${p.message}`;
    case 'duplicate-id':
      return `two elements share the id ${p.id}`;
  }
}
