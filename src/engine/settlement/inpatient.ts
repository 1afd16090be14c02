/**
 * Inpatient settlement (住院): place and registration → setting; deductible
 * (起付标准); ratio (支付比例); the pooled fund's payment within the annual cap.
 * One set of rules for every region; the numbers and named variants come
 * from the resolved inpatient policy.
 */
import { YibaoError } from '../errors.js';
import { stayDays } from './limits.js';
import { applyRate, BP_ONE, formatPercent, formatYuan, type Bp, type Fen } from '../money.js';
import type { InForce, InForceTree } from '../../policy/compile.js';
import { byLevel, gradedAt, LEVEL_NAMES, rateFor } from '../../policy/lookup.js';
import type { AdmissionCounter, InpatientPolicy, PlaceRule, RatioIncrement, TagRule } from '../../policy/schema.js';
import { requireParam } from '../../policy/lookup.js';
import type { Claim } from './request.js';
import type { Explainer } from '../steps.js';
import { groupName, type ClaimScope, type Person, type StayRecord } from './state.js';

type Settle = Extract<PlaceRule, { kind: 'settle' }>;
type Override = Extract<TagRule, { kind: 'override' }>;

const PLACE_NAMES = { local: '本地', in_province: '省内异地', jingjin: '京津', cross_province: '跨省异地' } as const;
const REG_NAMES = { none: '未备案', referral: '转诊转院备案', temporary: '临时外出就医备案', long_term: '异地长期居住备案', emergency: '急诊抢救' } as const;


export interface InpatientOutcome {
  /** Local or out-of-area standard (for layers that differ by it). */
  area: 'local' | 'out_of_area';
  /** Pre-self-pay added by the setting (廊坊 跨省临时外出 10%), moved out of the eligible amount. */
  extraSelfPay: Fen;
  deductible: Fen;
  ratio: Bp;
  /** Pooled-fund payment before the annual cap. */
  fundBeforeCap: Fen;
  /** Whether this claim adds one to the year's admissions (a stay, or a transfer course, counted now). */
  countsNow: boolean;
  counter: AdmissionCounter;
  /** The stay as later claims read it (transfers, year-end continuation); none for care paid as a stay. */
  stay: StayRecord | undefined;
}

/** Refusals and group rules attached to a person's tags (建国前老工人 …). */
export function applyTagRules(policy: InForceTree<InpatientPolicy>, person: Person, path: string): { override?: Override; source: string } {
  const rules = policy.tagRules;
  if (!rules || person.tags.length === 0) return NO_TAG_RULE;
  for (const rule of rules.value) {
    if (!person.tags.includes(rule.tag)) continue;
    const source = `${rules.doc} ${rule.article}`;
    if (rule.kind === 'unsupported') throw new YibaoError('unsupported', `${rule.label}（${source}）`, `${path}`);
    return { override: rule, source };
  }
  return NO_TAG_RULE;
}
const NO_TAG_RULE: { override?: Override; source: string } = { source: '' };

/**
 * The setting of care: the first place rule matching the claim's place and registration. A temporary
 * registration (临时外出就医备案) is matched as a referral where the region reads it so (沧州 第六十六条（二）2).
 */
export function placeRule(policy: InForceTree<InpatientPolicy>, claim: Claim, path: string, ex: Explainer): { rule: Settle; source: string } {
  const rules = requireParam(policy.placeRules, 'inpatient.placeRules', path);
  const reading = policy.temporaryRegistration;
  if (claim.registration === 'temporary' && claim.place === 'cross_province' && reading?.value === 'registered') {
    if (ex.enabled) ex.add('inpatient.setting.temporary', '临时外出就医备案按已备案（转诊转院备案）标准执行', null, reading.source);
    return matchPlaceRule(rules, claim, path, ex, 'inpatient.setting', 'referral');
  }
  return matchPlaceRule(rules, claim, path, ex);
}

