/**
 * Writing the result: the text of JSON.stringify(value, null, 2) produced in
 * pieces, so that a large result is never one giant string, and written with
 * back-pressure, reporting the stream's error instead of throwing it later.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

const GAP = '  ';

interface ArrayFrame {
  readonly kind: 'array';
  readonly value: readonly unknown[];
  readonly indent: string;
  next: number;
}

interface ObjectFrame {
  readonly kind: 'object';
  readonly value: Record<string, unknown>;
  readonly keys: readonly string[];
  readonly indent: string;
  next: number;
  written: number;
}

type Frame = ArrayFrame | ObjectFrame;

/** What JSON.stringify does to a value before writing it: toJSON, then boxed primitives unboxed. */
function prepare(value: unknown, key: string): unknown {
  let v = value;
  if (typeof v === 'object' && v !== null) {
    const toJSON: unknown = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') v = (toJSON as (this: unknown, key: string) => unknown).call(v, key);
  }
  if (v instanceof Number) return Number(v);
  if (v instanceof String) return String(v);
  if (v instanceof Boolean || v instanceof BigInt) return v.valueOf();
  return v;
}

/** Values JSON.stringify leaves out of objects (and writes as null in arrays). */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** JSON.stringify of a primitive (prepared: not omitted, not an object). */
function primitive(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return JSON.stringify(v);
}

/**
 * Whether JSON.stringify(v) may be used for the whole of `v`: a plain array or
 * plain object (no toJSON of its own) whose members are all primitives, so its
 * text is as long as theirs and no toJSON is called on the way.
 */
function flat(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  if (Array.isArray(v)) {
    if (proto !== Array.prototype || 'toJSON' in v) return false;
    for (const x of v) if (typeof x === 'object' && x !== null) return false;
    return true;
  }
  if ((proto !== Object.prototype && proto !== null) || 'toJSON' in v) return false;
  const o = v as Record<string, unknown>;
  for (const k in o) {
    const x = o[k];
    if (typeof x === 'object' && x !== null) return false;
  }
  return true;
}

const quoted = new Map<string, string>();
/** JSON.stringify(key), remembered: results repeat the same few keys. */
function quote(key: string): string {
  let q = quoted.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (quoted.size < 4096) quoted.set(key, q);
  }
  return q;
}

/**
 * The text of JSON.stringify(value, null, 2), in pieces of about `pieceChars`
 * characters (their concatenation is exactly that text). Throws as
 * JSON.stringify does on a cycle or a BigInt. `value` must not be omitted
 * (undefined, a function or a symbol).
 */
export function* jsonPieces(value: unknown, pieceChars = 1 << 16): Generator<string, void, undefined> {
  let buf = '';
  const stack: Frame[] = [];
  const open = new Set<object>();

  // Writes a prepared value: a primitive at once; a container whose members are
  // all primitives through JSON.stringify itself (its text is bounded by theirs);
  // any other container by pushing a frame.
  const begin = (v: unknown, indent: string): void => {
    if (typeof v !== 'object' || v === null) {
      buf += primitive(v);
      return;
    }
    if (open.has(v)) throw new TypeError('Converting circular structure to JSON');
    if (flat(v)) {
      const text = JSON.stringify(v, null, GAP);
      buf += indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
      return;
    }
    if (Array.isArray(v)) {
      buf += '[';
      open.add(v);
      stack.push({ kind: 'array', value: v, indent, next: 0 });
      return;
    }
    const o = v as Record<string, unknown>;
    buf += '{';
    open.add(o);
    stack.push({ kind: 'object', value: o, keys: Object.keys(o), indent, next: 0, written: 0 });
  };

  const first = prepare(value, '');
  if (omitted(first)) throw new TypeError('the value has no JSON text');
  begin(first, '');
  if (buf.length >= pieceChars) {
    yield buf;
    buf = '';
  }
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    const inner = f.indent + GAP;
    if (f.kind === 'array') {
      if (f.next < f.value.length) {
        const i = f.next++;
        buf += `${i === 0 ? '' : ','}\n${inner}`;
        const v = prepare(f.value[i], String(i));
        if (omitted(v)) buf += 'null';
        else begin(v, inner);
      } else {
        stack.pop();
        open.delete(f.value);
        buf += `\n${f.indent}]`;
      }
    } else if (f.next < f.keys.length) {
      const key = f.keys[f.next++]!;
      const v = prepare(f.value[key], key);
      if (!omitted(v)) {
        buf += `${f.written === 0 ? '' : ','}\n${inner}${quote(key)}: `;
        f.written++;
        begin(v, inner);
      }
    } else {
      stack.pop();
      open.delete(f.value);
      buf += f.written === 0 ? '}' : `\n${f.indent}}`;
    }
    if (buf.length >= pieceChars) {
      yield buf;
      buf = '';
    }
  }
  if (buf.length > 0) yield buf;
}

/**
 * Writes the pieces to `out` in order, waiting for 'drain' when its buffer is
 * full. Resolves once the last piece has been handed to the system; rejects
 * with the stream's error (EPIPE, ENOSPC, …) at the first failure. Leaves an
 * 'error' listener on `out`, so a late error is never an uncaught exception.
 */
export async function writePieces(out: Writable, pieces: Iterable<string>): Promise<void> {
  let failure: Error | undefined;
  out.on('error', (e: Error) => {
    failure ??= e;
  });
  let last: Promise<void> = Promise.resolve();
  for (const piece of pieces) {
    const errored = failure ?? out.errored;
    if (errored) throw errored;
    let ok = true;
    last = new Promise<void>((resolve, reject) => {
      try {
        ok = out.write(piece, (e) => (e ? reject(e) : resolve()));
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    // Consumed below or by the next failure check; never an unhandled rejection.
    last.catch((e: unknown) => {
      failure ??= e instanceof Error ? e : new Error(String(e));
    });
    if (!ok && !failure) {
      await Promise.race([once(out, 'drain'), last.then(() => new Promise<never>(() => {}))]);
    }
  }
  await last;
  if (failure) throw failure;
}
