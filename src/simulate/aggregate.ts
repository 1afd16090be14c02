/**
 * Sums of settlement results, in integer fen. The engine's results are yuan numbers with at most
 * 2 decimals; each is converted with Math.round(x × 100) before it is added, and yuan are printed
 * only at the end (fenToYuan). Integer sums do not depend on the order they are made in, so a
 * summary is the same whatever the chunks and workers. Pure.
 */
import { fenToYuan, type Fen } from '../engine/money.js';
import type { ClaimResult } from '../engine/settlement/result.js';

/** The summed money fields, by their national names (as in settle's results). */
export const MONEY_FIELDS = [
  'medfee_sumamt',
  'hifp_pay',
  'hifob_pay',
  'hifmi_pay',
  'oth_pay',
  'fund_pay_sumamt',
  'psn_part_amt',
  'acct_pay',
  'psn_cash_pay',
] as const;
export type MoneyField = (typeof MONEY_FIELDS)[number];

/** Member and claim counts, and the money fields in fen. */
export type Sums = { members: number; claims: number } & Record<MoneyField, Fen>;

export function emptySums(): Sums {
  return { members: 0, claims: 0, medfee_sumamt: 0, hifp_pay: 0, hifob_pay: 0, hifmi_pay: 0, oth_pay: 0, fund_pay_sumamt: 0, psn_part_amt: 0, acct_pay: 0, psn_cash_pay: 0 };
}

export function toFen(yuan: number): Fen {
  return Math.round(yuan * 100);
}

/** Adds one claim's result (fen) to `s`, and counts the claim. */
export function addClaim(s: Sums, r: ClaimResult): void {
  s.claims += 1;
  for (const f of MONEY_FIELDS) s[f] += toFen(r[f]);
}

export function addSums(into: Sums, s: Sums): void {
  into.members += s.members;
  into.claims += s.claims;
  for (const f of MONEY_FIELDS) into[f] += s[f];
}

/** The most member ids listed under a refusal or an invalid line. */
export const LIST_LIMIT = 100;

/** One scenario's sums: totals and breakdowns; members refused by the engine are counted apart. */
export interface ScenarioSummary {
  totals: Sums;
  byScheme: Record<string, Sums>;
  byClaimType: Record<string, Sums>;
  byStatus: Record<string, Sums>;
  byAgeBand: Record<string, Sums>;
  /**
   * By member category: the status group and the person's tags (the resident categories the
   * texts name: poverty, …), `resident:poverty`, `employed:general` (no tag), tags joined by `+`;
   * each member in one category, so the categories add up to the totals.
   */
  byCategory: Record<string, Sums>;
  /** capReached by status group. */
  capReachedByStatus: Record<string, number>;
  /** oopHistogram by status group. */
  oopHistogramByStatus: Record<string, Record<string, number>>;
  /**
   * Members whose line carries a contribution (`contribution`: the engine's contribution person,
   * with the wage): the year's 12 months of contributions under this scenario's rules, and the
   * pooled fund's outlay on those members (hifp_pay), fen.
   */
  contributions: ContributionSums;
  /** Member-years the engine refused under this scenario (unsupported, policy_not_in_force, …): not in the sums. */
  refused: { members: number; byCode: Record<string, number>; first: { id: string; code: string; path: string; message: string }[] };
  /** Members whose pooled-fund payments of a benefit year reached that year's annual cap. */
  capReached: number;
  /** Members by their year's out-of-pocket (psn_part_amt), in buckets of outOfPocketBucket (fen keys). */
  oopHistogram: Record<string, number>;
}

/**
 * The bucket of an out-of-pocket amount in fen: exact below 10 yuan (1000 fen), otherwise rounded
 * down to 3 significant digits (12 345.67 yuan → 12 300 yuan): at most 900 buckets a power of ten,
 * so the histogram stays small whatever the population, and deciles read from it are within 1 %.
 */
export function outOfPocketBucket(fen: Fen): Fen {
  if (fen < 1000) return fen;
  const unit = 10 ** (Math.floor(Math.log10(fen)) - 2);
  // log10 may round: make sure the bucket has 3 significant digits.
  let u = unit;
  while (fen / u >= 1000) u *= 10;
  while (u > 1 && fen / u < 100) u /= 10;
  return Math.floor(fen / u) * u;
}

/** Adds a member's out-of-pocket to the histogram, overall and of the member's status group. */
export function addOutOfPocket(sc: ScenarioSummary, fen: Fen, status: string): void {
  const k = String(outOfPocketBucket(fen));
  sc.oopHistogram[k] = (sc.oopHistogram[k] ?? 0) + 1;
  const h = (sc.oopHistogramByStatus[status] ??= {});
  h[k] = (h[k] ?? 0) + 1;
}

