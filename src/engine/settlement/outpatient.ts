/**
 * General outpatient pooling (普通门诊 / 门诊统筹): an annual deductible, a ratio
 * by hospital level (or pharmacy) and status, and an annual outpatient cap,
 * all shared by the year's outpatient claims, whichever rule was in force on
 * each claim's date.
 */
import { YibaoError } from '../errors.js';
import { applyRate, formatPercent, formatYuan, type Bp, type Fen } from '../money.js';
import type { InForceTree } from '../../policy/compile.js';
import { byLevel, LEVEL_NAMES, rateFor, STATUS_NAMES } from '../../policy/lookup.js';
import type { OutpatientCap, OutpatientPolicy, PlaceRule, RatioTableValue, Status } from '../../policy/schema.js';
import { adjustRatio, matchPlaceRule } from './inpatient.js';
import { requireParam } from '../../policy/lookup.js';
import { ageOn, groupName, type ClaimScope, type Person } from './state.js';

type Settle = Extract<PlaceRule, { kind: 'settle' }>;

/** What a basic (pooled-fund) computation hands to the claim: before the annual cap. */
export interface BasicOutcome {
  deductible: Fen;
  ratio: Bp;
  /** Pooled-fund payment after the type's own caps, before the annual cap. */
  fund: Fen;
  area: 'local' | 'out_of_area';
  /** Pre-self-pay added by the setting (moved out of the eligible amount). */
  extraSelfPay: Fen;
  /** Records the year's accumulators once the payment after the annual cap is known. */
  commit(paid: Fen): void;
  /** For layers: whether this payment is limited by the type's own yearly cap rather than the annual cap. */
  subCapLimited: boolean;
  /** The eligible amount the ratio applies to (above the deductible and any setting pre-self-pay). */
  base: Fen;
  /** How the claim was paid, for the layers above: an inpatient stay (or paid as one), or outpatient-type. */
  mode: 'inpatient' | 'as_inpatient' | 'ratio_class' | 'outpatient' | 'chronic' | 'not_recognised' | 'not_paid';
}

const LOCAL_RULE: Settle = {
  kind: 'settle',
  when: {},
  label: '按本地标准结算',
  article: '',
  tcm: false,
  ratioTable: 'local',
  area: 'local',
  ratioAdjust: 0,
  counter: 'all',
};

/** The ratio of a level table for a claim; refused where the text pays nothing at that level. */
export function tableRatio(value: RatioTableValue, status: Status, what: string, source: string, path: string): Bp {
  if (value === null) throw new YibaoError('unsupported', `${what}：文本未规定该级别医疗机构的支付比例（${source}）`, `${path}.hospital.level`);
  return rateFor(value, status);
}

export function outpatientCapAmount(cap: OutpatientCap, person: Person, year: number, path: string): { amount: Fen; text: string } {
  if (person.enrolment === 'pool_only') {
    if (!cap.poolOnly) throw new YibaoError('unsupported', 'pool-only enrolment (单建统筹) is not defined for this region', 'person.enrolment');
    return { amount: cap.poolOnly[person.status], text: `单建统筹${STATUS_NAMES[person.status]}` };
  }
  if (person.status === 'retired') return { amount: cap.retired, text: STATUS_NAMES.retired };
  const e = cap.employed;
  if (typeof e === 'number') return { amount: e, text: STATUS_NAMES.employed };
  if (!person.birthDate) throw new YibaoError('invalid_input', 'person.birthDate is required: the outpatient cap depends on the age band', 'person.birthDate');
  const age = ageOn(person.birthDate, `${year}-01-01`);
  for (const band of e.bands) {
    if (band.belowAge === undefined || age < band.belowAge) {
      return { amount: band.amount, text: `在职职工（${year}年1月1日 ${age} 周岁${band.belowAge !== undefined ? `，${band.belowAge}岁以下` : ''}）` };
    }
  }
  throw new YibaoError('unsupported', `no outpatient cap band covers age ${age}`, `${path}`);
}

