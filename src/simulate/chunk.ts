/**
 * One chunk of a simulation: member-years (lines of a population file, or synthetic members)
 * settled under the baseline and each reform, summed in fen. Pure: the worker thread and the
 * tests call it with compiled policies; nothing here reads a file.
 */
import { YibaoError, type ErrorCode } from '../engine/errors.js';
import { parseSettleRequest } from '../engine/settlement/parse.js';
import type { SettleRequest } from '../engine/settlement/request.js';
import { settleParsed, type ClaimResult } from '../engine/settlement/settle.js';
import { contribution as contributionWith, type ContributionResult } from '../engine/membership/contribution.js';
import { annualCapAmount } from '../engine/settlement/annual-cap.js';
import { schemeView, type PolicySet } from '../policy/scheme-view.js';
import {
  addChange,
  addMember,
  addMemberWithoutClaims,
  addRefusal,
  ageBand,
  emptyChange,
  toFen,
  emptyScenario,
  LIST_LIMIT,
  mergeChange,
  mergeScenario,
  type ChangeSummary,
  type MemberKeys,
  addCapReached,
  memberCategory,
  addContributionSums,
  emptyContributionSums,
  type ContributionSums,
  type ScenarioSummary,
} from './aggregate.js';
import type { ReformFile } from './reform.js';
import { syntheticMember, type Assumptions } from './synthetic.js';

/** What every chunk of a run shares (sent to the workers with each chunk: it is small). */
export interface RunConfig {
  region: string;
  year: number;
  /** One scenario each, compared with the baseline. */
  reforms: ReformFile[];
  skipInvalid: boolean;
  synthetic?: { seed: number; assumptions: Assumptions } | undefined;
}

export type ChunkTask =
  /** lineNumbers: each line's number where they are not firstLine, firstLine + 1, … (a CSV's member-years). */
  | { kind: 'lines'; firstLine: number; lines: string[]; lineNumbers?: number[] }
  | { kind: 'synthetic'; start: number; count: number };

/** A line that is not a valid member-year; `path` is `line N: FIELD`. */
export interface InvalidLine {
  line: number;
  id: string | undefined;
  code: ErrorCode;
  path: string;
  message: string;
}

export interface ChunkSummary {
  /** Lines read (blank lines included) or synthetic members generated. */
  read: number;
  /** Lines of another region than the run's, left out. */
  otherRegion: number;
  invalid: { count: number; first: InvalidLine[] };
  baseline: ScenarioSummary;
  reforms: ScenarioSummary[];
  /** Per reform: members whose out-of-pocket rises or falls against the baseline. */
  changes: ChangeSummary[];
  /** Without skipInvalid: the chunk's first invalid line, where the run stops. */
  stop?: InvalidLine | undefined;
}

export function emptyChunkSummary(reforms: number): ChunkSummary {
  return {
    read: 0,
    otherRegion: 0,
    invalid: { count: 0, first: [] },
    baseline: emptyScenario(),
    reforms: Array.from({ length: reforms }, emptyScenario),
    changes: Array.from({ length: reforms }, emptyChange),
  };
}

/** Adds a later chunk into `into` (chunks are merged in their order: lists stay in line order). */
export function mergeChunk(into: ChunkSummary, c: ChunkSummary): void {
  into.read += c.read;
  into.otherRegion += c.otherRegion;
  into.invalid.count += c.invalid.count;
  for (const l of c.invalid.first) if (into.invalid.first.length < LIST_LIMIT) into.invalid.first.push(l);
  mergeScenario(into.baseline, c.baseline);
  c.reforms.forEach((r, i) => mergeScenario(into.reforms[i]!, r));
  c.changes.forEach((ch, i) => mergeChange(into.changes[i]!, ch));
  if (into.stop === undefined && c.stop !== undefined) into.stop = c.stop;
}

function asError(e: unknown): YibaoError {
  if (e instanceof YibaoError) return e;
  throw e;
}

type Outcome = { ok: true; results: ClaimResult[] } | { ok: false; error: YibaoError };

function settleOne(policies: PolicySet, request: SettleRequest): Outcome {
  try {
    return { ok: true, results: settleParsed(policies, request, { explain: false }).results };
  } catch (e) {
    return { ok: false, error: asError(e) };
  }
}

