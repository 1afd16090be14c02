/**
 * settle: one person's claims, in order, through the rules in force on each claim's date,
 * carrying the benefit year's totals between claims. Each claim is a short pipeline of stages,
 * each in its own module, named after what the texts call it:
 *
 *   admission (admission.ts, person.ts) → items (claim-items.ts) → basic fund (basic.ts)
 *   → annual cap (annual-cap.ts) → drugs with rules of their own (own-rule-drugs.ts)
 *   → layers above the pooled fund (layers.ts) → personal account (personal-account.ts)
 *   → result (result.ts)
 */
import { YibaoError } from '../errors.js';
import { NOT_IN_FORCE } from '../../policy/compile.js';
import { planOf } from './plan.js';
import { requireParam } from '../../policy/lookup.js';
import { schemeView, type PolicySet, type SchemeView } from '../../policy/scheme-view.js';
import { accumulatorsOf, checkCarriedTotals, yearStateOf } from './accumulators.js';
import { admitClaim, isNotPaid } from './admission.js';
import { AnnualCapLedger } from './annual-cap.js';
import { basicPayment, yearOf } from './basic.js';
import type { ClaimContext } from './claim-context.js';
import { splitClaimItems, wholeClaimSplitter } from './claim-items.js';
import { layersAbove } from './layers.js';
import { ownRuleDrugs } from './own-rule-drugs.js';
import { parseSettleRequest } from './parse.js';
import { fastParse } from './request-fast.js';
import { personOn, personRecord, type PersonRecord } from './person.js';
import { payFromAccount } from './personal-account.js';
import { fen, type Claim, type SettleRequest } from './request.js';
import { claimResult, type ClaimResult, type SettleResult } from './result.js';
import { ageOn, newYearState, YearStates, type Person, type YearState } from './state.js';
import { Explainer } from '../steps.js';
import { formatYuan, type Fen } from '../money.js';

export { FUND_CODES, type ClaimResult, type FundDetail, type SettleResult } from './result.js';
export { schemeView, SchemeView, type PolicySet } from '../../policy/scheme-view.js';
export { annualCapAmount } from './annual-cap.js';
export { accumulatorsOf };

export interface SettleOptions {
  /** Build the explanation (steps). Default true; false is the fast path. */
  explain?: boolean;
}

/** Validates and settles a request. */
export function settleWith(policies: PolicySet, input: unknown, options: SettleOptions = {}): SettleResult {
  // Read with ?. : options given as null are refused after the request, as settleParsed reads them.
  if (options?.explain === false) {
    const split = parseSplitting(policies, input);
    if (split) return settleIn(split.view ?? schemeView(policies, split.request.region, split.request.scheme), split.request, false);
  }
  return settleParsed(policies, parseSettleRequest(input), options);
}

/**
 * A plainly valid request with each claim's items split as they are read, where they form one
 * ordinary split (claim-items.ts wholeClaimSplitter): no item is kept. Undefined where the request
 * needs the reference path: zod's validation, or a rule refusing a claim's items; that path then
 * gives the request's first error, in the request's order.
 */
function parseSplitting(policies: PolicySet, input: unknown): { request: SettleRequest; view: SchemeView | undefined } | undefined {
  // The request's region and scheme are those of every claim: their view is looked up once.
  let view: SchemeView | undefined;
  try {
    const request = fastParse(input, (region, scheme, type, date, hospital, index) => wholeClaimSplitter((view ??= schemeView(policies, region, scheme)).at(date), type, hospital, claimPath(index)));
    return request && { request, view };
  } catch (e) {
    if (e instanceof YibaoError) return undefined;
    throw e;
  }
}

/** Settles an already validated request. */
export function settleParsed(policies: PolicySet, request: SettleRequest, options: SettleOptions = {}): SettleResult {
  return settleIn(schemeView(policies, request.region, request.scheme), request, options.explain ?? true);
}

/** Settles a validated request under its region's scheme. */
function settleIn(view: SchemeView, request: SettleRequest, explain: boolean): SettleResult {
  const p = request.person;
  const person: Person = {
    scheme: request.scheme,
    status: p.status,
    birthDate: p.birthDate,
    tags: p.tags,
    enrolment: p.enrolment,
    chronicDiseases: p.chronicDiseases,
    specialDiseases: p.specialDiseases,
  };
  const years = new YearStates();
  for (let i = 0; i < request.yearToDate.length; i++) {
    const y = request.yearToDate[i]!;
    years.set(y.year, yearStateOf(y, i, fen));
  }
  const account = { balance: p.accountBalance };
  const record = personRecord(person, p.retiredOn);
  const claims = request.claims;
  const results = new Array<ClaimResult>(claims.length);
  for (let i = 0; i < claims.length; i++) {
    const claim = claims[i]!;
    try {
      results[i] = settleClaim(view, request, record, claim, years, account, explain);
    } catch (e) {
      // No rule in force on the claim's date: the claim's date field is the path.
      if (e instanceof YibaoError && e.code === 'policy_not_in_force') {
        throw new YibaoError(e.code, e.message, `claims[${claim.index}].${claim.type === 'inpatient' ? 'dischargeDate' : 'visitDate'}`);
      }
      throw e;
    }
  }
  return { results };
}

const CLAIM_NAMES = { inpatient: '住院', outpatient: '普通门诊', chronic: '门诊慢性病', special: '门诊特殊病' } as const;

/** `claims[i]`, built once per index: only refusals read it. */
const CLAIM_PATHS: string[] = [];
function claimPath(index: number): string {
  if (index >= 1024) return `claims[${index}]`;
  return (CLAIM_PATHS[index] ??= `claims[${index}]`);
}

