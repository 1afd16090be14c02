/**
 * The layers above the pooled fund (大额医疗费用补助, 城乡居民大病保险, 商业补充医疗保险).
 *
 * Band boundaries are read on the cumulative yearly amount, the same axis the
 * deductible stands on: 资阳 第二十七条 “起付线以上至50000元（含）” only makes sense
 * when 50,000 is on the deductible's axis, and 绥化 第二十九条 is read the same way
 * for one rule across the texts. With a 15,000 deductible the first 绥化 band is
 * 15,000–20,000 of the year's amount left to the person.
 */
import { YibaoError } from '../errors.js';
import { applyRate, BP_ONE, formatPercent, formatYuan, type Bp, type Fen } from '../money.js';
import { NOT_IN_FORCE, type InForce } from '../../policy/compile.js';
import { planOf } from './plan.js';
import type { AnnualCapLedger } from './annual-cap.js';
import type { ClaimContext } from './claim-context.js';
import type { ClaimItems } from './claim-items.js';
import type { Band, BurdenBands, BurdenDeductible, LargeExpense, Supplementary } from '../../policy/schema.js';
import type { BasicOutcome } from './outpatient.js';
import type { Claim, SettleRequest } from './request.js';
import type { Explainer } from '../steps.js';
import type { Person } from './state.js';

export interface BandPart {
  from: Fen;
  to: Fen;
  rate: Bp;
  pay: Fen;
}

function bandRate(band: Band, area: 'local' | 'out_of_area'): Bp {
  return typeof band.rate === 'number' ? band.rate : band.rate[area];
}

/** What a layer pays as the year's cumulative amount moves from `before` to `after`. */
export function bandPayment(
  before: Fen,
  after: Fen,
  deductible: Fen,
  bands: readonly Band[],
  area: 'local' | 'out_of_area',
  add: Bp,
  bandsOn: 'cumulative' | 'above_deductible' = 'cumulative',
): { pay: Fen; parts: BandPart[] } {
  const parts: BandPart[] = [];
  let pay = 0;
  // Bounds on the cumulative amount, or on the amount above the deductible (shifted by it).
  const offset = bandsOn === 'above_deductible' ? deductible : 0;
  let lower = offset;
  for (const band of bands) {
    const upper = band.upTo === undefined ? Number.POSITIVE_INFINITY : band.upTo + offset;
    const from = Math.max(before, deductible, lower);
    const to = Math.min(after, upper);
    if (to > from) {
      const rate = Math.min(BP_ONE, bandRate(band, area) + add);
      const p = applyRate(to - from, rate);
      parts.push({ from, to, rate, pay: p });
      pay += p;
    }
    lower = upper;
  }
  return { pay, parts };
}

/** The eligible amount the basic payment covered, at its ratio (rounded half-up). */
function coveredBase(paid: Fen, ratio: Bp, base: Fen): Fen {
  if (ratio <= 0) return 0;
  return Math.min(base, Math.floor((paid * BP_ONE + Math.floor(ratio / 2)) / ratio));
}

export function burdenDeductible(d: BurdenDeductible, year: number, request: SettleRequest, source: string, ex: Explainer): Fen {
  if (d.kind === 'fixed') return d.amount;
  const wageYear = String(year + d.wageYearOffset);
  const wage = request.context.averageWage?.[wageYear];
  if (wage === undefined) {
    throw new YibaoError('missing_context', `the large-expense deductible is at most ${formatPercent(d.share)} of the city average wage of ${wageYear} (社平工资); give context.averageWage.${wageYear}`, `context.averageWage.${wageYear}`);
  }
  const bound = applyRate(wage, d.share);
  const given = request.context.largeExpenseDeductible;
  if (given !== undefined) {
    if (given > bound) {
      throw new YibaoError('invalid_input', `context.largeExpenseDeductible: ${formatYuan(given)} is above the bound of ${formatPercent(d.share)} of the ${wageYear} average wage (${formatYuan(bound)}; ${source})`, 'context.largeExpenseDeductible');
    }
    if (ex.enabled) ex.add('largeExpense.deductible', () => `大额起付线按 context.largeExpenseDeductible 为 ${formatYuan(given)} 元（不高于 ${wageYear} 年社平工资 ${formatYuan(wage)} 元的 ${formatPercent(d.share)} 即 ${formatYuan(bound)} 元）`, given, source);
    return given;
  }
  if (ex.enabled) ex.add('largeExpense.deductible', () => `大额起付线“不高于上年度社平工资的 ${formatPercent(d.share)}”：取上限 ${formatYuan(wage)} × ${formatPercent(d.share)} = ${formatYuan(bound)} 元（经办机构确定的更低起付线可由 context.largeExpenseDeductible 给出）`, bound, source);
  return bound;
}

export interface LayerInput {
  claim: Claim;
  person: Person;
  request: SettleRequest;
  year: number;
  basic: BasicOutcome;
  /** Pooled-fund payment of the claim's ordinary part after the annual cap. */
  basicPaid: Fen;
  /** The claim's eligible amount and all its pooled-fund payments. */
  inscp: Fen;
  /** The eligible amount of the claim's ordinary part (without drugs paid by their own rules). */
  ordinaryEligible: Fen;
  /** Whether the pooled fund had reached its annual cap before this claim. */
  capExhaustedBefore: boolean;
  hifp: Fen;
  ex: Explainer;
}