/** A member who reached the annual cap, overall and in the status group. */
export function addCapReached(sc: ScenarioSummary, status: string): void {
  sc.capReached += 1;
  sc.capReachedByStatus[status] = (sc.capReachedByStatus[status] ?? 0) + 1;
}

/**
 * Deciles P10…P90 of the histogram (nearest rank: the k-th decile is the bucket of the member at
 * rank ⌈k × n / 10⌉ in increasing order), in fen; [] without members.
 */
export function deciles(histogram: Record<string, number>): Fen[] {
  const entries = Object.entries(histogram)
    .map(([k, n]) => [Number(k), n] as const)
    .sort((a, b) => a[0] - b[0]);
  const n = entries.reduce((a, [, c]) => a + c, 0);
  if (n === 0) return [];
  const out: Fen[] = [];
  let i = 0;
  let seen = entries[0]![1];
  for (let k = 1; k <= 9; k++) {
    const rank = Math.ceil((k * n) / 10);
    while (seen < rank) seen += entries[++i]![1];
    out.push(entries[i]![0]);
  }
  return out;
}

export interface ContributionSums {
  members: number;
  toPooledFund: Fen;
  toPersonalAccount: Fen;
  largeExpense: Fen;
  pooledOutlay: Fen;
}

export function emptyContributionSums(): ContributionSums {
  return { members: 0, toPooledFund: 0, toPersonalAccount: 0, largeExpense: 0, pooledOutlay: 0 };
}

export function addContributionSums(into: ContributionSums, s: ContributionSums): void {
  into.members += s.members;
  into.toPooledFund += s.toPooledFund;
  into.toPersonalAccount += s.toPersonalAccount;
  into.largeExpense += s.largeExpense;
  into.pooledOutlay += s.pooledOutlay;
}

/** How members' out-of-pocket (psn_part_amt) moves under a reform, among members settled under both. */
export interface ChangeSummary {
  compared: number;
  rises: { members: number; amount: Fen };
  falls: { members: number; amount: Fen };
  unchanged: number;
}

export function emptyScenario(): ScenarioSummary {
  return {
    totals: emptySums(),
    byScheme: {},
    byClaimType: {},
    byStatus: {},
    byAgeBand: {},
    byCategory: {},
    capReachedByStatus: {},
    oopHistogramByStatus: {},
    contributions: emptyContributionSums(),
    refused: { members: 0, byCode: {}, first: [] },
    capReached: 0,
    oopHistogram: {},
  };
}

export function emptyChange(): ChangeSummary {
  return { compared: 0, rises: { members: 0, amount: 0 }, falls: { members: 0, amount: 0 }, unchanged: 0 };
}

function group(table: Record<string, Sums>, key: string): Sums {
  let s = table[key];
  if (!s) {
    s = emptySums();
    table[key] = s;
  }
  return s;
}

/** What a member is grouped by. */
export interface MemberKeys {
  scheme: string;
  status: string;
  ageBand: string;
  /** statusGroup:tags (memberCategory). */
  category: string;
}

/** A member's category: the status group, then the tags sorted and joined by `+`, or `general`. */
export function memberCategory(status: string, tags: readonly string[]): string {
  return `${status}:${tags.length === 0 ? 'general' : [...tags].sort().join('+')}`;
}

/** Adds one member-year's results; returns the member's out-of-pocket in fen. */
export function addMember(sc: ScenarioSummary, keys: MemberKeys, results: readonly ClaimResult[]): Fen {
  const scheme = group(sc.byScheme, keys.scheme);
  const status = group(sc.byStatus, keys.status);
  const age = group(sc.byAgeBand, keys.ageBand);
  const category = group(sc.byCategory, keys.category);
  for (const s of [sc.totals, scheme, status, age, category]) s.members += 1;
  const types = new Set<string>();
  let oop = 0;
  for (const r of results) {
    for (const s of [sc.totals, scheme, status, age, category]) addClaim(s, r);
    const byType = group(sc.byClaimType, r.type);
    addClaim(byType, r);
    if (!types.has(r.type)) {
      types.add(r.type);
      byType.members += 1;
    }
    oop += toFen(r.psn_part_amt);
  }
  addOutOfPocket(sc, oop, keys.status);
  return oop;
}