/** The first of a list of place rules matching the claim (or the registration it is read as); refusals raise their code. */
export function matchPlaceRule(rules: InForce<PlaceRule[]>, claim: Claim, path: string, ex: Explainer, step = 'inpatient.setting', registration = claim.registration): { rule: Settle; source: string } {
  // The match depends on the list, the place and the registration only: the last one is kept.
  const last = lastMatch;
  if (!ex.enabled && last !== undefined && last.rules === rules && last.place === claim.place && last.registration === registration) return last.found;
  for (const rule of rules.value) {
    if (rule.when.place && !listed(rule.when.place, claim.place)) continue;
    if (rule.when.registration && !listed(rule.when.registration, registration)) continue;
    // The citation is read by refusals and explanations only.
    const source = rule.kind === 'refuse' || ex.enabled ? `${rules.doc} ${rule.article}` : '';
    if (rule.kind === 'refuse') {
      throw new YibaoError(rule.code, `${rule.label}（${PLACE_NAMES[claim.place]}，${REG_NAMES[claim.registration]}；${source}）`, `${path}.registration`);
    }
    if (ex.enabled) ex.add(step, () => `${PLACE_NAMES[claim.place]}就医，${REG_NAMES[claim.registration]}：${rule.label}`, null, source);
    const found = { rule, source };
    if (!ex.enabled) lastMatch = { rules, place: claim.place, registration, found };
    return found;
  }
  throw new YibaoError('unsupported', `no rule of the region covers care at ${claim.place} with registration ${claim.registration}`, `${path}.place`);
}

/** The last setting matched without an explanation (matchPlaceRule): consecutive claims mostly share their place and registration. */
let lastMatch: { rules: InForce<PlaceRule[]>; place: Claim['place']; registration: Claim['registration']; found: { rule: Settle; source: string } } | undefined;

/** Whether a short list holds a value (a loop the compiler inlines, where includes calls out). */
function listed<T>(list: readonly T[], value: T): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] === value) return true;
  return false;
}

function need<V>(v: V | undefined, label: string, path: string): V {
  if (v === undefined) throw new YibaoError('policy_not_in_force', `${label}: the region's texts define no such rule`, path);
  return v;
}