export interface Accumulator {
  burden: Fen;
  paid: Fen;
}

/** A burden-bands layer (资阳 大额, 绥化 大病) for one claim; updates the accumulator. */
export function burdenLayer(layer: BurdenBands, source: string, acc: Accumulator, input: LayerInput, name: string, rule: string): Fen {
  const { claim, person, ex } = input;
  // A special disease paid as an inpatient stay (视同住院) counts with inpatient care.
  const asInpatient = input.basic.mode === 'as_inpatient' && layer.claimTypes.includes('inpatient');
  if (!layer.claimTypes.includes(claim.type) && !asInpatient) return 0;
  const group = layer.groups.find((g) => g.tags.some((t) => person.tags.includes(t)));
  const deductible = group ? group.deductible : burdenDeductible(layer.deductible, input.year, input.request, source, ex);
  const add = group?.add ?? 0;
  const increment = Math.max(0, input.inscp - input.hifp);
  const before = acc.burden;
  const after = before + increment;
  acc.burden = after;
  const { pay, parts } = bandPayment(before, after, deductible, layer.bands, input.basic.area, add, layer.bandsOn);
  if (ex.enabled) ex.add(`${rule}.burden`, () => `${name}：本年度政策范围内个人负担累计 ${formatYuan(before)} → ${formatYuan(after)} 元（本次 ${formatYuan(input.inscp)} − 基本医保 ${formatYuan(input.hifp)}），起付线 ${formatYuan(deductible)} 元${group ? `（${group.label}）` : ''}`, increment, group ? `${source.split(' ')[0]} ${group.article}` : source);
  for (const p of parts) {
    if (ex.enabled) ex.add(`${rule}.band`, () => `${name}：${formatYuan(p.from)}–${formatYuan(p.to)} 元段${layer.bandsOn === 'above_deductible' ? '（分段按起付线以上金额计）' : ''} × ${formatPercent(p.rate)} = ${formatYuan(p.pay)} 元`, p.pay, source);
  }
  let paid = pay;
  const cap = group?.noCap ? undefined : layer.cap;
  if (cap !== undefined && acc.paid + pay > cap) {
    paid = Math.max(0, cap - acc.paid);
    if (ex.enabled) ex.add(`${rule}.cap`, () => `${name}年度最高支付限额 ${formatYuan(cap)} 元，本年度已支付 ${formatYuan(acc.paid)} 元，本次支付 ${formatYuan(paid)} 元`, paid, source);
  }
  acc.paid += paid;
  return paid;
}

/** 大额: the employee large-expense subsidy for one claim. */
export function largeExpenseLayer(le: InForce<LargeExpense>, acc: Accumulator, input: LayerInput, annualCapLimited: boolean, capSource: string): Fen {
  const v = le.value;
  const { ex, basic } = input;
  if (v.kind === 'not_in_texts') {
    // A payment the annual cap cut that the text sends to a layer whose rules are elsewhere: refused, not guessed.
    if (input.basicPaid < input.basic.fund && v.refuse && v.refuse.claimTypes.includes(input.claim.type)) {
      throw new YibaoError('unsupported', `${v.refuse.label}（${le.doc} ${v.refuse.article}）`, `claims[${input.claim.index}]`);
    }
    if (annualCapLimited) {
      if (ex.enabled) ex.add('largeExpense.none', '超过统筹基金年度最高支付限额的费用由职工大额医疗费用补助按规定支付，但其规则不在本办法中（另行制定），未配置大额规则：该部分由个人负担', 0, le.source);
    }
    return 0;
  }
  if (v.kind === 'burden_bands') return burdenLayer(v, le.source, acc, input, '职工大额医疗费用补助', 'largeExpense');
  if (!v.claimTypes.includes(input.claim.type) || !(annualCapLimited || input.capExhaustedBefore)) return 0;
  // The eligible amount above the point where the cap was reached: all of it once the cap was
  // reached before this claim; on the claim that reaches it, what the last payment did not cover.
  let beyond: Fen;
  if (input.capExhaustedBefore) beyond = input.ordinaryEligible;
  else if (basic.mode === 'outpatient' || basic.mode === 'chronic' || basic.mode === 'ratio_class') {
    beyond = basic.ratio > 0 ? Math.min(basic.base, Math.floor(((basic.fund - input.basicPaid) * BP_ONE + Math.floor(basic.ratio / 2)) / basic.ratio)) : 0;
  } else beyond = basic.base - coveredBase(input.basicPaid, basic.ratio, basic.base);
  const computed = applyRate(beyond, v.ratio);
  const pay = Math.min(computed, Math.max(0, v.cap - acc.paid));
  if (ex.enabled) ex.add('largeExpense.aboveCap', () => `统筹基金达到年度支付限额（${capSource}）后的政策范围内费用 ${formatYuan(beyond)} 元，由职工大额医疗费用补助支付 ${formatPercent(v.ratio)} = ${formatYuan(computed)} 元`, computed, le.source);
  if (pay < computed) {
    if (ex.enabled) ex.add('largeExpense.cap', () => `大额补助年度最高支付限额 ${formatYuan(v.cap)} 元，本年度已支付 ${formatYuan(acc.paid)} 元，本次支付 ${formatYuan(pay)} 元`, pay, le.source);
  }
  acc.paid += pay;
  return pay;
}

