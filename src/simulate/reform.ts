/**
 * Reforms: a proposed change of a region's rules, written as a policy file (the format of
 * policies/<region>/*.yaml) whose entries start at a date and govern from then on. A reform is
 * compiled with the region's shipped documents, appended last: where it gives a parameter the
 * shipped texts also give, the later entry governs from its start date (compileRegion), so the
 * shipped value stays in force up to the day before. Pure: the files are read elsewhere.
 *
 * Validation is that of the shipped policies (parsePolicyFile, then compileRegion: unknown keys,
 * bad values, overlapping dates are PolicyFileError), plus two rules of a reform's own:
 *
 * - Decision: the schema already requires every dated entry to cite an `article` (第…条), and a
 *   reform keeps that (it cites the clause of the proposal, e.g. 方案第一条, or the article it
 *   amends). An article alone cannot tell a proposal from the law, so every dated entry of a
 *   reform must ALSO carry a non-empty `note` saying what is proposed and that it is a proposal.
 *   A reform entry without one is refused with the entry's key (`….note`).
 * - The reform's `document.region` must be a region with shipped policies.
 */
import { PolicyFileError } from '../engine/errors.js';
import { compileRegion, dayBefore, type LoadedDocument, type RegionPolicy } from '../policy/compile.js';
import { parsePolicyFile } from '../policy/load.js';
import type { PolicyDocument, RegionId } from '../policy/schema.js';
import type { PolicySet } from '../policy/scheme-view.js';

/** A reform file's name (for messages and the report) and its text. */
export interface ReformFile {
  file: string;
  text: string;
}

/** A validated reform. */
export interface Reform {
  /** The document id (document.id), the reform's name in reports and citations. */
  name: string;
  file: string;
  region: RegionId;
  doc: PolicyDocument;
}

/** The shipped policies and the documents they were compiled from. */
export interface PolicySources {
  policies: PolicySet;
  documents: ReadonlyMap<RegionId, readonly LoadedDocument[]>;
}

type Tree = { [key: string]: unknown };

/** Every dated entry of a reform must carry a note (see the module comment). */
function requireNotes(file: string, node: Tree, prefix: string): void {
  for (const [key, child] of Object.entries(node)) {
    if (child === undefined || child === null) continue;
    const path = `${prefix}.${key}`;
    if (Array.isArray(child)) {
      child.forEach((entry: unknown, i) => {
        const note = (entry as { note?: unknown }).note;
        if (typeof note !== 'string' || note.trim() === '') {
          throw new PolicyFileError(file, `${path}[${i}].note`, 'a reform value must carry a note saying what is proposed (it is a proposal, not a text in force)');
        }
      });
    } else if (typeof child === 'object') {
      requireNotes(file, child as Tree, path);
    }
  }
}

type Entry = { from?: string | undefined; until?: string | undefined };

/** The earliest start of the reform's entries at each parameter path (`employee.outpatient.cap`, …). */
function reformStarts(node: Tree, prefix: string, docFrom: string, out: Map<string, string>): void {
  for (const [key, child] of Object.entries(node)) {
    if (child === undefined || child === null) continue;
    const path = `${prefix}.${key}`;
    if (Array.isArray(child)) {
      for (const e of child as Entry[]) {
        const from = e.from ?? docFrom;
        const known = out.get(path);
        if (known === undefined || from < known) out.set(path, from);
      }
    } else if (typeof child === 'object') reformStarts(child as Tree, path, docFrom, out);
  }
}

function withEnds(node: Tree, prefix: string, docFrom: string, docUntil: string | undefined, starts: ReadonlyMap<string, string>): Tree {
  const out: Tree = {};
  for (const [key, child] of Object.entries(node)) {
    const path = `${prefix}.${key}`;
    const start = starts.get(path);
    if (Array.isArray(child) && start !== undefined) {
      out[key] = (child as Entry[]).map((e) => {
        const from = e.from ?? docFrom;
        const until = e.until ?? docUntil;
        // Only entries in force when the reform starts, and ending after it, are cut short.
        return from < start && (until === undefined || until >= start) ? { ...e, until: dayBefore(start) } : e;
      });
    } else if (child !== null && typeof child === 'object' && !Array.isArray(child)) {
      out[key] = withEnds(child as Tree, path, docFrom, docUntil, starts);
    } else out[key] = child;
  }
  return out;
}

/**
 * The shipped documents with each entry the reform replaces ending the day before the reform's
 * entry starts. A shipped entry without an end is superseded by a later one anyway; one that ends
 * with its document (e.g. 绥化 until 2030-12-31, 廊坊 until 2028-12-31) would otherwise overlap the
 * reform's. Entries starting on or after the reform's start are left as they are (an entry starting
 * the same day still overlaps: an error).
 */
function shippedEndingAt(shipped: readonly LoadedDocument[], reform: PolicyDocument): LoadedDocument[] {
  const starts = new Map<string, string>();
  for (const scheme of ['employee', 'resident'] as const) {
    const tree = reform[scheme];
    if (tree) reformStarts(tree as Tree, scheme, reform.document.effective.from, starts);
  }
  return shipped.map(({ file, doc }) => {
    const copy = { ...doc } as PolicyDocument;
    for (const scheme of ['employee', 'resident'] as const) {
      const tree = doc[scheme];
      if (tree) (copy as Record<string, unknown>)[scheme] = withEnds(tree as Tree, scheme, doc.document.effective.from, doc.document.effective.until, starts);
    }
    return { file, doc: copy };
  });
}

/** Validates one reform file against the shipped regions. Throws PolicyFileError naming the file and key. */
export function parseReform(reform: ReformFile, sources: PolicySources): Reform {
  const doc = parsePolicyFile(reform.file, reform.text);
  const region = doc.document.region;
  if (!sources.documents.has(region)) {
    throw new PolicyFileError(reform.file, 'document.region', `no shipped policies for region ${region}; known: ${[...sources.documents.keys()].join(', ')}`);
  }
  for (const scheme of ['employee', 'resident'] as const) {
    const tree = doc[scheme];
    if (tree) requireNotes(reform.file, tree as Tree, scheme);
  }
  // Compile once with the shipped documents, so that overlapping dates are reported here.
  compileRegion(region, [...shippedEndingAt(sources.documents.get(region)!, doc), { file: reform.file, doc }]);
  return { name: doc.document.id, file: reform.file, region, doc };
}

/**
 * The shipped policies with every reform applied, in the order given (a later reform's entries
 * govern from their start over the earlier ones'). Regions no reform touches keep their compiled
 * policy. Throws PolicyFileError for an invalid reform.
 */
export function policiesWithReforms(sources: PolicySources, reformFiles: readonly ReformFile[]): PolicySet {
  if (reformFiles.length === 0) return sources.policies;
  const byRegion = new Map<RegionId, LoadedDocument[]>();
  for (const file of reformFiles) {
    const reform = parseReform(file, sources);
    const docs = shippedEndingAt(byRegion.get(reform.region) ?? sources.documents.get(reform.region)!, reform.doc);
    docs.push({ file: reform.file, doc: reform.doc });
    byRegion.set(reform.region, docs);
  }
  const out = new Map<RegionId, RegionPolicy>(sources.policies);
  for (const [region, docs] of byRegion) out.set(region, compileRegion(region, docs));
  return out;
}
