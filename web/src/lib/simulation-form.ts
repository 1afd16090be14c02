/** The 测算 page's form: what it sends to `POST /v1/simulations`, and the messages beside its fields. */
import type { RegionView } from '../../../src/index';

/** The most synthetic members a request may ask for (the service's limit). */
export const MAX_MEMBERS = 20_000;

export type ReformMode = 'example' | 'parameter';

export interface SimulationDraft {
  region: string;
  year: string;
  members: string;
  seed: string;
  mode: ReformMode;
  /** The chosen example's file name (examples/reforms/*.yaml). */
  example: string;
  /** `employee.inpatient.deductible.tables`: the scheme and the parameter's path. */
  parameter: string;
  /** The new value as JSON (the policy file's value: yuan, "90%"). */
  value: string;
  from: string;
  article: string;
  note: string;
}

export type SimulationField = 'region' | 'year' | 'members' | 'seed' | 'example' | 'parameter' | 'value' | 'from' | 'article' | 'note';
export type FormProblem = 'required' | 'year' | 'members' | 'seed' | 'json' | 'date';

export interface ExampleText {
  file: string;
  text: string;
}

export type SimulationBody = {
  region: string;
  year: number;
  members: number;
  seed?: number;
  reform: { text: string } | { parameter: string; value: unknown; from: string; article: string; note: string };
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function integerIn(s: string, min: number, max: number): number | undefined {
  if (!/^\d{1,10}$/.test(s.trim())) return undefined;
  const n = Number(s.trim());
  return n >= min && n <= max ? n : undefined;
}

function jsonValue(s: string): { ok: true; value: unknown } | { ok: false } {
  try {
    const value: unknown = JSON.parse(s);
    return value === null ? { ok: false } : { ok: true, value };
  } catch {
    return { ok: false };
  }
}

/** The request body, or the problem of each field that has one. */
export function simulationBody(d: SimulationDraft, examples: readonly ExampleText[]): { body: SimulationBody | null; problems: Partial<Record<SimulationField, FormProblem>> } {
  const problems: Partial<Record<SimulationField, FormProblem>> = {};
  if (!d.region) problems.region = 'required';
  const year = integerIn(d.year, 1990, 2100);
  if (year === undefined) problems.year = 'year';
  const members = integerIn(d.members, 1, MAX_MEMBERS);
  if (members === undefined) problems.members = 'members';
  const seed = d.seed.trim() === '' ? undefined : integerIn(d.seed, 0, 4294967295);
  if (d.seed.trim() !== '' && seed === undefined) problems.seed = 'seed';
  let reform: SimulationBody['reform'] | undefined;
  if (d.mode === 'example') {
    const example = examples.find((e) => e.file === d.example);
    if (!example) problems.example = 'required';
    else reform = { text: example.text };
  } else {
    if (!d.parameter) problems.parameter = 'required';
    const value = jsonValue(d.value);
    if (d.value.trim() === '') problems.value = 'required';
    else if (!value.ok) problems.value = 'json';
    if (!isRealDate(d.from)) problems.from = 'date';
    if (!d.article.trim()) problems.article = 'required';
    if (!d.note.trim()) problems.note = 'required';
    if (value.ok) reform = { parameter: d.parameter, value: value.value, from: d.from, article: d.article.trim(), note: d.note.trim() };
  }
  if (Object.keys(problems).length > 0 || year === undefined || members === undefined || reform === undefined) return { body: null, problems };
  return { body: { region: d.region, year, members, ...(seed === undefined ? {} : { seed }), reform }, problems: {} };
}

/** The form's field a service error's path names (`reform.value.local` → value), if any. */
export function fieldOfSimulationPath(path: string, mode: ReformMode): SimulationField | undefined {
  if (path === 'region' || path === 'year' || path === 'members' || path === 'seed') return path;
  if (path === 'reform.text') return 'example';
  const m = /^reform\.(parameter|value|from|article|note)(?:[.[]|$)/.exec(path);
  if (m) return m[1] as SimulationField;
  if (path.startsWith('reform')) return mode === 'example' ? 'example' : 'parameter';
  return undefined;
}

/** The region's parameters as the form lists them: `scheme.path`, employee first. */
export function parameterChoices(region: RegionView): string[] {
  return region.schemes.flatMap((s) => s.parameters.map((p) => `${s.scheme}.${p.path}`));
}

/** A parameter's value in force last (as the policy file writes it), as JSON to edit; '' if unknown. */
export function latestValueJson(region: RegionView, parameter: string): string {
  const dot = parameter.indexOf('.');
  const scheme = region.schemes.find((s) => s.scheme === parameter.slice(0, dot));
  const p = scheme?.parameters.find((x) => x.path === parameter.slice(dot + 1));
  const values = p?.values ?? [];
  const last = values.reduce<(typeof values)[number] | undefined>((a, v) => (a === undefined || v.from >= a.from ? v : a), undefined);
  if (!last) return '';
  const flat = JSON.stringify(last.value);
  return flat.length <= 60 ? flat : JSON.stringify(last.value, null, 2);
}
