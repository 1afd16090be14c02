/**
 * settle: one person's claims, in order, through the rules in force on each
 * claim's date, carrying the benefit year's accumulators between claims.
 */
import { YibaoError } from './errors.js';
import { splitItems, requireParam } from './items.js';
import { settleInpatientClaim } from './inpatient.js';
import { bpToRatio, fenToYuan, formatYuan, type Fen } from './money.js';
import { resolveAt, type Compiled, type RegionPolicy, type Resolved } from './policy/compile.js';
import type { AnnualCap, RegionId, SchemeId, SchemePolicy } from './policy/schema.js';
import { parseSettleRequest, type Claim, type SettleRequest } from './request.js';
import { ageOn, newYearState, type Person, type YearState } from './state.js';
import { Explainer, type Step } from './steps.js';

/** The national fund codes a result lists in setldetail (../shared/GLOSSARY.md). */
export const FUND_CODES = { pooled: '310100', largeExpense: '330100', criticalIllness: '390200' } as const;

export interface FundDetail {
  fund_pay_type: string;
  inscp_scp_amt: number;
  fund_payamt: number;
}

/** One claim's settlement, amounts in yuan, named as in the national settlement interface. */
export interface ClaimResult {
  claimId: string;
  type: Claim['type'];
  year: number;
  medfee_sumamt: number;
  fulamt_ownpay_amt: number;
  overlmt_selfpay: number;
  preselfpay_amt: number;
  inscp_scp_amt: number;
  act_pay_dedc: number;
  hifp_pay: number;
  pool_prop_selfpay: number;
  hifob_pay: number;
  hifmi_pay: number;
  hifes_pay: number;
  maf_pay: number;
  cvlserv_pay: number;
  oth_pay: number;
  fund_pay_sumamt: number;
  psn_part_amt: number;
  acct_pay: number;
  psn_cash_pay: number;
  setldetail: FundDetail[];
  steps: Step[];
}

export interface SettleResult {
  results: ClaimResult[];
}

export interface SettleOptions {
  /** Build the explanation (steps). Default true; false is the fast path. */
  explain?: boolean;
}

export type PolicySet = ReadonlyMap<RegionId, RegionPolicy>;


/** The parameters of one scheme resolved at a date, cached per date. */
export class SchemeView {
  private readonly cache = new Map<string, Resolved<Compiled<SchemePolicy>>>();
  constructor(
    readonly region: RegionPolicy,
    readonly scheme: SchemeId,
    private readonly tree: Compiled<SchemePolicy>,
  ) {}

  at(date: string, requestPath: string): Resolved<Compiled<SchemePolicy>> {
    let hit = this.cache.get(date);
    if (!hit) {
      hit = resolveAt(this.tree, date, `${this.region.name} ${this.scheme}`, requestPath);
      this.cache.set(date, hit);
    }
    return hit;
  }
}

const views = new WeakMap<RegionPolicy, Map<SchemeId, SchemeView>>();

export function schemeView(policies: PolicySet, region: RegionId, scheme: SchemeId): SchemeView {
  const policy = policies.get(region);
  if (!policy) {
    throw new YibaoError('invalid_input', `region: unknown region ${region}; known: ${[...policies.keys()].join(', ')}`, 'region');
  }
  let byScheme = views.get(policy);
  if (!byScheme) {
    byScheme = new Map();
    views.set(policy, byScheme);
  }
  let view = byScheme.get(scheme);
  if (!view) {
    const tree = policy.schemes[scheme];
    if (!tree) {
      throw new YibaoError('unsupported', `${policy.name}: the texts define no ${scheme} scheme (documents: ${policy.documents.map((d) => d.id).join('、')})`, 'scheme');
    }
    view = new SchemeView(policy, scheme, tree);
    byScheme.set(scheme, view);
  }
  return view;
}

/** The pooled fund's annual cap for a benefit year. */
export function annualCapAmount(cap: AnnualCap, year: number, request: SettleRequest): Fen {
  if (cap.kind === 'fixed') return cap.amount;
  const wageYear = String(year + cap.wageYearOffset);
  const wage = request.context.averageWage?.[wageYear];
  if (wage === undefined) {
    throw new YibaoError('missing_context', `the annual cap is ${cap.multiple} × the city average wage of ${wageYear} (社平工资); give context.averageWage.${wageYear}`, `context.averageWage.${wageYear}`);
  }
  return wage * cap.multiple;
}

/** Validates and settles a request. */
export function settleWith(policies: PolicySet, input: unknown, options: SettleOptions = {}): SettleResult {
  return settleParsed(policies, parseSettleRequest(input), options);
}

/** Settles an already validated request. */
export function settleParsed(policies: PolicySet, request: SettleRequest, options: SettleOptions = {}): SettleResult {
  const explain = options.explain ?? true;
  const view = schemeView(policies, request.region, request.scheme);
  const person: Person = { status: request.person.status, birthDate: request.person.birthDate, tags: request.person.tags };
  const years = new Map<number, YearState>();
  const results: ClaimResult[] = [];
  for (const claim of request.claims) {
    results.push(settleClaim(view, request, person, claim, years, explain));
  }
  return { results };
}