/** 起付标准 for this admission. */
export function inpatientDeductible(
  policy: InForceTree<InpatientPolicy>,
  scope: ClaimScope,
  setting: Settle,
  priorAdmissions: number,
  override: Override | undefined,
  overrideSource: string,
): Fen {
  const { claim, person, ex, path } = scope;
  const d = need(policy.deductible, 'inpatient.deductible', path);
  if (override) {
    if (ex.enabled) ex.add('inpatient.deductible', () => `${override.label}：起付标准 ${formatYuan(override.deductible)} 元`, override.deductible, overrideSource);
    return override.deductible;
  }
  const tables = requireParam(d.tables, 'inpatient.deductible.tables', path);
  const tableKey = need(setting.deductibleTable, 'inpatient.placeRules[].deductibleTable', path);
  const table = need(tables.value[tableKey], `inpatient.deductible.tables.${tableKey}`, path);
  const { level, grade } = claim.hospital;
  let amount = byLevel(table, level, grade, path);
  if (ex.enabled) ex.add('inpatient.deductible.base', () => `${LEVEL_NAMES[level]}${grade && gradedAt(table, level) ? (grade === 'A' ? '甲等' : '乙等') : ''}定点医疗机构首次住院起付标准 ${formatYuan(amount)} 元`, amount, tables.source);

  if (claim.hospital.tcm && setting.tcm && d.tcm) {
    const tcm = d.tcm;
    if (tcm.value.kind === 'minus') {
      const minus = tcm.value.amount;
      amount = Math.max(0, amount - minus);
      if (ex.enabled) ex.add('inpatient.deductible.tcm', () => `中医医疗机构起付标准降低 ${formatYuan(minus)} 元，为 ${formatYuan(amount)} 元`, amount, tcm.source);
    } else if (level > 0) {
      const lower = (level - 1) as 0 | 1 | 2;
      amount = byLevel(table, lower, grade, path);
      if (ex.enabled) ex.add('inpatient.deductible.tcm', () => `中医医院起付标准下浮一级，按${LEVEL_NAMES[lower]}标准 ${formatYuan(amount)} 元`, amount, tcm.source);
    } else {
      if (ex.enabled) ex.add('inpatient.deductible.tcm', `中医医院起付标准下浮一级：已是最低一级，仍为 ${formatYuan(amount)} 元`, amount, tcm.source);
    }
  }

  if (person.status === 'retired' && d.retireeReduction) {
    const minus = d.retireeReduction.value;
    amount = Math.max(0, amount - minus);
    if (ex.enabled) ex.add('inpatient.deductible.retiree', () => `退休人员起付标准降低 ${formatYuan(minus)} 元，为 ${formatYuan(amount)} 元`, amount, d.retireeReduction!.source);
  }

  const repeat = requireParam(d.repeat, 'inpatient.deductible.repeat', path);
  const nth = priorAdmissions + 1;
  const first = d.firstAdmissionOnly;
  const firstOnly =
    priorAdmissions > 0 &&
    first !== undefined &&
    (first.value.tags.some((t) => person.tags.includes(t)) || (first.value.minAge !== undefined && scope.age() >= first.value.minAge));
  if (firstOnly) {
    if (ex.enabled) ex.add('inpatient.deductible.repeat', `本年度第 ${nth} 次住院：只计算年度第一次住院起付线，本次不设起付线`, 0, first.source);
    return 0;
  }
  if (priorAdmissions > 0) {
    const rv = repeat.value;
    switch (rv.kind) {
      case 'halve_second_then_none':
        if (claim.cancerTherapy && rv.cancerTherapyNoneFromSecond) {
          amount = 0;
          if (ex.enabled) ex.add('inpatient.deductible.repeat', `恶性肿瘤放化疗本年度第 ${nth} 次住院，不设起付标准`, 0, repeat.source);
        } else if (priorAdmissions === 1) {
          amount = Math.floor((amount + 1) / 2);
          if (ex.enabled) ex.add('inpatient.deductible.repeat', () => `本年度第 2 次住院，起付标准减半为 ${formatYuan(amount)} 元`, amount, repeat.source);
        } else {
          amount = 0;
          if (ex.enabled) ex.add('inpatient.deductible.repeat', `本年度第 ${nth} 次住院，不再设起付标准`, 0, repeat.source);
        }
        break;
      case 'step_down': {
        const minus = rv.step * priorAdmissions;
        amount = Math.max(0, amount - minus);
        if (ex.enabled) ex.add('inpatient.deductible.repeat', () => `本年度第 ${nth} 次住院，起付标准递减 ${formatYuan(rv.step)} × ${priorAdmissions} = ${formatYuan(minus)} 元，为 ${formatYuan(amount)} 元`, amount, repeat.source);
        break;
      }
      case 'every_admission':
        if (ex.enabled) ex.add('inpatient.deductible.repeat', `本年度第 ${nth} 次住院，每次住院均计算起付线`, amount, repeat.source);
        break;
    }
  }
  const floor = d.floor;
  if (floor && amount < floor.value) {
    amount = floor.value;
    if (ex.enabled) ex.add('inpatient.deductible.floor', () => `经降低或递减后起付线不得低于 ${formatYuan(floor.value)} 元`, amount, floor.source);
  }
  return amount;
}

function incrementApplies(inc: RatioIncrement, person: Person, scope: ClaimScope): boolean {
  const w = inc.when;
  if (w.status !== undefined && w.status !== person.status) return false;
  if (w.tag !== undefined && !person.tags.includes(w.tag)) return false;
  if (w.minAge !== undefined && scope.age() < w.minAge) return false;
  return true;
}

