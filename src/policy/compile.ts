/**
 * Merges the documents of one region into one dated parameter tree, and
 * resolves that tree at a date. Pure: the files are read elsewhere.
 *
 * Where two documents of a region give the same parameter, the later entry
 * governs from its start date and the earlier one up to the day before
 * (seeds/README.md: "the later one governs from its start date"). Two
 * entries starting on the same day, or an explicit `until` reaching past the
 * next entry's start, are overlaps and rejected.
 */
import { PolicyFileError, YibaoError } from '../engine/errors.js';
import type { PolicyDocument, RegionId, SchemePolicy, SchemeId } from './schema.js';

interface RawEntry<V> {
  from?: string | undefined;
  until?: string | undefined;
  article: string;
  value: V;
  note?: string | undefined;
}

/** One entry of a compiled parameter: its value in force from `from` to `until` (inclusive). */
export interface DatedEntry<V> {
  from: string;
  until: string | undefined;
  article: string;
  value: V;
  note: string | undefined;
  /** Document number, e.g. 沧政规〔2024〕1号. */
  doc: string;
  file: string;
  /** The value as the file writes it (yuan, percentages), where the file's YAML was kept: for people to read. */
  written?: unknown;
}
export type Dated<V> = DatedEntry<V>[];

/** A parameter tree with every parameter compiled to dated entries. */
export type Compiled<T> = T extends RawEntry<infer V>[]
  ? Dated<V>
  : T extends object
    ? { [K in keyof T]: Compiled<T[K]> }
    : T;

/** The value in force and its full citation. */
export interface InForce<V> {
  value: V;
  /** Document and article, e.g. 沧政规〔2024〕1号 第七十三条. */
  source: string;
  /** The document number alone, for citing rules inside a list value. */
  doc: string;
}
export type Resolved<T> = T extends Dated<infer V> ? InForce<V> : T extends object ? { [K in keyof T]: Resolved<T[K]> } : T;

export interface RegionPolicy {
  region: RegionId;
  name: string;
  documents: { id: string; title: string; file: string; from: string; until: string | undefined }[];
  schemes: Partial<Record<SchemeId, Compiled<SchemePolicy>>>;
}

export interface LoadedDocument {
  file: string;
  doc: PolicyDocument;
  /** The file's YAML as written, before validation (optional: the values people read). */
  written?: unknown;
}

export function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function minDate(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}

type Tree = { [key: string]: Tree | RawEntry<unknown>[] | undefined };

/** Merges one region's documents. Throws PolicyFileError naming the file and key. */
export function compileRegion(region: RegionId, loaded: LoadedDocument[]): RegionPolicy {
  const params = new Map<string, DatedEntry<unknown>[]>();

  for (const { file, doc, written } of loaded) {
    const meta = doc.document;
    if (meta.region !== region) throw new PolicyFileError(file, 'document.region', `is ${meta.region}, file is under ${region}`);
    const docFrom = meta.effective.from;
    const docUntil = meta.effective.until;
    for (const scheme of ['employee', 'resident'] as const) {
      const tree = doc[scheme] as Tree | undefined;
      if (!tree) continue;
      collect(tree, scheme, (path, entries) => {
        const list = params.get(path) ?? [];
        entries.forEach((e, i) => {
          const key = `${path}[${i}]`;
          const from = e.from ?? docFrom;
          if (from < docFrom) throw new PolicyFileError(file, key, `starts ${from}, before the document (${docFrom})`);
          if (docUntil !== undefined && from > docUntil) throw new PolicyFileError(file, key, `starts ${from}, after the document ends (${docUntil})`);
          if (e.until !== undefined && e.until < from) throw new PolicyFileError(file, key, `ends ${e.until} before it starts ${from}`);
          if (e.until !== undefined && docUntil !== undefined && e.until > docUntil) {
            throw new PolicyFileError(file, key, `ends ${e.until}, after the document (${docUntil})`);
          }
          list.push({ from, until: minDate(e.until, docUntil), article: e.article, value: e.value, note: e.note, doc: meta.id, file, written: writtenValue(written, path, i) });
        });
        params.set(path, list);
      });
    }
  }

  const schemes: Record<string, Tree> = {};
  for (const [path, list] of params) {
    list.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    for (let i = 0; i + 1 < list.length; i++) {
      const cur = list[i]!;
      const next = list[i + 1]!;
      if (cur.from === next.from) {
        throw new PolicyFileError(next.file, path, `two values start on ${next.from} (also in ${cur.file}): overlapping date ranges`);
      }
      if (cur.until !== undefined && cur.until >= next.from) {
        throw new PolicyFileError(cur.file, path, `in force until ${cur.until}, overlapping the value from ${next.from} in ${next.file}`);
      }
      // An entry without an explicit end is superseded by the next one.
      cur.until = minDate(cur.until, dayBefore(next.from));
    }
    setPath(schemes, path.split('.'), list);
  }

  return {
    region,
    name: loaded[0]?.doc.document.regionName ?? region,
    documents: loaded.map(({ file, doc }) => ({
      id: doc.document.id,
      title: doc.document.title,
      file,
      from: doc.document.effective.from,
      until: doc.document.effective.until,
    })),
    schemes: schemes as RegionPolicy['schemes'],
  };
}

