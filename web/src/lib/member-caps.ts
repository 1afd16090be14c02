/**
 * The benefit year's use against each cap, where the region's policy data gives the cap as an
 * amount (in force on the year's last day); otherwise the amount used without a cap — never a
 * number the data does not give.
 */
import type { RegionView, YearTotals } from './api';
import { annualCapOn } from './member-view';

export type CapKey = 'annual' | 'outpatient' | 'chronic' | 'special' | 'largeExpense' | 'criticalIllness';

export interface CapRow {
  key: CapKey;
  /** The disease, where the cap is one disease's own (门诊慢性病 by disease). */
  disease?: string;
  /** Yuan paid this year toward it. */
  used: number;
  /** The cap is set disease by disease (the rows below it), not as one amount. */
  byDisease?: true;
  /** Yuan, where the data gives it. */
  cap: number | undefined;
}

/** What the page knows of the member. */
export interface CapPerson {
  scheme: string;
  status: string;
  birthDate: string;
  enrolment: Record<string, unknown> | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const amount = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A parameter's value in force on a date, as the policy file writes it. */
export function valueOn(view: RegionView, scheme: string, path: string, date: string): unknown {
  const p = view.schemes.find((s) => s.scheme === scheme)?.parameters.find((x) => x.path === path);
  return p?.values.find((x) => x.from <= date && (x.until === null || date <= x.until))?.value;
}

/** Age in whole years on a date. */
export function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** 普通门诊统筹's yearly cap: by status, pool-only enrolment (单建统筹), or age on 1 January (age bands), as the engine reads it. */
export function outpatientCap(value: unknown, person: CapPerson, year: number): number | undefined {
  if (!isObj(value)) return undefined;
  // A member without an employment status (the service's `resident`) is read as employed, as the engine reads it.
  const status = person.status === 'retired' ? 'retired' : 'employed';
  if (person.enrolment?.['kind'] === 'pool_only') return isObj(value['poolOnly']) ? amount(value['poolOnly'][status]) : undefined;
  const v = value[status];
  if (typeof v === 'number') return amount(v);
  if (!isObj(v) || !Array.isArray(v['bands'])) return undefined;
  const age = ageOn(person.birthDate, `${year}-01-01`);
  for (const band of v['bands'] as unknown[]) {
    if (!isObj(band)) return undefined;
    const below = amount(band['belowAge']);
    if (below === undefined || age < below) return amount(band['amount']);
  }
  return undefined;
}

/** 门诊慢性病's yearly cap where it is by the number of recognised diseases (沧州: first, each more, at most); per-disease caps give none in all. */
export function chronicCap(value: unknown, chronicDiseases: number): number | undefined {
  if (!isObj(value) || value['kind'] !== 'per_disease_count' || chronicDiseases < 1) return undefined;
  const first = amount(value['first']);
  const each = amount(value['each']);
  const max = amount(value['max']);
  if (first === undefined || each === undefined || max === undefined) return undefined;
  return Math.min(first + each * (chronicDiseases - 1), max);
}

/** A layer's (大额, 大病) cap where its value gives one as an amount. */
export function layerCap(value: unknown): number | undefined {
  return isObj(value) ? amount(value['cap']) : undefined;
}

/**
 * 门诊慢性病 where each listed disease has a cap of its own (绥化's 两病: 高血压 400, 糖尿病 600): a row
 * per disease recognised by the year's end (by its name or an alias) or paid for this year, its use
 * being the year's `fundPaidByDisease` under the list's name; none where the cap is not by disease.
 */
export function diseaseCaps(cap: unknown, diseases: unknown, paidByDisease: Readonly<Partial<Record<string, number>>>, recognised: readonly string[]): CapRow[] {
  if (!isObj(cap) || cap['kind'] !== 'per_disease' || !Array.isArray(diseases)) return [];
  const rows: CapRow[] = [];
  for (const d of diseases as unknown[]) {
    if (!isObj(d) || typeof d['name'] !== 'string') continue;
    const name = d['name'];
    const limit = amount(d['cap']);
    if (limit === undefined) continue;
    const names = [name, ...(Array.isArray(d['aliases']) ? d['aliases'].filter((a): a is string => typeof a === 'string') : [])];
    const paid = paidByDisease[name] ?? 0;
    if (paid > 0 || recognised.some((r) => names.includes(r))) rows.push({ key: 'chronic', disease: name, used: paid, cap: limit });
  }
  return rows;
}

/**
 * The caps list of the page, in this order (a per-disease chronic cap's rows after the chronic
 * total). `chronicDiseases`: the distinct chronic diseases recognised by the year's end, and
 * `recognisedChronic` their names.
 */
export function capsOf(view: RegionView | null, person: CapPerson, totals: YearTotals, year: number, chronicDiseases: number, recognisedChronic: readonly string[] = []): CapRow[] {
  const end = `${year}-12-31`;
  const on = (path: string): unknown => (view ? valueOn(view, person.scheme, path, end) : undefined);
  const diseases = diseaseCaps(on('chronic.cap'), on('chronic.diseases'), totals.chronic.fundPaidByDisease, recognisedChronic);
  const chronic: CapRow = { key: 'chronic', used: totals.chronic.fundPaid, cap: chronicCap(on('chronic.cap'), chronicDiseases) };
  if (chronic.cap === undefined && diseases.length > 0) chronic.byDisease = true;
  return [
    { key: 'annual', used: totals.fundPaid, cap: view ? annualCapOn(view, person.scheme, end) : undefined },
    { key: 'outpatient', used: totals.outpatient.fundPaid, cap: outpatientCap(on('outpatient.cap'), person, year) },
    chronic,
    ...diseases,
    { key: 'special', used: totals.specialDisease.fundPaid, cap: undefined },
    { key: 'largeExpense', used: totals.largeExpense.paid, cap: layerCap(on('layers.largeExpense')) },
    { key: 'criticalIllness', used: totals.criticalIllness.paid, cap: layerCap(on('layers.criticalIllness')) },
  ];
}

/** The distinct chronic diseases recognised on or before a date, from the timeline's recognitions, by the names recorded. */
export function chronicNames(recognitions: { date: string; detail: Record<string, unknown> }[], date: string): string[] {
  const names = new Set<string>();
  for (const r of recognitions) if (r.date <= date && r.detail['category'] === 'chronic' && typeof r.detail['name'] === 'string') names.add(r.detail['name']);
  return [...names];
}

/** How many distinct chronic diseases are recognised on or before a date. */
export function chronicCount(recognitions: { date: string; detail: Record<string, unknown> }[], date: string): number {
  return chronicNames(recognitions, date).length;
}