/** 支付比例 for this admission. */
export function inpatientRatio(
  policy: InForceTree<InpatientPolicy>,
  scope: ClaimScope,
  setting: Settle,
  settingSource: string,
  override: Override | undefined,
  overrideSource: string,
): Bp {
  const { person, ex, path } = scope;
  const claim = scope.claim;
  const r = need(policy.ratio, 'inpatient.ratio', path);
  const max = requireParam(r.max, 'inpatient.ratio.max', path);
  if (override) {
    const ratio = Math.min(override.ratio, max.value);
    if (ex.enabled) ex.add('inpatient.ratio', () => `${override.label}：支付比例 ${formatPercent(ratio)}`, null, overrideSource);
    return ratio;
  }
  const tables = requireParam(r.tables, 'inpatient.ratio.tables', path);
  const table = need(tables.value[setting.ratioTable], `inpatient.ratio.tables.${setting.ratioTable}`, path);
  const level = setting.ratioLevel ?? claim.hospital.level;
  const grade = setting.ratioLevel === undefined ? claim.hospital.grade : undefined;
  const cell = byLevel(table, level, grade, path);
  let ratio = rateFor(cell, person.status);
  // Name the group only where the table differs by it.
  if (ex.enabled) ex.add('inpatient.ratio.base', () => `${LEVEL_NAMES[level]}定点医疗机构${typeof cell === 'number' ? '' : groupName(person)}统筹基金支付比例 ${formatPercent(ratio)}${setting.ratioLevel !== undefined ? '（按本地该级别标准）' : ''}`, null, tables.source);
  if (r.increments) {
    for (const inc of r.increments.value) {
      if (!incrementApplies(inc, person, scope)) continue;
      ratio += inc.add;
      if (ex.enabled) ex.add('inpatient.ratio.increment', () => `${inc.label}：提高 ${formatPercent(inc.add)}，为 ${formatPercent(ratio)}`, null, `${r.increments!.doc} ${inc.article}`);
    }
  }
  if (setting.ratioAdjust !== 0) ratio = adjustRatio(ratio, setting, settingSource, r.adjustment, ex, 'inpatient.ratio.place');
  if (ratio > max.value) {
    ratio = max.value;
    if (ex.enabled) ex.add('inpatient.ratio.max', `支付比例不超过 ${formatPercent(max.value)}`, null, max.source);
  }
  if (ratio < 0) ratio = 0;
  if (ratio > BP_ONE) ratio = BP_ONE;
  return ratio;
}