/** 资阳 第三十一条: commercial supplementary insurance → oth_pay. */
export function supplementaryLayer(sup: InForce<Supplementary>, input: LayerInput, deductible: Fen, hifob: Fen, specialPaid: { value: Fen }): Fen {
  const v = sup.value;
  const { person, basic, ex } = input;
  if (!person.tags.includes(v.tag)) return 0;
  if (basic.mode === 'inpatient' || basic.mode === 'as_inpatient') {
    const base = Math.max(0, input.inscp - deductible - input.hifp - hifob);
    const rate = v.inpatient[basic.area];
    const pay = applyRate(base, rate);
    if (ex.enabled) ex.add('supplementary.inpatient', () => `商业补充医疗保险：(政策范围内 ${formatYuan(input.inscp)} − 起付线 ${formatYuan(deductible)} − 基本医保 ${formatYuan(input.hifp)} − 大额 ${formatYuan(hifob)}) × ${formatPercent(rate)} = ${formatYuan(pay)} 元`, pay, sup.source);
    return pay;
  }
  if (basic.mode === 'ratio_class' && basic.subCapLimited) {
    const beyond = basic.base - coveredBase(input.basicPaid, basic.ratio, basic.base);
    const computed = applyRate(beyond, v.specialAboveCap.rate);
    const pay = Math.min(computed, Math.max(0, v.specialAboveCap.cap - specialPaid.value));
    specialPaid.value += pay;
    if (ex.enabled) ex.add('supplementary.special', () => `商业补充医疗保险：特殊疾病统筹基金支付限额以上合格费用 ${formatYuan(beyond)} 元 × ${formatPercent(v.specialAboveCap.rate)}，年度最高 ${formatYuan(v.specialAboveCap.cap)} 元，本次 ${formatYuan(pay)} 元`, pay, sup.source);
    return pay;
  }
  return 0;
}

/** A layer the claim needs, defined but not in force on its date. */
function notInForce(label: string): YibaoError {
  return new YibaoError('policy_not_in_force', `${label}: no rule in force on this date`, '');
}

/** What the layers above the pooled fund pay for a claim, and the eligible amount they stand on. */
export interface LayerPayments {
  hifob: Fen;
  hifmi: Fen;
  oth: Fen;
  /** The claim's eligible amount after a setting's pre-self-pay. */
  inscp: Fen;
}

/**
 * Stage 5, the layers above the pooled fund, in order: 大额 (above the cap, or on the year's burden),
 * 城乡居民大病保险, commercial supplementary insurance. A layer defined but not in force on the date
 * refuses the claims that need it.
 */
export function layersAbove(ctx: ClaimContext, items: ClaimItems, basic: BasicOutcome, basicPaid: Fen, hifp: Fen, cap: AnnualCapLedger): LayerPayments {
  const { policy, claim, person, state, notPaid, ex } = ctx;
  const inscp = items.split.inscp - basic.extraSelfPay;
  const out: LayerPayments = { hifob: 0, hifmi: 0, oth: 0, inscp };
  const layers = policy.layers;
  if (!layers || notPaid) return out;
  const capLimited = basicPaid < basic.fund || cap.exhaustedBefore;
  const input: LayerInput = {
    claim,
    person,
    request: ctx.request,
    year: ctx.year,
    basic,
    basicPaid,
    inscp,
    hifp,
    ex,
    ordinaryEligible: items.ordinary.inscp - basic.extraSelfPay,
    capExhaustedBefore: cap.exhaustedBefore,
  };
  const plan = planOf(policy);
  const le = plan.largeExpense;
  if (le === NOT_IN_FORCE) {
    if (capLimited || claim.type === 'inpatient') throw notInForce('layers.largeExpense');
  } else if (le) {
    out.hifob = largeExpenseLayer(le, state.largeExpense, input, capLimited, cap.source);
  }
  const ci = plan.criticalIllness;
  if (ci === NOT_IN_FORCE) throw notInForce('layers.criticalIllness');
  if (ci) out.hifmi = burdenLayer(ci.value, ci.source, state.criticalIllness, input, '城乡居民大病保险', 'criticalIllness');
  const sup = plan.supplementary;
  if (sup === NOT_IN_FORCE) {
    if (person.tags.includes('supplementary_insured')) throw notInForce('layers.supplementary');
  } else if (sup) {
    const specialPaid = { value: state.supplementarySpecialPaid };
    out.oth = supplementaryLayer(sup, input, basic.deductible, out.hifob, specialPaid);
    state.supplementarySpecialPaid = specialPaid.value;
  }
  return out;
}
