/**
 * settle: one person's claims, in order, through the rules in force on each
 * claim's date, carrying the benefit year's accumulators between claims.
 */
import { YibaoError } from '../errors.js';
import { splitItems, type ItemSplit } from './items.js';
import { requireParam } from '../../policy/lookup.js';
import { inpatientRatio, placeRule, settleInpatientClaim } from './inpatient.js';
import { accumulatorsOf, yearStateOf, type Accumulators } from './accumulators.js';
import { admitClaim } from './admission.js';
import { personOn, personRecord, type PersonRecord } from './person.js';
import { settleOutpatient, type BasicOutcome } from './outpatient.js';
import { settleChronic, settleSpecial } from './disease.js';
import { burdenLayer, largeExpenseLayer, supplementaryLayer, type LayerInput } from './layers.js';
import { applyRate, bpToRatio, fenToYuan, formatPercent, formatYuan, type Fen } from '../money.js';
import { NOT_IN_FORCE, peek, resolveAt, type Compiled, type RegionPolicy, type Resolved } from '../../policy/compile.js';
import type { AnnualCap, RegionId, SchemeId, SchemePolicy } from '../../policy/schema.js';
import { parseSettleRequest } from './parse.js';
import { fen, type Claim, type Item, type SettleRequest } from './request.js';
import { ageOn, newYearState, type ClaimScope, type Person, type YearState } from './state.js';
import { Explainer, type Step } from '../steps.js';