/** The whole inpatient computation for one admission, before the annual cap. */
export function settleInpatientClaim(
  policy: InForceTree<InpatientPolicy>,
  scope: ClaimScope,
  eligible: Fen,
  options: {
    asInpatientWithoutDeductible?: { label: string; source: string; rules?: InForce<PlaceRule[]> };
    /** The year-end part of the same stay, settled last year (a claim admitted in an earlier year). */
    continuationOf?: StayRecord;
    /** The year's last stay, which this admission may continue by a transfer. */
    previousStay?: StayRecord;
  } = {},
): InpatientOutcome {
  const { claim, person, ex, path } = scope;
  const asInpatient = options.asInpatientWithoutDeductible;
  // A new stay settled without an explanation: the terms this stay's key was settled on before.
  const kept = !ex.enabled && !asInpatient && !options.continuationOf && !options.previousStay ? keptTermsOf(policy, person) : undefined;
  let key = -1;
  if (kept) {
    const { rule: setting } = placeRule(policy, claim, path, ex);
    key = newStayKey(claim, person, scope.state.admissions[setting.counter]);
    const terms = key < 0 ? undefined : kept.byKey.get(key);
    if (terms) {
      const decided = newStay(policy, scope, terms.setting.counter, terms.standard, eligible);
      const above = eligible - decided.deductible;
      const extraSelfPay = extraSelfPayOf(terms.setting, above);
      return { area: terms.setting.area, extraSelfPay, deductible: decided.deductible, ratio: terms.ratio, fundBeforeCap: applyRate(above - extraSelfPay, terms.ratio), countsNow: decided.countsNow, counter: terms.setting.counter, stay: decided.stay };
    }
  }
  const tag = applyTagRules(policy, person, `${path}`);
  const { rule: setting, source: settingSource } = asInpatient?.rules ? matchPlaceRule(asInpatient.rules, claim, path, ex) : placeRule(policy, claim, path, ex);

  let deductible = 0;
  let countsNow = false;
  let stay: StayRecord | undefined;
  if (asInpatient) {
    if (ex.enabled) ex.add('inpatient.deductible', `${asInpatient.label}：不设起付标准，按住院标准支付`, 0, asInpatient.source);
  } else {
    const decided = stayDeductible(policy, scope, setting, eligible, tag, options);
    deductible = decided.deductible;
    countsNow = decided.countsNow;
    stay = decided.stay;
  }
  let above = eligible - deductible;
  const extraSelfPay = extraSelfPayOf(setting, above);
  if (extraSelfPay > 0) {
    above -= extraSelfPay;
    if (ex.enabled) ex.add('inpatient.extraSelfPay', () => `${setting.label}：起付标准以上费用 ${formatYuan(above + extraSelfPay)} 元个人先行自付 ${formatPercent(setting.extraSelfPay!)} = ${formatYuan(extraSelfPay)} 元`, extraSelfPay, settingSource);
  }

  const ratio = inpatientRatio(policy, scope, setting, settingSource, tag.override, tag.source);
  const fundBeforeCap = applyRate(above, ratio);
  if (ex.enabled) ex.add('inpatient.fund', () => `统筹基金支付 (政策范围内 ${formatYuan(eligible)} − 起付线 ${formatYuan(deductible)}${extraSelfPay ? ` − 先行自付 ${formatYuan(extraSelfPay)}` : ''}) × ${formatPercent(ratio)} = ${formatYuan(fundBeforeCap)} 元`, fundBeforeCap, requireParam(policy.ratio?.tables, 'inpatient.ratio.tables', path).source);

  // Kept for the next new stay of the same key: what the terms are when nothing but the key decides them.
  if (kept && key >= 0 && stay) kept.byKey.set(key, { setting, standard: stay.standard, ratio });
  return { area: setting.area, extraSelfPay, deductible, ratio, fundBeforeCap, countsNow, counter: setting.counter, stay };
}

/** A setting's pre-self-pay above the deductible (廊坊 跨省临时外出 10%); 0 where it has none. */
function extraSelfPayOf(setting: Settle, above: Fen): Fen {
  return setting.extraSelfPay !== undefined && above > 0 ? applyRate(above, setting.extraSelfPay) : 0;
}

/**
 * The terms of a new stay (not a transfer, not a year-end continuation): its setting, deductible
 * standard (起付标准) and ratio (支付比例). Without a person tag or a rule of the region that reads the
 * age, they are decided by the resolved policy and newStayKey alone (inpatientDeductible,
 * inpatientRatio and placeRule read nothing else then), so a stay settled without an explanation
 * takes those a stay of the same key was settled on. test/new-stay-terms.test.ts settles pairs of stays
 * differing in one thing and checks every amount and refusal against the explanation's path, which
 * never reads kept terms.
 */
interface NewStayTerms {
  setting: Settle;
  standard: Fen;
  ratio: Bp;
}

interface KeptTerms {
  byKey: Map<number, NewStayTerms>;
}

/** Terms kept per resolved inpatient policy; null where the policy has a rule that reads the age. */
const keptTerms = new WeakMap<InForceTree<InpatientPolicy>, KeptTerms | null>();

