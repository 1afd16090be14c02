/**
 * Reads policies/<region>/*.yaml, validates each file, and compiles each
 * region. The only I/O around the engine's policy data.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { PolicyFileError } from '../engine/errors.js';
import { compileRegion, type LoadedDocument, type RegionPolicy } from './compile.js';
import { PolicyDocument, RegionId } from './schema.js';
import { pathText } from '../engine/settlement/request.js';
import type { PolicySet } from './scheme-view.js';
import { parseRegulation, type RegulationText } from './texts.js';

/** policies/ at the package root (this file is two levels below it, in src/ or dist/). */
export const DEFAULT_POLICY_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'policies');

/** Reads one policy file's text: its YAML as written, validated. `file` names it in errors. */
export function readPolicyFile(file: string, text: string): { doc: PolicyDocument; written: unknown } {
  let raw: unknown;
  try {
    raw = parse(text, { uniqueKeys: true });
  } catch (e) {
    throw new PolicyFileError(file, '(yaml)', e instanceof Error ? e.message : String(e));
  }
  const parsed = PolicyDocument.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.code === 'unrecognized_keys' ? [pathText(issue.path), ...issue.keys].filter(Boolean).join('.') : pathText(issue.path) || '(root)';
    const detail = issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message;
    throw new PolicyFileError(file, key, detail);
  }
  return { doc: parsed.data, written: raw };
}

/** Validates one policy file's text. `file` names it in errors. */
export function parsePolicyFile(file: string, text: string): PolicyDocument {
  return readPolicyFile(file, text).doc;
}

/**
 * Reads and validates every region's documents under `dir`, in file-name order, without compiling
 * them (a reform compiles a region again with its own document appended).
 */
export function readPolicyDocuments(dir: string = DEFAULT_POLICY_DIR): Map<RegionId, LoadedDocument[]> {
  const out = new Map<RegionId, LoadedDocument[]>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const region = RegionId.safeParse(entry.name);
    if (!region.success) throw new PolicyFileError(join(dir, entry.name), '(folder)', `unknown region ${entry.name}`);
    const docs: LoadedDocument[] = [];
    for (const name of readdirSync(join(dir, entry.name)).sort()) {
      if (!name.endsWith('.yaml') && !name.endsWith('.yml')) continue;
      const path = join(dir, entry.name, name);
      const file = relative(resolve(dir, '..'), path);
      docs.push({ file, ...readPolicyFile(file, readFileSync(path, 'utf8')) });
    }
    out.set(region.data, docs);
  }
  return out;
}

function compileAll(documents: ReadonlyMap<RegionId, readonly LoadedDocument[]>): PolicySet {
  const set = new Map<RegionId, RegionPolicy>();
  for (const [region, docs] of documents) set.set(region, compileRegion(region, [...docs]));
  return set;
}

/** Loads every region found under `dir`. */
export function loadPolicies(dir: string = DEFAULT_POLICY_DIR): PolicySet {
  return compileAll(readPolicyDocuments(dir));
}

let defaults: PolicySet | undefined;
let defaultDocs: ReadonlyMap<RegionId, readonly LoadedDocument[]> | undefined;

/** The shipped policies' documents, read once per process. */
export function defaultPolicyDocuments(): ReadonlyMap<RegionId, readonly LoadedDocument[]> {
  defaultDocs ??= readPolicyDocuments();
  return defaultDocs;
}

/** The shipped policies, loaded once per process. */
export function defaultPolicies(): PolicySet {
  defaults ??= compileAll(defaultPolicyDocuments());
  return defaults;
}

/**
 * The regulations' texts found under `dir`, by document id: each policy file's text is the .txt
 * file of the same name beside it (policies/<region>/<name>.txt).
 */
export function loadRegulationTexts(dir: string = DEFAULT_POLICY_DIR): Map<string, RegulationText> {
  const texts = new Map<string, RegulationText>();
  for (const docs of readPolicyDocuments(dir).values()) {
    for (const { file, doc } of docs) {
      const textPath = resolve(dir, '..', file).replace(/\.ya?ml$/, '.txt');
      if (existsSync(textPath)) texts.set(doc.document.id, parseRegulation(doc.document.id, readFileSync(textPath, 'utf8')));
    }
  }
  return texts;
}

let defaultTexts: Map<string, RegulationText> | undefined;

/** The shipped regulations' texts, loaded once per process. */
export function defaultRegulationTexts(): ReadonlyMap<string, RegulationText> {
  defaultTexts ??= loadRegulationTexts();
  return defaultTexts;
}