/** Opens a claim: the rules on its date, the person then, whether the funds take it up, its benefit year. */
function openClaim(view: SchemeView, request: SettleRequest, record: PersonRecord, asGiven: Claim, years: YearStates, explain: boolean): ClaimContext {
  const path = claimPath(asGiven.index);
  const date = asGiven.date;
  const policy = view.at(date);
  const ex = explain ? new Explainer(true) : Explainer.OFF;
  const person = personOn(record, asGiven, policy, ex);
  // Groups, deadlines, non-designated institutions: paid as given, read under another registration, or not at all.
  const admission = admitClaim(policy, asGiven, person, ex, path);
  const notPaid = isNotPaid(admission) ? admission : undefined;
  const claim = notPaid ? asGiven : (admission as Claim);

  // A claim type the text leaves to another document.
  const deferred = planOf(policy).deferred;
  if (deferred && deferred !== NOT_IN_FORCE) {
    let d: (typeof deferred.value)[number] | undefined;
    for (let i = 0; i < deferred.value.length && !d; i++) if (deferred.value[i]!.type === claim.type) d = deferred.value[i];
    if (d) throw new YibaoError('unsupported', `${CLAIM_NAMES[claim.type]}：${d.label}（${deferred.doc} ${d.article}）`, `${path}.type`);
  }
  if (person.enrolment === 'pool_only') {
    const kinds = policy.enrolments;
    if (!kinds || !kinds.value.includes('pool_only')) {
      throw new YibaoError('unsupported', `pool-only enrolment (单建统筹) is not part of the ${view.scheme} scheme of ${view.region.name}${kinds ? ` (${kinds.source})` : ''}`, 'person.enrolment');
    }
  }

  // The benefit year: the calendar year of the discharge or visit.
  const benefitYear = requireParam(policy.benefitYear, 'benefitYear', '');
  const year = yearOf(date);
  if (ex.enabled) ex.add('benefitYear', claim.type === 'inpatient' ? `按出院日期 ${date} 计入 ${year} 年度` : `按就诊日期 ${date} 计入 ${year} 年度`, null, benefitYear.source);
  let state = years.get(year);
  if (!state) {
    state = newYearState(year);
    years.set(year, state);
  }
  return new OpenClaim(view, request, policy, claim, person, notPaid, year, years, state, ex, path);
}

/** A claim opened for its stages (one object per claim, no closure). */
class OpenClaim implements ClaimContext {
  constructor(
    readonly view: SchemeView,
    readonly request: SettleRequest,
    readonly policy: ClaimContext['policy'],
    readonly claim: Claim,
    readonly person: Person,
    readonly notPaid: ClaimContext['notPaid'],
    readonly year: number,
    readonly years: YearStates,
    readonly state: YearState,
    readonly ex: Explainer,
    readonly path: string,
  ) {}

  /** Age on the admission (or visit) date; asks for person.birthDate when a rule needs it. */
  age(): number {
    const { person, claim } = this;
    if (!person.birthDate) throw new YibaoError('invalid_input', 'person.birthDate is required: a rule of this region depends on the age', 'person.birthDate');
    return ageOn(person.birthDate, claim.admissionDate ?? claim.date);
  }
}

/** One claim through the stages. Refusals for a rule not in force get the claim's date field as their path in settleParsed. */
function settleClaim(view: SchemeView, request: SettleRequest, record: PersonRecord, asGiven: Claim, years: YearStates, account: { balance: Fen | undefined }, explain: boolean): ClaimResult {
  const ctx = openClaim(view, request, record, asGiven, years, explain);
  const items = splitClaimItems(ctx);
  const basic = basicPayment(ctx, items.benefitEligible);

  const cap = AnnualCapLedger.of(ctx);
  if (ctx.state.origin !== undefined) checkCarriedTotals(ctx.policy, ctx.state, cap.amount, cap.source, ctx.person);
  const basicPaid = cap.pay(basic.fund, '本次');
  basic.commit(basicPaid);
  const hifp = basicPaid + ownRuleDrugs(ctx, items, cap);

  const layers = layersAbove(ctx, items, basic, basicPaid, hifp, cap);
  const fund = hifp + layers.hifob + layers.hifmi + layers.oth;
  const psnPart = items.split.medfee - fund;
  explainTotals(ctx, hifp, layers.hifob, layers.hifmi, layers.oth, items.split.medfee, cap.source);

  const acct = payFromAccount(ctx, account, psnPart);
  return claimResult(ctx, items, basic, { hifp, hifob: layers.hifob, hifmi: layers.hifmi, oth: layers.oth, inscp: layers.inscp, acct, balance: account.balance });
}

/** The fund and person totals of a claim, in the explanation. */
function explainTotals(ctx: ClaimContext, hifp: Fen, hifob: Fen, hifmi: Fen, oth: Fen, medfee: Fen, source: string): void {
  const ex = ctx.ex;
  if (!ex.enabled) return;
  const fund = hifp + hifob + hifmi + oth;
  const psnPart = medfee - fund;
  ex.add('hifp', `统筹基金支付 ${formatYuan(hifp)} 元`, hifp, source);
  if (hifob || hifmi || oth) {
    ex.add('fund', `基金支付合计 ${formatYuan(fund)} 元 = 统筹 ${formatYuan(hifp)}${hifob ? ` + 大额 ${formatYuan(hifob)}` : ''}${hifmi ? ` + 大病 ${formatYuan(hifmi)}` : ''}${oth ? ` + 商业补充 ${formatYuan(oth)}` : ''}`, fund, source);
  }
  ex.add('psn_part', `个人负担 ${formatYuan(psnPart)} 元 = 医疗费总额 ${formatYuan(medfee)} − 基金支付 ${formatYuan(fund)}`, psnPart, source);
}