function keptTermsOf(policy: InForceTree<InpatientPolicy>, person: Person): KeptTerms | undefined {
  if (person.tags.length !== 0) return undefined;
  let kept = keptTerms.get(policy);
  if (kept === undefined) {
    const readsAge = policy.deductible?.firstAdmissionOnly?.value.minAge !== undefined || (policy.ratio?.increments?.value.some((inc) => inc.when.minAge !== undefined) ?? false);
    kept = readsAge ? null : { byKey: new Map() };
    keptTerms.set(policy, kept);
  }
  return kept ?? undefined;
}

const PLACE_INDEX = { local: 0, in_province: 1, jingjin: 2, cross_province: 3 } as const;
const REGISTRATION_INDEX = { none: 0, referral: 1, temporary: 2, long_term: 3, emergency: 4 } as const;

/**
 * Everything a new stay's terms are read from, as one number: the place and registration (the
 * setting), the hospital's level, grade and TCM status, the person's status, the admissions already
 * counted this year (0–7) and cancer therapy (a repeat admission's deductible). −1 beyond 7 admissions.
 */
function newStayKey(claim: Claim, person: Person, admitted: number): number {
  if (admitted > 7) return -1;
  const h = claim.hospital;
  const grade = h.grade === undefined ? 0 : h.grade === 'A' ? 1 : 2;
  let key = PLACE_INDEX[claim.place];
  key = key * 5 + REGISTRATION_INDEX[claim.registration];
  key = key * 4 + h.level;
  key = key * 3 + grade;
  key = key * 2 + (h.tcm ? 1 : 0);
  key = key * 2 + (person.status === 'retired' ? 1 : 0);
  key = key * 8 + admitted;
  return key * 2 + (claim.cancerTherapy ? 1 : 0);
}

interface StayDeductible {
  deductible: Fen;
  countsNow: boolean;
  stay: StayRecord;
}

/**
 * The deductible an admission bears and the stay it makes: a new stay (起付标准 by level and the
 * year's admissions), the next hospital of a transfer course (转诊转院, 沧州 第六十六条（一）4,
 * 廊坊 第四十七条（一）1, 资阳 第十八条（一）6), or the new year's part of a stay across the year end
 * (沧州 第九十一条, 廊坊 第四十七条（五）).
 */