function settleClaim(view: SchemeView, request: SettleRequest, person: Person, claim: Claim, years: Map<number, YearState>, explain: boolean): ClaimResult {
  const path = `claims[${claim.index}]`;
  if (claim.type !== 'inpatient') {
    throw new YibaoError('unsupported', `claim type ${claim.type} is not settled yet: this version settles inpatient claims (住院)`, `${path}.type`);
  }
  const date = claim.dischargeDate!;
  const policy = view.at(date, `${path}.dischargeDate`);
  const ex = new Explainer(explain);
  const benefitYear = requireParam(policy.benefitYear, 'benefitYear', `${path}.dischargeDate`);
  const year = Number(date.slice(0, 4));
  ex.add('benefitYear', `按出院日期 ${date} 计入 ${year} 年度`, null, benefitYear.source);

  let state = years.get(year);
  if (!state) {
    state = newYearState(year);
    years.set(year, state);
  }

  const items = policy.items;
  if (!items) throw new YibaoError('policy_not_in_force', 'items: the region defines no item rules', `${path}.dischargeDate`);
  const split = splitItems(claim.items, items, claim.hospital, ex, path);
  ex.add('medfee', () => `医疗费总额 ${formatYuan(split.medfee)} 元 = 全自费 ${formatYuan(split.fulamt)} + 超限价自费 ${formatYuan(split.overlmt)} + 先行自付 ${formatYuan(split.preselfpay)} + 政策范围内 ${formatYuan(split.inscp)}`, split.medfee, items.outsideCatalogue?.source ?? '');

  const inpatient = policy.inpatient;
  if (!inpatient) throw new YibaoError('policy_not_in_force', 'inpatient: the region defines no inpatient rules', `${path}.dischargeDate`);
  const admission = claim.admissionDate!;
  const age = (): number => {
    if (!person.birthDate) throw new YibaoError('invalid_input', `person.birthDate is required: a rule of this region depends on the age on the admission date`, 'person.birthDate');
    return ageOn(person.birthDate, admission);
  };
  const out = settleInpatientClaim(inpatient, claim, person, age, state, split.inscp, ex, path);

  // 年度最高支付限额: the pooled fund pays at most what is left of the year's cap.
  const cap = requireParam(policy.annualCap, 'annualCap', `${path}.dischargeDate`);
  const capAmount = annualCapAmount(cap.value, year, request);
  const left = Math.max(0, capAmount - state.fundPaid);
  const hifp = Math.min(out.fundBeforeCap, left);
  if (hifp < out.fundBeforeCap) {
    ex.add('annualCap', () => `统筹基金年度最高支付限额 ${formatYuan(capAmount)} 元，本年度已支付 ${formatYuan(state.fundPaid)} 元，本次最多支付 ${formatYuan(left)} 元`, hifp, cap.source);
  }
  state.fundPaid += hifp;
  if (out.counted) state.admissions.set(out.counter, (state.admissions.get(out.counter) ?? 0) + 1);

  const preselfpay = split.preselfpay + out.extraSelfPay;
  const inscp = split.inscp - out.extraSelfPay;
  const fund = hifp;
  const psnPart = split.medfee - fund;
  ex.add('hifp', () => `统筹基金支付 ${formatYuan(hifp)} 元`, hifp, cap.source);
  ex.add('psn_part', () => `个人负担 ${formatYuan(psnPart)} 元 = 医疗费总额 ${formatYuan(split.medfee)} − 基金支付 ${formatYuan(fund)}`, psnPart, inpatient.ratio?.tables?.source ?? cap.source);

  return {
    claimId: claim.id,
    type: claim.type,
    year,
    medfee_sumamt: fenToYuan(split.medfee),
    fulamt_ownpay_amt: fenToYuan(split.fulamt),
    overlmt_selfpay: fenToYuan(split.overlmt),
    preselfpay_amt: fenToYuan(preselfpay),
    inscp_scp_amt: fenToYuan(inscp),
    act_pay_dedc: fenToYuan(out.deductible),
    hifp_pay: fenToYuan(hifp),
    pool_prop_selfpay: bpToRatio(out.ratio),
    hifob_pay: 0,
    hifmi_pay: 0,
    hifes_pay: 0,
    maf_pay: 0,
    cvlserv_pay: 0,
    oth_pay: 0,
    fund_pay_sumamt: fenToYuan(fund),
    psn_part_amt: fenToYuan(psnPart),
    acct_pay: 0,
    psn_cash_pay: fenToYuan(psnPart),
    setldetail: [{ fund_pay_type: FUND_CODES.pooled, inscp_scp_amt: fenToYuan(inscp), fund_payamt: fenToYuan(hifp) }],
    steps: ex.steps,
  };
}