/** The national fund codes a result lists in setldetail (../shared/GLOSSARY.md). */
export const FUND_CODES = { pooled: '310100', residentPooled: '390100', largeExpense: '330100', criticalIllness: '390200' } as const;

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
  /** Personal-account balance after this claim (0 when no balance was given). */
  balc: number;
  setldetail: FundDetail[];
  /** The benefit year's totals after this claim: the next request's yearToDate entry for this year. */
  accumulators: Accumulators;
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
  /** The last date asked and its parameters (a request's claims, and consecutive requests, often share a date). */
  private lastDate: string | undefined;
  private lastHit: Resolved<Compiled<SchemePolicy>> | undefined;
  constructor(
    readonly region: RegionPolicy,
    readonly scheme: SchemeId,
    private readonly tree: Compiled<SchemePolicy>,
  ) {}

  /** Parameters refused here carry an empty path; the claim fills in its own date field. */
  at(date: string): Resolved<Compiled<SchemePolicy>> {
    if (date === this.lastDate) return this.lastHit!;
    let hit = this.cache.get(date);
    if (!hit) {
      hit = resolveAt(this.tree, date, `${this.region.name} ${this.scheme}`, '');
      this.cache.set(date, hit);
    }
    this.lastDate = date;
    this.lastHit = hit;
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

/** The pooled fund's annual cap for a benefit year; undefined where the text relies on one it does not give. */
export function annualCapAmount(cap: AnnualCap, year: number, request: SettleRequest): Fen | undefined {
  if (cap.kind === 'fixed') return cap.amount;
  if (cap.kind === 'not_in_texts') return undefined;
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
  const years = new Map<number, YearState>();
  for (let i = 0; i < request.yearToDate.length; i++) {
    const y = request.yearToDate[i]!;
    years.set(y.year, yearStateOf(y, i, fen));
  }
  const account = { balance: p.accountBalance };
  const record = personRecord(person, p.retiredOn);
  const results: ClaimResult[] = [];
  for (const claim of request.claims) {
    try {
      results.push(settleClaim(view, request, record, claim, years, account, explain));
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

const CATEGORY_NAMES_ZH = { drug: '门诊用药', service: '诊疗项目', material: '医用材料', bed: '床位费' } as const;

const CLAIM_NAMES = { inpatient: '住院', outpatient: '普通门诊', chronic: '门诊慢性病', special: '门诊特殊病' } as const;

function emptySplit(): ItemSplit {
  return { medfee: 0, fulamt: 0, overlmt: 0, preselfpay: 0, inscp: 0 };
}

function addSplit(a: ItemSplit, b: ItemSplit): ItemSplit {
  return {
    medfee: a.medfee + b.medfee,
    fulamt: a.fulamt + b.fulamt,
    overlmt: a.overlmt + b.overlmt,
    preselfpay: a.preselfpay + b.preselfpay,
    inscp: a.inscp + b.inscp,
  };
}

/** `claims[i]`, built once per index: only refusals read it. */
const CLAIM_PATHS: string[] = [];
function claimPath(index: number): string {
  if (index >= 1024) return `claims[${index}]`;
  return (CLAIM_PATHS[index] ??= `claims[${index}]`);
}

/** The year of a validated YYYY-MM-DD date. */
function yearOf(date: string): number {
  return (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + (date.charCodeAt(3) - 48);
}

function settleClaim(
  view: SchemeView,
  request: SettleRequest,
  record: PersonRecord,
  asGiven: Claim,
  years: Map<number, YearState>,
  account: { balance: Fen | undefined },
  explain: boolean,
): ClaimResult {
  const path = claimPath(asGiven.index);
  // Refusals for a rule not in force get the claim's date field as their path in settleParsed.
  const datePath = '';
  const date = asGiven.date;
  const policy = view.at(date);
  const ex = new Explainer(explain);
  const person = personOn(record, asGiven, () => policy.retirementStatus, ex);
  // Groups, deadlines, non-designated institutions: paid as given, read under another registration, or not at all.
  const admission = admitClaim(policy, asGiven, person, ex, path);
  const claim = admission.kind === 'settle' ? admission.claim : asGiven;
  const notPaid = admission.kind === 'not_paid' ? admission : undefined;

  // A claim type the text leaves to another document.
  const deferred = peek(policy, 'deferred');
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

  const benefitYear = requireParam(policy.benefitYear, 'benefitYear', datePath);
  const year = yearOf(date);
  if (ex.enabled) ex.add('benefitYear', claim.type === 'inpatient' ? `按出院日期 ${date} 计入 ${year} 年度` : `按就诊日期 ${date} 计入 ${year} 年度`, null, benefitYear.source);
  let state = years.get(year);
  if (!state) {
    state = newYearState(year);
    years.set(year, state);
  }

  // Items, with the drugs that have rules of their own carved out (资阳 第二十条).
  const items = policy.items;
  if (!items) throw new YibaoError('policy_not_in_force', 'items: the region defines no item rules', datePath);
  const drugs = policy.drugs;
  const single = drugs && !notPaid ? peek(drugs, 'singlePayment') : undefined;
  const highValue = claim.type !== 'inpatient' && drugs && !notPaid ? peek(drugs, 'highValueOutpatient') : undefined;
  let ordinaryItems: Item[] = claim.items;
  const singleItems: Item[] = [];
  const highValueItems: Item[] = [];
  if (single !== undefined || highValue !== undefined) {
    ordinaryItems = [];
    for (const item of claim.items) {
      if (item.singlePaymentDrug && single !== undefined) singleItems.push(item);
      else if (item.highValueDrug && highValue !== undefined) highValueItems.push(item);
      else ordinaryItems.push(item);
    }
  }
  // Items a benefit does not pay at all (绥化 两病: medicines only) are the person's own.
  const uncovered = claim.type === 'chronic' && policy.chronic?.coveredCategories ? policy.chronic.coveredCategories : undefined;
  let uncoveredTotal = 0;
  if (uncovered) {
    const covered: Item[] = [];
    for (let j = 0; j < ordinaryItems.length; j++) {
      const item = ordinaryItems[j]!;
      if (uncovered.value.includes(item.category)) {
        covered.push(item);
        continue;
      }
      uncoveredTotal += item.total;
      if (ex.enabled) ex.add('item.notCovered', () => `${item.name ?? `第 ${j + 1} 项`}：本待遇仅支付${uncovered.value.map((c) => CATEGORY_NAMES_ZH[c]).join('、')}，${formatYuan(item.total)} 元不予支付`, item.total, uncovered.source);
    }
    ordinaryItems = covered;
  }
  const ordinary = splitItems(ordinaryItems, items, claim.hospital, ex, path);
  if (uncoveredTotal > 0) {
    ordinary.medfee += uncoveredTotal;
    ordinary.fulamt += uncoveredTotal;
  }
  const singleSplit = singleItems.length ? splitItems(singleItems, items, claim.hospital, ex, path, { regionalPreSelfPay: false }) : emptySplit();
  const highSplit = highValueItems.length ? splitItems(highValueItems, items, claim.hospital, ex, path) : emptySplit();
  const split = singleItems.length || highValueItems.length ? addSplit(addSplit(ordinary, singleSplit), highSplit) : ordinary;
  if (ex.enabled) ex.add('medfee', `医疗费总额 ${formatYuan(split.medfee)} 元 = 全自费 ${formatYuan(split.fulamt)} + 超限价自费 ${formatYuan(split.overlmt)} + 先行自付 ${formatYuan(split.preselfpay)} + 政策范围内 ${formatYuan(split.inscp)}`, split.medfee, items.outsideCatalogue?.source ?? '');

  const age = (): number => {
    if (!person.birthDate) throw new YibaoError('invalid_input', 'person.birthDate is required: a rule of this region depends on the age', 'person.birthDate');
    return ageOn(person.birthDate, claim.admissionDate ?? claim.date);
  };

  // The basic (pooled-fund) payment of the claim's ordinary part.
  const scope: ClaimScope = { claim, person, state, age, ex, path };
  let basic: BasicOutcome;
  if (notPaid) {
    if (ex.enabled) ex.add('claim.notPaid', notPaid.text, 0, notPaid.source);
    basic = { deductible: 0, ratio: 0, fund: 0, area: 'local', extraSelfPay: 0, subCapLimited: false, base: 0, mode: 'not_paid', commit() {} };
  } else switch (claim.type) {
    case 'inpatient': {
      const inpatient = policy.inpatient;
      if (!inpatient) throw new YibaoError('unsupported', `${view.region.name}: the texts define no inpatient rules for this scheme`, `${path}.type`);
      const admitted = claim.admissionDate!;
      // The year-end part of the same stay is last year's last stay with the same admission date.
      const lastYearStay = yearOf(admitted) < year ? years.get(year - 1)?.lastStay : undefined;
      const continuationOf = lastYearStay && lastYearStay.admissionDate === admitted ? lastYearStay : undefined;
      const previousStay = state.lastStay;
      const out = settleInpatientClaim(inpatient, scope, ordinary.inscp, { continuationOf, previousStay });
      const st = state;
      basic = {
        deductible: out.deductible,
        ratio: out.ratio,
        fund: out.fundBeforeCap,
        area: out.area,
        extraSelfPay: out.extraSelfPay,
        subCapLimited: false,
        base: ordinary.inscp - out.deductible - out.extraSelfPay,
        mode: 'inpatient',
        commit() {
          if (out.countsNow) st.admissions.set(out.counter, (st.admissions.get(out.counter) ?? 0) + 1);
          st.lastStay = out.stay;
        },
      };
      break;
    }
    case 'outpatient': {
      if (!policy.outpatient) throw new YibaoError('unsupported', `${view.region.name}: the texts define no general outpatient rules for this scheme`, `${path}.type`);
      basic = settleOutpatient(policy.outpatient, scope, ordinary.inscp);
      break;
    }
    case 'chronic': {
      if (!policy.chronic) throw new YibaoError('unsupported', `${view.region.name}: the texts define no chronic-disease outpatient rules for this scheme`, `${path}.type`);
      basic = settleChronic(policy.chronic, scope, ordinary.inscp);
      break;
    }
    case 'special': {
      if (!policy.special) throw new YibaoError('unsupported', `${view.region.name}: the texts define no special-disease outpatient rules for this scheme`, `${path}.type`);
      basic = settleSpecial(policy.special, policy.inpatient, scope, ordinary.inscp);
      break;
    }
  }

  // 年度最高支付限额: the pooled fund pays at most what is left of the year's cap.
  const cap = requireParam(policy.annualCap, 'annualCap', datePath);
  const capAmount = annualCapAmount(cap.value, year, request);
  if (capAmount === undefined) {
    if (ex.enabled) ex.add('annualCap', '统筹基金支付计入年度最高支付限额，但本办法未给出限额数额：未校验年度限额', null, cap.source);
  }
  if (state.origin !== undefined) checkCarriedTotals(policy, state, capAmount, cap.source, person);
  const capState = state;
  const payWithinCap = (amount: Fen, what: string): Fen => {
    if (capAmount === undefined) {
      capState.fundPaid += amount;
      return amount;
    }
    const left = Math.max(0, capAmount - capState.fundPaid);
    const paid = Math.min(amount, left);
    if (paid < amount) {
      if (ex.enabled) ex.add('annualCap', `统筹基金年度最高支付限额 ${formatYuan(capAmount)} 元，本年度已支付 ${formatYuan(capState.fundPaid)} 元，${what}最多支付 ${formatYuan(left)} 元`, paid, cap.source);
    }
    capState.fundPaid += paid;
    return paid;
  };
  const capExhaustedBefore = capAmount !== undefined && state.fundPaid >= capAmount;
  const basicPaid = payWithinCap(basic.fund, '本次');
  const annualCapLimited = basicPaid < basic.fund;
  basic.commit(basicPaid);
  let hifp = basicPaid;

  // 单行支付药品 (资阳 第二十条（一）): no deductible, own ratio, own yearly cap, inside the annual cap.
  if (singleItems.length && single && single !== NOT_IN_FORCE) {
    const sp = single.value;
    const computed = applyRate(singleSplit.inscp, sp.ratio);
    const left = Math.max(0, sp.cap - state.singlePaymentPaid);
    const within = Math.min(computed, left);
    if (ex.enabled) ex.add('drugs.singlePayment', `单行支付药品不计起付线：${formatYuan(singleSplit.inscp)} × ${formatPercent(sp.ratio)} = ${formatYuan(computed)} 元${within < computed ? `，年度限额 ${formatYuan(sp.cap)} 元内本次支付 ${formatYuan(within)} 元` : ''}`, within, single.source);
    const paid = payWithinCap(within, '单行支付药品');
    state.singlePaymentPaid += paid;
    hifp += paid;
  } else if (singleItems.length) {
    peekRequire(single, 'drugs.singlePayment', datePath);
  }

  // 高值药品 in outpatient care (资阳 第二十条（二）): no deductible, the inpatient ratio; from a supplier, level-3 rates.
  if (highValueItems.length && highValue && highValue !== NOT_IN_FORCE) {
    const inpatient = policy.inpatient;
    if (!inpatient) throw new YibaoError('policy_not_in_force', 'inpatient: needed for the high-value drug ratio', datePath);
    const level = claim.hospital.kind === 'pharmacy' ? highValue.value.supplierLevel : claim.hospital.level;
    const asClaim: Claim = { ...claim, hospital: { ...claim.hospital, level, kind: 'hospital' } };
    const { rule: setting, source: settingSource } = placeRule(inpatient, asClaim, path, ex);
    const ratio = inpatientRatio(inpatient, { ...scope, claim: asClaim }, setting, settingSource, undefined, '');
    const computed = applyRate(highSplit.inscp, ratio);
    if (ex.enabled) ex.add('drugs.highValue', `国家药品目录内高值药品门诊使用：不计起付线，按住院待遇 ${formatYuan(highSplit.inscp)} × ${formatPercent(ratio)} = ${formatYuan(computed)} 元${claim.hospital.kind === 'pharmacy' ? '（供药机构购买，按三级定点医疗机构标准）' : ''}`, computed, highValue.source);
    hifp += payWithinCap(computed, '高值药品');
  } else if (highValueItems.length) {
    peekRequire(highValue, 'drugs.highValueOutpatient', datePath);
  }

  // The layers above the pooled fund.
  const inscp = split.inscp - basic.extraSelfPay;
  const preselfpay = split.preselfpay + basic.extraSelfPay;
  const layerInput: LayerInput = {
    claim,
    person,
    request,
    year,
    basic,
    basicPaid,
    inscp,
    hifp,
    ex,
    ordinaryEligible: ordinary.inscp - basic.extraSelfPay,
    capExhaustedBefore,
  };
  let hifob = 0;
  let hifmi = 0;
  let oth = 0;
  const layers = policy.layers;
  if (layers && !notPaid) {
    const le = peek(layers, 'largeExpense');
    if (le === NOT_IN_FORCE) {
      if (annualCapLimited || capExhaustedBefore || claim.type === 'inpatient') peekRequire(le, 'layers.largeExpense', datePath);
    } else if (le) {
      hifob = largeExpenseLayer(le, state.largeExpense, layerInput, annualCapLimited || capExhaustedBefore, cap.source);
    }
    const ci = peek(layers, 'criticalIllness');
    if (ci === NOT_IN_FORCE) peekRequire(ci, 'layers.criticalIllness', datePath);
    else if (ci) hifmi = burdenLayer(ci.value, ci.source, state.criticalIllness, layerInput, '城乡居民大病保险', 'criticalIllness');
    const sup = peek(layers, 'supplementary');
    if (sup === NOT_IN_FORCE) {
      if (person.tags.includes('supplementary_insured')) peekRequire(sup, 'layers.supplementary', datePath);
    } else if (sup) {
      const specialPaid = { value: state.supplementarySpecialPaid };
      oth = supplementaryLayer(sup, layerInput, basic.deductible, hifob, specialPaid);
      state.supplementarySpecialPaid = specialPaid.value;
    }
  }

  const fund = hifp + hifob + hifmi + oth;
  const psnPart = split.medfee - fund;
  if (ex.enabled) ex.add('hifp', `统筹基金支付 ${formatYuan(hifp)} 元`, hifp, cap.source);
  if (hifob || hifmi || oth) {
    if (ex.enabled) ex.add('fund', `基金支付合计 ${formatYuan(fund)} 元 = 统筹 ${formatYuan(hifp)}${hifob ? ` + 大额 ${formatYuan(hifob)}` : ''}${hifmi ? ` + 大病 ${formatYuan(hifmi)}` : ''}${oth ? ` + 商业补充 ${formatYuan(oth)}` : ''}`, fund, cap.source);
  }
  if (ex.enabled) ex.add('psn_part', `个人负担 ${formatYuan(psnPart)} 元 = 医疗费总额 ${formatYuan(split.medfee)} − 基金支付 ${formatYuan(fund)}`, psnPart, cap.source);

  // 个人账户: the person's share from the account first, up to its balance.
  let acct = 0;
  // The account pays at designated institutions only (定点医药机构).
  if (account.balance !== undefined && !notPaid) {
    if (!('personalAccount' in policy) || policy.personalAccount === undefined) {
      throw new YibaoError('unsupported', `person.accountBalance: the ${view.scheme} scheme of ${view.region.name} has no personal account`, 'person.accountBalance');
    }
    const pa = policy.personalAccount;
    if (person.enrolment === 'pool_only') throw new YibaoError('invalid_input', 'person.accountBalance: pool-only enrolees (单建统筹) have no personal account', 'person.accountBalance');
    acct = Math.min(account.balance, psnPart);
    const before = account.balance;
    account.balance -= acct;
    if (ex.enabled) ex.add('acct', `个人负担部分优先由个人账户支付：余额 ${formatYuan(before)} 元，支付 ${formatYuan(acct)} 元，余额 ${formatYuan(before - acct)} 元`, acct, pa.source);
  }

  const setldetail: FundDetail[] = [{ fund_pay_type: view.scheme === 'resident' ? FUND_CODES.residentPooled : FUND_CODES.pooled, inscp_scp_amt: fenToYuan(inscp), fund_payamt: fenToYuan(hifp) }];
  if (hifob) setldetail.push({ fund_pay_type: FUND_CODES.largeExpense, inscp_scp_amt: fenToYuan(inscp), fund_payamt: fenToYuan(hifob) });
  if (hifmi) setldetail.push({ fund_pay_type: FUND_CODES.criticalIllness, inscp_scp_amt: fenToYuan(inscp), fund_payamt: fenToYuan(hifmi) });

  return {
    claimId: claim.id,
    type: claim.type,
    year,
    medfee_sumamt: fenToYuan(split.medfee),
    fulamt_ownpay_amt: fenToYuan(split.fulamt),
    overlmt_selfpay: fenToYuan(split.overlmt),
    preselfpay_amt: fenToYuan(preselfpay),
    inscp_scp_amt: fenToYuan(inscp),
    act_pay_dedc: fenToYuan(basic.deductible),
    hifp_pay: fenToYuan(hifp),
    pool_prop_selfpay: bpToRatio(basic.ratio),
    hifob_pay: fenToYuan(hifob),
    hifmi_pay: fenToYuan(hifmi),
    hifes_pay: 0,
    maf_pay: 0,
    cvlserv_pay: 0,
    oth_pay: fenToYuan(oth),
    fund_pay_sumamt: fenToYuan(fund),
    psn_part_amt: fenToYuan(psnPart),
    acct_pay: fenToYuan(acct),
    psn_cash_pay: fenToYuan(psnPart - acct),
    balc: fenToYuan(account.balance ?? 0),
    setldetail,
    accumulators: accumulatorsOf(state),
    steps: ex.steps,
  };
}

/** Refuses when a parameter the claim needs is defined but not in force (peek returned NOT_IN_FORCE). */
function peekRequire(v: unknown, label: string, path: string): void {
  if (v === NOT_IN_FORCE) throw new YibaoError('policy_not_in_force', `${label}: no rule in force on this date`, path);
}

/**
 * A year's totals given in yearToDate that contradict the rules in force at the year's first claim
 * of the request: a fund paid above its yearly cap (checked once per entry).
 */
function checkCarriedTotals(policy: Resolved<Compiled<SchemePolicy>>, state: YearState, capAmount: Fen | undefined, capSource: string, person: Person): void {
  const at = `yearToDate[${state.origin}]`;
  state.origin = undefined;
  const above = (paid: Fen, cap: Fen, field: string, what: string, source: string): void => {
    if (paid > cap) throw new YibaoError('invalid_input', `${at}.${field}: ${formatYuan(paid)} is above ${what} of ${formatYuan(cap)} yuan (${source})`, `${at}.${field}`);
  };
  if (capAmount !== undefined) above(state.fundPaid, capAmount, 'fundPaid', "the pooled fund's annual cap", capSource);
  // Admissions under a counter the region's rules do not keep would be silently ignored.
  const rules = policy.inpatient ? peek(policy.inpatient, 'placeRules') : undefined;
  if (rules && rules !== NOT_IN_FORCE) {
    const counters = new Set(rules.value.map((r) => (r.kind === 'settle' ? r.counter : 'all')));
    for (const key of [...state.admissions.keys(), ...(state.lastStay ? [state.lastStay.counter] : [])]) {
      if (!counters.has(key)) {
        const field = state.admissions.has(key) ? `admissions.${key}` : 'lastStay.counter';
        throw new YibaoError('invalid_input', `${at}.${field}: this region counts admissions as ${[...counters].join(', ')} (${rules.source})`, `${at}.${field}`);
      }
    }
  }
  const single = policy.drugs ? peek(policy.drugs, 'singlePayment') : undefined;
  if (single && single !== NOT_IN_FORCE) above(state.singlePaymentPaid, single.value.cap, 'singlePaymentDrug.fundPaid', 'the yearly cap of single-payment drugs', single.source);
  const layers = policy.layers;
  if (!layers) return;
  const le = peek(layers, 'largeExpense');
  if (le && le !== NOT_IN_FORCE && le.value.kind !== 'not_in_texts' && le.value.cap !== undefined) {
    above(state.largeExpense.paid, le.value.cap, 'largeExpense.paid', 'the large-expense cap', le.source);
  }
  const ci = peek(layers, 'criticalIllness');
  if (ci && ci !== NOT_IN_FORCE && ci.value.cap !== undefined) {
    const group = ci.value.groups.find((g) => g.tags.some((t) => person.tags.includes(t)));
    if (!group?.noCap) above(state.criticalIllness.paid, ci.value.cap, 'criticalIllness.paid', 'the critical-illness cap', ci.source);
  }
}
