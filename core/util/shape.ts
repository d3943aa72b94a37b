/**
 * Checks that a tool's or an API's JSON has the shape a parser reads, keeping only the
 * keys it declares. The sources read on every snapshot (the Engine API, netloom-nsdump,
 * ip -j) are checked with these instead of zod: importing zod and building its schemas
 * took ~60 ms of a ~180 ms `netloom snapshot`, more than the reads it checked. zod stays
 * where a schema is the contract (the topology document, the protocol).
 */

/** A check: the value in the declared shape, or a thrown ShapeError. */
export type Shape<T> = (value: unknown) => T;
export type Infer<S> = S extends Shape<infer T> ? T : never;

/** Where in the value the first misfit is (keys and indexes) and what was expected there. */
export class ShapeError extends Error {
  readonly path: (string | number)[] = [];
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'ShapeError';
  }
  /** "a.0.b" or "" at the root. */
  get where(): string {
    return this.path.join('.');
  }
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function misfit(expected: string, v: unknown): ShapeError {
  return new ShapeError(`expected ${expected}, received ${kindOf(v)}`);
}

/** Runs a child check, naming where it failed. */
function at<T>(key: string | number, shape: Shape<T>, v: unknown): T {
  try {
    return shape(v);
  } catch (err) {
    if (err instanceof ShapeError) err.path.unshift(key);
    throw err;
  }
}

export const string: Shape<string> = (v) => {
  if (typeof v !== 'string') throw misfit('string', v);
  return v;
};
export const number: Shape<number> = (v) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw misfit('number', v);
  return v;
};
export const int: Shape<number> = (v) => {
  if (!Number.isInteger(v)) throw misfit('integer', v);
  return v as number;
};
export const nonNegativeInt: Shape<number> = (v) => {
  if (!Number.isInteger(v) || (v as number) < 0) throw misfit('non-negative integer', v);
  return v as number;
};
export const boolean: Shape<boolean> = (v) => {
  if (typeof v !== 'boolean') throw misfit('boolean', v);
  return v;
};
export const unknown: Shape<unknown> = (v) => v;

export const optional =
  <T>(shape: Shape<T>): Shape<T | undefined> =>
  (v) =>
    v === undefined ? undefined : shape(v);
export const nullable =
  <T>(shape: Shape<T>): Shape<T | null> =>
  (v) =>
    v === null ? null : shape(v);
export const nullish =
  <T>(shape: Shape<T>): Shape<T | null | undefined> =>
  (v) =>
    v === null || v === undefined ? v : shape(v);

/** The first shape that fits; the misfit of the last otherwise. */
export const either =
  <A, B>(a: Shape<A>, b: Shape<B>): Shape<A | B> =>
  (v) => {
    try {
      return a(v);
    } catch (err) {
      if (!(err instanceof ShapeError)) throw err;
      return b(v);
    }
  };

export const map =
  <T, U>(shape: Shape<T>, fn: (t: T) => U): Shape<U> =>
  (v) =>
    fn(shape(v));

export const array =
  <T>(item: Shape<T>): Shape<T[]> =>
  (v) => {
    if (!Array.isArray(v)) throw misfit('array', v);
    const out = new Array<T>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = at(i, item, v[i]);
    return out;
  };

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** An object with string keys, every value of one shape. */
export const record =
  <T>(value: Shape<T>): Shape<Record<string, T>> =>
  (v) => {
    if (!isPlainObject(v)) throw misfit('object', v);
    const out: Record<string, T> = {};
    for (const k of Object.keys(v)) out[k] = at(k, value, v[k]);
    return out;
  };

type Props = Record<string, Shape<unknown>>;
type OptionalKeys<P extends Props> = { [K in keyof P]: undefined extends Infer<P[K]> ? K : never }[keyof P];
type Flatten<T> = { [K in keyof T]: T[K] };
export type ObjectOf<P extends Props> = Flatten<
  { [K in Exclude<keyof P, OptionalKeys<P>>]: Infer<P[K]> } & { [K in OptionalKeys<P>]?: Infer<P[K]> }
>;

/** An object with the declared keys, unknown keys dropped (sources add fields between versions). */
export function object<P extends Props>(props: P): Shape<ObjectOf<P>> {
  const keys = Object.keys(props);
  return (v) => {
    if (!isPlainObject(v)) throw misfit('object', v);
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const checked = at(k, props[k] as Shape<unknown>, v[k]);
      if (checked !== undefined || k in v) out[k] = checked;
    }
    return out as ObjectOf<P>;
  };
}

/** The value in shape, or the first misfit as { where, detail }. */
export function check<T>(
  shape: Shape<T>,
  value: unknown,
): { ok: true; value: T } | { ok: false; where: string; detail: string } {
  try {
    return { ok: true, value: shape(value) };
  } catch (err) {
    if (err instanceof ShapeError) return { ok: false, where: err.where, detail: err.detail };
    throw err;
  }
}