export function settleOutpatient(policy: InForceTree<OutpatientPolicy>, scope: ClaimScope, eligible: Fen): BasicOutcome {
  const { claim, person, state, ex, path } = scope;
  let setting = LOCAL_RULE;
  let settingSource = '';
  if (policy.placeRules) {
    ({ rule: setting, source: settingSource } = matchPlaceRule(policy.placeRules, claim, path, ex, 'outpatient.setting'));
  }

  // 支付比例
  const ratios = requireParam(policy.ratio, 'outpatient.ratio', path);
  let ratio: Bp;
  let ratioSource: string;
  if (claim.hospital.kind === 'pharmacy') {
    const pharmacy = policy.pharmacyRatio;
    if (!pharmacy) throw new YibaoError('unsupported', `文本未规定定点零售药店的门诊统筹支付比例（${ratios.source}）`, `${path}.hospital.kind`);
    ratio = rateFor(pharmacy.value, person.status);
    ratioSource = pharmacy.source;
    if (ex.enabled) ex.add('outpatient.ratio', () => `定点零售药店${groupName(person)}门诊统筹支付比例 ${formatPercent(ratio)}`, null, ratioSource);
  } else {
    const table = ratios.value[setting.ratioTable];
    if (!table) throw new YibaoError('policy_not_in_force', `outpatient.ratio.${setting.ratioTable}: the region defines no such table`, path);
    const level = setting.ratioLevel ?? claim.hospital.level;
    ratio = tableRatio(byLevel(table, level, claim.hospital.grade, path), person.status, `${LEVEL_NAMES[level]}医疗机构普通门诊`, ratios.source, path);
    ratioSource = ratios.source;
    if (ex.enabled) ex.add('outpatient.ratio', () => `${setting === LOCAL_RULE ? '' : `${setting.label}：`}${LEVEL_NAMES[level]}医疗机构${groupName(person)}门诊统筹支付比例 ${formatPercent(ratio)}`, null, setting === LOCAL_RULE ? ratioSource : `${settingSource}；${ratioSource}`);
  }
  if (setting.ratioAdjust !== 0) ratio = adjustRatio(ratio, setting, settingSource, policy.ratioAdjustment, ex, 'outpatient.ratio.place');

  // 年度起付标准, shared by the year's outpatient claims
  const d = requireParam(policy.deductible, 'outpatient.deductible', path);
  const yearly = person.enrolment === 'pool_only' ? (d.value.poolOnly ?? 0) : d.value[person.status];
  const left = Math.max(0, yearly - state.outpatient.deductibleUsed);
  const deductible = Math.min(left, eligible);
  if (ex.enabled) ex.add('outpatient.deductible', () => `普通门诊年度起付标准 ${formatYuan(yearly)} 元，本年度已负担 ${formatYuan(state.outpatient.deductibleUsed)} 元，本次负担 ${formatYuan(deductible)} 元`, deductible, d.source);

  // 年度最高支付限额 of outpatient pooling
  const capParam = requireParam(policy.cap, 'outpatient.cap', path);
  const cap = outpatientCapAmount(capParam.value, person, state.year, path);
  const capLeft = Math.max(0, cap.amount - state.outpatient.paid);
  const computed = applyRate(eligible - deductible, ratio);
  const fund = Math.min(computed, capLeft);
  if (ex.enabled) ex.add('outpatient.fund', () => `统筹基金支付 (政策范围内 ${formatYuan(eligible)} − 起付线 ${formatYuan(deductible)}) × ${formatPercent(ratio)} = ${formatYuan(computed)} 元`, computed, ratioSource);
  if (fund < computed) {
    if (ex.enabled) ex.add('outpatient.cap', () => `${cap.text}普通门诊年度最高支付限额 ${formatYuan(cap.amount)} 元，本年度已支付 ${formatYuan(state.outpatient.paid)} 元，本次最多支付 ${formatYuan(capLeft)} 元`, fund, capParam.source);
  }

  return {
    deductible,
    ratio,
    fund,
    area: setting.area,
    extraSelfPay: 0,
    subCapLimited: fund < computed,
    base: eligible - deductible,
    mode: 'outpatient',
    commit(paid) {
      state.outpatient.deductibleUsed += deductible;
      state.outpatient.paid += paid;
    },
  };
}