/**
 * The 12 months of --year's contributions of a member-year whose line carries `contribution` (the
 * engine's contribution `person`: type, monthlyWage, employer, enrolment), under one scenario's
 * rules, with the line's context (the average wage bounds the base). The employee scheme only:
 * a resident's contribution is a yearly standard the population does not carry.
 */
function yearOfContributions(policies: PolicySet, config: RunConfig, request: Record<string, unknown>, person: unknown): ContributionSums {
  if (request['scheme'] !== 'employee') throw new YibaoError('invalid_input', 'contribution: only a member-year of the employee scheme carries a contribution', 'contribution');
  const sums = emptyContributionSums();
  sums.members = 1;
  for (let m = 1; m <= 12; m++) {
    const month = `${config.year}-${String(m).padStart(2, '0')}`;
    let r: ContributionResult;
    try {
      r = contributionWith(policies, { region: config.region, month, person, ...(request['context'] !== undefined ? { context: request['context'] } : {}) }, { explain: false }) as ContributionResult;
    } catch (e) {
      const err = asError(e);
      throw new YibaoError(err.code, `contribution (${month}): ${err.message}`, err.path.startsWith('person') ? `contribution${err.path.slice('person'.length)}` : err.path);
    }
    sums.toPooledFund += toFen(r.toPooledFund);
    sums.toPersonalAccount += toFen(r.toPersonalAccount);
    sums.largeExpense += r.largeExpense ? toFen(r.largeExpense.amount) : 0;
  }
  return sums;
}

/** The status group of a member: employed or retired in the employees' scheme, `resident` in the residents'. */
export function statusGroup(scheme: string, status: string): string {
  return scheme === 'resident' ? 'resident' : status;
}

/**
 * Whether the member's pooled-fund payments of a benefit year reached that year's annual cap
 * (统筹基金年度最高支付限额): the year-to-date fundPaid after the year's last claim is at least the
 * cap in force on 31 December of that year (policies without a cap amount: never).
 */
export function reachedAnnualCap(policies: PolicySet, request: SettleRequest, results: readonly ClaimResult[]): boolean {
  const lastOfYear = new Map<number, ClaimResult>();
  for (const r of results) lastOfYear.set(r.year, r);
  for (const [year, r] of lastOfYear) {
    let cap: number | undefined;
    try {
      const param = schemeView(policies, request.region, request.scheme).at(`${year}-12-31`).annualCap;
      cap = param === undefined ? undefined : annualCapAmount(param.value, year, request);
    } catch {
      // No parameters in force then, or the cap needs context the request lacks: not counted.
      cap = undefined;
    }
    if (cap !== undefined && toFen(r.accumulators.fundPaid) >= cap) return true;
  }
  return false;
}

/**
 * Settles one validated member-year under every scenario (scenarios[0] the baseline). Returns the
 * baseline's refusal when it is invalid_input (the line is invalid, as `settle` would say).
 */
function settleMember(scenarios: readonly PolicySet[], config: RunConfig, out: ChunkSummary, id: string, request: SettleRequest, yearly?: readonly ContributionSums[]): YibaoError | undefined {
  const outcomes = scenarios.map((p) => settleOne(p, request));
  const base = outcomes[0]!;
  if (!base.ok && base.error.code === 'invalid_input') return base.error;
  const status = statusGroup(request.scheme, request.person.status);
  const keys: MemberKeys = { scheme: request.scheme, status, ageBand: ageBand(request.person.birthDate, config.year), category: memberCategory(status, request.person.tags) };
  const oop: (number | undefined)[] = outcomes.map((o, i) => {
    const sc = i === 0 ? out.baseline : out.reforms[i - 1]!;
    if (o.ok) {
      if (reachedAnnualCap(scenarios[i]!, request, o.results)) addCapReached(sc, keys.status);
      const y = yearly?.[i];
      if (y) {
        let outlay = 0;
        for (const r of o.results) outlay += toFen(r.hifp_pay);
        addContributionSums(sc.contributions, { ...y, pooledOutlay: outlay });
      }
      return addMember(sc, keys, o.results);
    }
    addRefusal(sc, id, o.error);
    return undefined;
  });
  for (let i = 1; i < oop.length; i++) {
    const b = oop[0];
    const r = oop[i];
    if (b !== undefined && r !== undefined) addChange(out.changes[i - 1]!, b, r);
  }
  return undefined;
}