/** A member without claims (synthetic populations): counted, nothing settled. */
export function addMemberWithoutClaims(sc: ScenarioSummary, keys: MemberKeys): void {
  for (const s of [sc.totals, group(sc.byScheme, keys.scheme), group(sc.byStatus, keys.status), group(sc.byAgeBand, keys.ageBand), group(sc.byCategory, keys.category)]) s.members += 1;
  addOutOfPocket(sc, 0, keys.status);
}

export function addRefusal(sc: ScenarioSummary, id: string, e: { code: string; path: string; message: string }): void {
  sc.refused.members += 1;
  sc.refused.byCode[e.code] = (sc.refused.byCode[e.code] ?? 0) + 1;
  if (sc.refused.first.length < LIST_LIMIT) sc.refused.first.push({ id, code: e.code, path: e.path, message: e.message });
}

export function addChange(c: ChangeSummary, baseline: Fen, reform: Fen): void {
  c.compared += 1;
  if (reform > baseline) {
    c.rises.members += 1;
    c.rises.amount += reform - baseline;
  } else if (reform < baseline) {
    c.falls.members += 1;
    c.falls.amount += baseline - reform;
  } else c.unchanged += 1;
}

function mergeTable(into: Record<string, Sums>, t: Record<string, Sums>): void {
  for (const [k, s] of Object.entries(t)) addSums(group(into, k), s);
}

/** Adds `sc` (a later chunk) into `into`; lists keep their order, up to LIST_LIMIT. */
export function mergeScenario(into: ScenarioSummary, sc: ScenarioSummary): void {
  addSums(into.totals, sc.totals);
  mergeTable(into.byScheme, sc.byScheme);
  mergeTable(into.byClaimType, sc.byClaimType);
  mergeTable(into.byStatus, sc.byStatus);
  mergeTable(into.byAgeBand, sc.byAgeBand);
  mergeTable(into.byCategory, sc.byCategory);
  addContributionSums(into.contributions, sc.contributions);
  for (const [k, n] of Object.entries(sc.capReachedByStatus)) into.capReachedByStatus[k] = (into.capReachedByStatus[k] ?? 0) + n;
  for (const [status, h] of Object.entries(sc.oopHistogramByStatus)) {
    const to = (into.oopHistogramByStatus[status] ??= {});
    for (const [k, n] of Object.entries(h)) to[k] = (to[k] ?? 0) + n;
  }
  into.refused.members += sc.refused.members;
  for (const [code, n] of Object.entries(sc.refused.byCode)) into.refused.byCode[code] = (into.refused.byCode[code] ?? 0) + n;
  for (const r of sc.refused.first) if (into.refused.first.length < LIST_LIMIT) into.refused.first.push(r);
  into.capReached += sc.capReached;
  for (const [k, n] of Object.entries(sc.oopHistogram)) into.oopHistogram[k] = (into.oopHistogram[k] ?? 0) + n;
}

export function mergeChange(into: ChangeSummary, c: ChangeSummary): void {
  into.compared += c.compared;
  into.rises.members += c.rises.members;
  into.rises.amount += c.rises.amount;
  into.falls.members += c.falls.members;
  into.falls.amount += c.falls.amount;
  into.unchanged += c.unchanged;
}

// ---------------------------------------------------------------- in yuan, for the report

export type SumsYuan = { members: number; claims: number } & Record<MoneyField, number>;

export function sumsInYuan(s: Sums): SumsYuan {
  const out = { members: s.members, claims: s.claims } as SumsYuan;
  for (const f of MONEY_FIELDS) out[f] = fenToYuan(s[f]);
  return out;
}

/** A table in yuan, its keys sorted (the same text whatever the order groups were met in). */
export function tableInYuan(t: Record<string, Sums>): Record<string, SumsYuan> {
  const out: Record<string, SumsYuan> = {};
  for (const k of Object.keys(t).sort()) out[k] = sumsInYuan(t[k]!);
  return out;
}

/** Age bands, by age on 1 January of the simulated year. */
const AGE_BANDS: readonly [number, string][] = [
  [18, '0-17'],
  [30, '18-29'],
  [45, '30-44'],
  [60, '45-59'],
  [70, '60-69'],
  [80, '70-79'],
];

/** The age band of a birth date on 1 January of `year`; `unknown` without a birth date. */
export function ageBand(birthDate: string | undefined, year: number): string {
  if (birthDate === undefined) return 'unknown';
  const by = Number(birthDate.slice(0, 4));
  const md = birthDate.slice(5);
  // Age on YEAR-01-01: one less unless the birthday is 01-01.
  const age = year - by - (md === '01-01' ? 0 : 1);
  for (const [below, name] of AGE_BANDS) if (age < below) return name;
  return '80+';
}