function collect(tree: Tree, prefix: string, visit: (path: string, entries: RawEntry<unknown>[]) => void): void {
  for (const [key, node] of Object.entries(tree)) {
    if (node === undefined) continue;
    const path = `${prefix}.${key}`;
    if (Array.isArray(node)) visit(path, node);
    else collect(node, path, visit);
  }
}

/** The value of entry i of the parameter at `path` (scheme.key.key…) in a file's YAML as written. */
function writtenValue(written: unknown, path: string, i: number): unknown {
  let node = written;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  const entry = Array.isArray(node) ? node[i] : undefined;
  return entry !== null && typeof entry === 'object' ? (entry as { value?: unknown }).value : undefined;
}

function setPath(root: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = root;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

/** The entry in force on `date`, or undefined. */
export function entryAt<V>(entries: Dated<V>, date: string): DatedEntry<V> | undefined {
  for (const e of entries) {
    if (e.from <= date && (e.until === undefined || date <= e.until)) return e;
  }
  return undefined;
}

/**
 * Resolves a subtree at `date`. Parameters in force become {value, source};
 * a parameter the region defines but not on that date becomes a property
 * that refuses (policy_not_in_force) when read: a claim that needs it is
 * refused, a claim that does not is unaffected — never answered with an
 * earlier or later rule.
 */
export function resolveAt<T>(tree: T, date: string, label: string, requestPath: string): Resolved<T> {
  return resolveNode(tree, date, label, requestPath) as Resolved<T>;
}

function resolveNode(node: unknown, date: string, label: string, requestPath: string): unknown {
  const out: Record<string, unknown> = {};
  let notInForce: Set<string> | undefined;
  for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
    const childLabel = `${label}.${key}`;
    if (Array.isArray(child)) {
      const entries = child as Dated<unknown>;
      const e = entryAt(entries, date);
      if (e) {
        out[key] = { value: e.value, source: `${e.doc} ${e.article}`, doc: e.doc } satisfies InForce<unknown>;
      } else {
        const spans = entries.map((x) => `${x.from}–${x.until ?? ''}`).join(', ');
        (notInForce ??= new Set()).add(key);
        Object.defineProperty(out, key, {
          enumerable: true,
          get() {
            throw new YibaoError('policy_not_in_force', `${childLabel}: no rule in force on ${date} (the texts define it for ${spans})`, requestPath);
          },
        });
      }
    } else if (child !== null && typeof child === 'object') {
      out[key] = resolveNode(child, date, childLabel, requestPath);
    }
  }
  Object.defineProperty(out, NOT_IN_FORCE_KEYS, { value: notInForce ?? NONE });
  return out;
}

/**
 * The keys of a resolved node that refuse when read, kept on the node under a symbol that is
 * neither enumerable nor serialised (so that peek need not look at property descriptors).
 */
const NOT_IN_FORCE_KEYS = Symbol('not in force keys');
const NONE: ReadonlySet<PropertyKey> = new Set();

/** A raw parameter subtree (as in the files) resolved at a date. */
export type InForceTree<T> = Resolved<Compiled<T>>;

/** Marks a parameter the region defines but not on the date asked. */
export const NOT_IN_FORCE = Symbol('not in force');

/**
 * Reads an optional resolved parameter without refusing: the value in force,
 * undefined when the region does not define it, or NOT_IN_FORCE.
 */
export function peek<T extends object, K extends keyof T>(node: T, key: K): T[K] | typeof NOT_IN_FORCE {
  const off = (node as { [NOT_IN_FORCE_KEYS]?: ReadonlySet<PropertyKey> })[NOT_IN_FORCE_KEYS];
  if (off === undefined) {
    // Not a node resolveAt built: read its property descriptor.
    const d = Object.getOwnPropertyDescriptor(node, key);
    if (d?.get) return NOT_IN_FORCE;
  } else if (off.size !== 0 && off.has(key)) return NOT_IN_FORCE;
  return node[key];
}