function invalid(out: ChunkSummary, config: RunConfig, line: InvalidLine): boolean {
  out.invalid.count += 1;
  if (out.invalid.first.length < LIST_LIMIT) out.invalid.first.push(line);
  if (!config.skipInvalid) {
    out.stop = line;
    return true;
  }
  return false;
}

function lineError(line: number, id: string | undefined, e: YibaoError): InvalidLine {
  return { line, id, code: e.code, path: e.path === '' ? `line ${line}` : `line ${line}: ${e.path}`, message: e.message };
}

/** One line of a population file: `{"id": …, …a settle request}`. Returns true to stop the chunk. */
function processLine(scenarios: readonly PolicySet[], config: RunConfig, out: ChunkSummary, lineNo: number, text: string): boolean {
  if (text.trim() === '') return false;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return invalid(out, config, { line: lineNo, id: undefined, code: 'invalid_input', path: `line ${lineNo}`, message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return invalid(out, config, { line: lineNo, id: undefined, code: 'invalid_input', path: `line ${lineNo}`, message: 'a member-year must be a JSON object' });
  }
  const { id, contribution, ...request } = raw as Record<string, unknown>;
  // Lines of another region are left out before they are validated (a file may hold several regions).
  if (typeof request.region === 'string' && request.region !== config.region) {
    out.otherRegion += 1;
    return false;
  }
  if (typeof id !== 'string' || id === '') {
    return invalid(out, config, { line: lineNo, id: undefined, code: 'invalid_input', path: `line ${lineNo}: id`, message: 'id must be a non-empty string' });
  }
  let parsed: SettleRequest;
  try {
    parsed = parseSettleRequest(request);
  } catch (e) {
    return invalid(out, config, lineError(lineNo, id, asError(e)));
  }
  // The year's contributions under each scenario, where the line carries them (its wage).
  let yearly: ContributionSums[] | undefined;
  if (contribution !== undefined) {
    try {
      yearly = scenarios.map((p) => yearOfContributions(p, config, request, contribution));
    } catch (e) {
      return invalid(out, config, lineError(lineNo, id, asError(e)));
    }
  }
  const bad = settleMember(scenarios, config, out, id, parsed, yearly);
  return bad !== undefined && invalid(out, config, lineError(lineNo, id, bad));
}

/** Settles a chunk under the baseline (scenarios[0]) and each reform (scenarios[1…]). */
export function processChunk(scenarios: readonly PolicySet[], config: RunConfig, task: ChunkTask): ChunkSummary {
  const out = emptyChunkSummary(scenarios.length - 1);
  if (task.kind === 'lines') {
    for (let i = 0; i < task.lines.length; i++) {
      out.read += 1;
      if (processLine(scenarios, config, out, task.lineNumbers?.[i] ?? task.firstLine + i, task.lines[i]!)) break;
    }
    return out;
  }
  const syn = config.synthetic;
  if (!syn) throw new Error('a synthetic chunk without synthetic assumptions');
  for (let i = task.start; i < task.start + task.count; i++) {
    out.read += 1;
    const m = syntheticMember(syn.assumptions, config.region, config.year, syn.seed, i);
    const claims = m.request.claims as unknown[];
    if (claims.length === 0) {
      const p = m.request.person as { status: string; birthDate: string; tags?: string[] };
      const scheme = m.request.scheme as string;
      const status = statusGroup(scheme, p.status);
      const keys: MemberKeys = { scheme, status, ageBand: ageBand(p.birthDate, config.year), category: memberCategory(status, p.tags ?? []) };
      addMemberWithoutClaims(out.baseline, keys);
      out.reforms.forEach((r) => addMemberWithoutClaims(r, keys));
      out.changes.forEach((c) => addChange(c, 0, 0));
      continue;
    }
    const bad = settleMember(scenarios, config, out, m.id, parseSettleRequest(m.request));
    // A synthetic member the engine calls invalid is a fault of the generator, never of the user.
    if (bad) throw new Error(`synthetic member ${m.id} is invalid: ${bad.path}: ${bad.message}`);
  }
  return out;
}