function stayDeductible(
  policy: InForceTree<InpatientPolicy>,
  scope: ClaimScope,
  setting: Settle,
  eligible: Fen,
  tag: { override?: Override; source: string },
  options: { continuationOf?: StayRecord; previousStay?: StayRecord },
): StayDeductible {
  const { claim, state, ex, path } = scope;
  const d = policy.deductible;
  const counter = setting.counter;
  // Refused first where the region has no deductible tables (whatever the stay).
  requireParam(d?.tables, 'inpatient.deductible.tables', path);
  const onlyAbove = d?.countOnlyAboveDeductible?.value === true ? d.countOnlyAboveDeductible : undefined;
  const admitted = state.admissions[counter];

  // 跨年度住院: the new year's part of a stay whose year-end part was settled last year.
  const yearEnd = options.continuationOf && d?.yearEndContinuation ? { part: options.continuationOf, rule: d.yearEndContinuation } : undefined;
  if (yearEnd) {
    const { part, rule } = yearEnd;
    const stayEligible = part.eligible + eligible;
    // The stay keeps the admission the year-end part made (counted: no new one, here or by a transfer).
    if (rule.value.belowDeductible === 'remaining' || part.eligible > part.standard) {
      const owed = Math.max(0, part.standard - part.deductibleBorne);
      const deductible = Math.min(owed, eligible);
      if (ex.enabled) {
        ex.add(
          'inpatient.deductible',
          () =>
            owed === 0
              ? `跨年度住院：上年度结算时已负担起付标准 ${formatYuan(part.deductibleBorne)} 元，本次出院结算不再负担起付标准`
              : `跨年度住院只计算一次起付标准：起付标准 ${formatYuan(part.standard)} 元，上年度已负担 ${formatYuan(part.deductibleBorne)} 元，本次负担 ${formatYuan(deductible)} 元`,
          deductible,
          rule.source,
        );
      }
      return { deductible, countsNow: false, stay: stayRecord(claim, counter, part.standard, part.deductibleBorne + deductible, stayEligible, true, part.admissionDate) };
    }
    // 上年度的费用未超过起付标准的，医疗费用全部纳入新的年度结算并按首次住院支付起付标准.
    const standard = inpatientDeductible(policy, scope, setting, 0, tag.override, tag.source);
    const owed = Math.max(0, standard - part.deductibleBorne);
    const deductible = Math.min(owed, eligible);
    const counted = onlyAbove ? stayEligible > standard : true;
    if (ex.enabled) ex.add('inpatient.deductible', () => `跨年度住院：上年度政策范围内费用 ${formatYuan(part.eligible)} 元未超过起付标准，全部纳入本年度结算，按本年度首次住院起付标准 ${formatYuan(standard)} 元，上年度已负担 ${formatYuan(part.deductibleBorne)} 元，本次负担 ${formatYuan(deductible)} 元`, deductible, rule.source);
    if (!counted && onlyAbove) notCountedText(ex, onlyAbove);
    return { deductible, countsNow: counted, stay: stayRecord(claim, counter, standard, part.deductibleBorne + deductible, stayEligible, counted, part.admissionDate) };
  }

  // 转诊转院: the next hospital of a transfer course, one stay with the course's standard.
  const prev = options.previousStay;
  const transfer = prev && prev.counter === counter ? d?.transfer : undefined;
  const t = transfer?.value;
  const gap = prev ? stayDays(prev.dischargeDate, claim.admissionDate!) : -1;
  if (t && prev && gap >= 0 && gap <= t.maxGapDays && (!t.requiresReferral || claim.registration === 'referral') && (!t.localOnly || claim.place === 'local')) {
    // The admissions before the course: a course counted last year (a year-end stay) has none this year.
    const prior = Math.max(0, admitted - (prev.counted ? 1 : 0));
    const own = inpatientDeductible(policy, scope, setting, prior, tag.override, tag.source);
    const standard = Math.max(prev.standard, own);
    const higher = own > prev.standard;
    const owed = higher
      ? t.toHigherStandard === 'difference'
        ? own - prev.standard
        : Math.max(0, standard - prev.deductibleBorne)
      : t.toLowerStandard === 'remaining'
        ? Math.max(0, standard - prev.deductibleBorne)
        : 0;
    const deductible = Math.min(owed, eligible);
    const stayEligible = prev.eligible + eligible;
    const counted = prev.counted || (onlyAbove ? stayEligible > standard : true);
    if (ex.enabled) {
      ex.add(
        'inpatient.deductible.transfer',
        () =>
          higher
            ? t.toHigherStandard === 'difference'
              ? `转诊转院由低级别转往高级别：负担起付标准差额 ${formatYuan(own)} − ${formatYuan(prev.standard)} = ${formatYuan(deductible)} 元`
              : `转诊转院连续计算起付标准：转入医院起付标准 ${formatYuan(own)} 元，本次住院已负担 ${formatYuan(prev.deductibleBorne)} 元，补齐差额 ${formatYuan(deductible)} 元`
            : t.toLowerStandard === 'remaining'
              ? `转诊转院按高级别医院起付标准 ${formatYuan(standard)} 元计算，本次住院已负担 ${formatYuan(prev.deductibleBorne)} 元，本次负担 ${formatYuan(deductible)} 元`
              : `转诊转院由高级别转往低级别（起付标准 ${formatYuan(own)} 元不高于已计算的 ${formatYuan(prev.standard)} 元），不再另计起付标准`,
        deductible,
        transfer!.source,
      );
    }
    if (counted && !prev.counted && onlyAbove && ex.enabled) ex.add('inpatient.admissionCount', () => `转诊转院全程政策范围内费用 ${formatYuan(stayEligible)} 元超过起付标准 ${formatYuan(standard)} 元，计为本年度一次住院`, null, onlyAbove!.source);
    return { deductible, countsNow: counted && !prev.counted, stay: stayRecord(claim, counter, standard, prev.deductibleBorne + deductible, stayEligible, counted, prev.admissionDate) };
  }

  // A new stay.
  return newStay(policy, scope, counter, inpatientDeductible(policy, scope, setting, admitted, tag.override, tag.source), eligible);
}

/** A new stay with its deductible standard: the deductible borne, whether it counts as an admission, the stay. */
function newStay(policy: InForceTree<InpatientPolicy>, scope: ClaimScope, counter: AdmissionCounter, standard: Fen, eligible: Fen): StayDeductible {
  const { claim, ex } = scope;
  const d = policy.deductible;
  const onlyAbove = d?.countOnlyAboveDeductible?.value === true ? d.countOnlyAboveDeductible : undefined;
  const deductible = Math.min(standard, eligible);
  if (ex.enabled) ex.add('inpatient.deductible', () => `本次住院起付标准 ${formatYuan(standard)} 元，政策范围内费用 ${formatYuan(eligible)} 元，实际负担起付线 ${formatYuan(deductible)} 元`, deductible, requireParam(d?.tables, 'inpatient.deductible.tables', scope.path).source);
  const counted = onlyAbove ? eligible > standard : true;
  if (!counted && onlyAbove) notCountedText(ex, onlyAbove);
  return { deductible, countsNow: counted, stay: stayRecord(claim, counter, standard, deductible, eligible, counted, claim.admissionDate!) };
}

/** The stay an admission makes, as later claims of the year read it. */
function stayRecord(claim: Claim, counter: AdmissionCounter, standard: Fen, borne: Fen, stayEligible: Fen, counted: boolean, admissionDate: string): StayRecord {
  return { admissionDate, dischargeDate: claim.dischargeDate!, level: claim.hospital.level, counter, standard, deductibleBorne: borne, eligible: stayEligible, counted };
}

/** A stay whose eligible costs did not exceed its deductible is not an admission of the count (inpatient.deductible.countOnlyAboveDeductible, e.g. 沧州 第六十六条（一）5). */
function notCountedText(ex: Explainer, onlyAbove: { source: string }): void {
  if (ex.enabled) ex.add('inpatient.admissionCount', '住院医疗费用未超过当次住院起付标准，不视为一次住院', null, onlyAbove.source);
}

/**
 * A place rule's “降低/提高 N%” applied to a ratio: N percentage points (the default reading), or N% of
 * the ratio (the `factor` reading, rounded half-up to a basis point). Never below 0 or above 100%.
 */
export function adjustRatio(ratio: Bp, setting: Settle, settingSource: string, reading: InForce<'points' | 'factor'> | undefined, ex: Explainer, step: string): Bp {
  const adjust = setting.ratioAdjust;
  const factor = reading?.value === 'factor';
  const before = ratio;
  const adjusted = factor ? applyRate(ratio, BP_ONE + adjust) : ratio + adjust;
  const out = Math.min(BP_ONE, Math.max(0, adjusted));
  if (ex.enabled) {
    const verb = adjust < 0 ? '降低' : '提高';
    ex.add(
      step,
      () =>
        factor
          ? `${setting.label}：支付比例${verb} ${formatPercent(Math.abs(adjust))}（按原比例的 ${formatPercent(Math.abs(adjust))} 计），${formatPercent(before)} × ${formatPercent(BP_ONE + adjust)} = ${formatPercent(out)}`
          : `${setting.label}：支付比例${verb} ${formatPercent(Math.abs(adjust))}，为 ${formatPercent(out)}`,
      null,
      reading ? `${settingSource}；${reading.source}` : settingSource,
    );
  }
  return out;
}
