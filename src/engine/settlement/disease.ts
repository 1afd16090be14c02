/**
 * Chronic (门诊慢性病) and special (门诊特殊病 / 特殊疾病门诊) disease claims: the
 * disease must be one the text lists (where it lists them) and recognised for
 * the person before the visit; then an annual deductible, a ratio and a yearly
 * cap, or payment as an inpatient stay without deductible.
 */
import { YibaoError } from '../errors.js';
import { applyRate, formatPercent, formatYuan, type Fen } from '../money.js';
import type { InForceTree } from '../../policy/compile.js';
import { byLevel, LEVEL_NAMES } from '../../policy/lookup.js';
import type { ChronicPolicy, Disease, InpatientPolicy, SpecialPolicy } from '../../policy/schema.js';
import { settleInpatientClaim } from './inpatient.js';
import { requireParam } from '../../policy/lookup.js';
import { tableRatio, type BasicOutcome } from './outpatient.js';
import type { Claim, RecognisedDisease } from './request.js';
import type { Explainer } from '../steps.js';
import { groupName, type ClaimScope } from './state.js';

/** A list's diseases by every normal name they go by (first listed wins), built once per list. */
const listIndexes = new WeakMap<readonly Disease[], Map<string, Disease>>();

/** The listed disease a name stands for (its name or one of the alternative names the text lists). */
export function findDisease(list: readonly Disease[], name: string): Disease | undefined {
  let index = listIndexes.get(list);
  if (!index) {
    index = new Map();
    for (const d of list) {
      for (const n of [d.name, ...d.aliases]) {
        const k = normalName(n);
        if (!index.has(k)) index.set(k, d);
      }
    }
    listIndexes.set(list, index);
  }
  return index.get(normalName(name));
}

const normalNames = new Map<string, string>();

/** Names compare without spaces and with full-width brackets and slashes read as half-width. */
export function normalName(name: string): string {
  let n = normalNames.get(name);
  if (n === undefined) {
    n = name.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').replace(/／/g, '/');
    if (normalNames.size > 10_000) normalNames.clear();
    normalNames.set(name, n);
  }
  return n;
}

/** The normal names a listed disease goes by. */
function namesOf(disease: Disease): string[] {
  return [disease.name, ...disease.aliases].map(normalName);
}

/** A person's recognition records by normal name, in the order given (built once per list of records). */
const recordIndexes = new WeakMap<readonly RecognisedDisease[], Map<string, { at: number; record: RecognisedDisease }[]>>();

function recordsByName(records: readonly RecognisedDisease[]): Map<string, { at: number; record: RecognisedDisease }[]> {
  let index = recordIndexes.get(records);
  if (!index) {
    index = new Map();
    records.forEach((record, at) => {
      const k = normalName(record.name);
      const list = index!.get(k);
      if (list) list.push({ at, record });
      else index!.set(k, [{ at, record }]);
    });
    recordIndexes.set(records, index);
  }
  return index;
}

/** The person's first recognition record (in the order given) of a disease by any of its names, in force on `date`; or the first record at all. */
function recognitionOf(records: readonly RecognisedDisease[], names: readonly string[], date: string): { inForce: RecognisedDisease | undefined; any: RecognisedDisease | undefined } {
  const index = recordsByName(records);
  let inForce: { at: number; record: RecognisedDisease } | undefined;
  let any: { at: number; record: RecognisedDisease } | undefined;
  for (const n of names) {
    for (const r of index.get(n) ?? []) {
      if (!any || r.at < any.at) any = r;
      if (r.record.recognizedOn <= date && (!inForce || r.at < inForce.at)) inForce = r;
    }
  }
  return { inForce: inForce?.record, any: any?.record };
}

function refuseDeferred(disease: Disease, source: string, path: string): void {
  if (disease.deferred) {
    throw new YibaoError('unsupported', `${disease.name}：${disease.note ?? '统筹基金支付标准按现行政策规定执行，不在本办法中'}（${source}）`, `${path}.disease`);
  }
}

function notRecognised(claim: Claim, source: string, recordDate: string | undefined, ex: Explainer): BasicOutcome {
  if (ex.enabled) ex.add(
    'disease.recognition',
    recordDate ? `${claim.disease} 于 ${recordDate} 认定，认定之前发生的医疗费用统筹基金不予支付` : `${claim.disease} 未经认定，统筹基金不予支付`,
    0,
    source,
  );
  return { deductible: 0, ratio: 0, fund: 0, area: 'local', extraSelfPay: 0, subCapLimited: false, base: 0, mode: 'not_recognised', commit() {} };
}

export function settleChronic(policy: InForceTree<ChronicPolicy>, scope: ClaimScope, eligible: Fen): BasicOutcome {
  const { claim, person, state, ex, path } = scope;
  const list = requireParam(policy.diseases, 'chronic.diseases', path);
  const disease = findDisease(list.value, claim.disease!);
  if (!disease) {
    if (policy.otherDiseasesDeferred) {
      throw new YibaoError('unsupported', `${claim.disease} 不在本办法列明的病种内，门诊慢性病待遇另行制定（${policy.otherDiseasesDeferred.source}）`, `${path}.disease`);
    }
    throw new YibaoError('invalid_input', `${path}.disease: ${claim.disease} is not one of the ${list.value.length} chronic diseases of ${list.source}`, `${path}.disease`);
  }
  refuseDeferred(disease, list.source, path);
  const rec = recognitionOf(person.chronicDiseases, namesOf(disease), claim.date);
  if (policy.recognition && !rec.inForce) {
    return notRecognised(claim, policy.recognition.source, rec.any?.recognizedOn, ex);
  }
  if (ex.enabled) ex.add('chronic.disease', `门诊慢性病：${disease.name}`, null, list.source);

  const ratios = requireParam(policy.ratio, 'chronic.ratio', path);
  const level = claim.hospital.level;
  const ratio = tableRatio(byLevel(ratios.value, level, claim.hospital.grade, path), person.status, `${LEVEL_NAMES[level]}医疗机构门诊慢性病`, ratios.source, path);
  if (ex.enabled) ex.add('chronic.ratio', () => `${LEVEL_NAMES[level]}医疗机构${groupName(person)}支付比例 ${formatPercent(ratio)}`, null, ratios.source);

  const d = requireParam(policy.deductible, 'chronic.deductible', path);
  const yearly = d.value[person.status];
  const deductible = Math.min(Math.max(0, yearly - state.chronic.deductibleUsed), eligible);
  if (yearly > 0) {
    if (ex.enabled) ex.add('chronic.deductible', () => `门诊慢性病年度起付标准 ${formatYuan(yearly)} 元，本年度已负担 ${formatYuan(state.chronic.deductibleUsed)} 元，本次负担 ${formatYuan(deductible)} 元`, deductible, d.source);
  } else {
    if (ex.enabled) ex.add('chronic.deductible', '不设起付标准', 0, d.source);
  }

  const capParam = requireParam(policy.cap, 'chronic.cap', path);
  const cap = capParam.value;
  let capAmount: Fen;
  let paidSoFar: Fen;
  let capText: string;
  if (cap.kind === 'per_disease_count') {
    const recognisedNames = new Set<string>();
    for (const r of person.chronicDiseases) {
      const listed = r.recognizedOn <= claim.date ? findDisease(list.value, r.name) : undefined;
      if (listed) recognisedNames.add(listed.name);
    }
    const n = Math.max(1, recognisedNames.size);
    capAmount = Math.min(cap.first + cap.each * (n - 1), cap.max);
    paidSoFar = state.chronic.paid;
    capText = `已认定 ${n} 个病种，年度最高支付限额 ${formatYuan(cap.first)} + ${formatYuan(cap.each)} × ${n - 1}（不超过 ${formatYuan(cap.max)}）= ${formatYuan(capAmount)} 元`;
  } else {
    if (disease.cap === undefined) throw new YibaoError('policy_not_in_force', `chronic.diseases: ${disease.name} has no cap of its own`, path);
    capAmount = disease.cap;
    paidSoFar = state.chronic.byDisease?.get(disease.name) ?? 0;
    capText = `${disease.name}年度最高支付限额 ${formatYuan(capAmount)} 元`;
  }
  const capLeft = Math.max(0, capAmount - paidSoFar);
  const computed = applyRate(eligible - deductible, ratio);
  const fund = Math.min(computed, capLeft);
  if (ex.enabled) ex.add('chronic.fund', () => `统筹基金支付 (政策范围内 ${formatYuan(eligible)} − 起付线 ${formatYuan(deductible)}) × ${formatPercent(ratio)} = ${formatYuan(computed)} 元`, computed, ratios.source);
  if (fund < computed) {
    if (ex.enabled) ex.add('chronic.cap', () => `${capText}，本年度已支付 ${formatYuan(paidSoFar)} 元，本次最多支付 ${formatYuan(capLeft)} 元`, fund, capParam.source);
  }
  return {
    deductible,
    ratio,
    fund,
    area: 'local',
    extraSelfPay: 0,
    subCapLimited: fund < computed,
    base: eligible - deductible,
    mode: 'chronic',
    commit(paid) {
      state.chronic.deductibleUsed += deductible;
      state.chronic.paid += paid;
      const byDisease = (state.chronic.byDisease ??= new Map());
      byDisease.set(disease.name, (byDisease.get(disease.name) ?? 0) + paid);
    },
  };
}

export function settleSpecial(policy: InForceTree<SpecialPolicy>, inpatient: InForceTree<InpatientPolicy> | undefined, scope: ClaimScope, eligible: Fen): BasicOutcome {
  const { claim, person, state, ex, path } = scope;
  const list = policy.diseases;
  let names = [normalName(claim.disease!)];
  let label = claim.disease!;
  if (list) {
    const disease = findDisease(list.value, claim.disease!);
    if (!disease) {
      throw new YibaoError('invalid_input', `${path}.disease: ${claim.disease} is not one of the ${list.value.length} special diseases of ${list.source}`, `${path}.disease`);
    }
    refuseDeferred(disease, list.source, path);
    names = namesOf(disease);
    label = disease.name;
  }
  const found = recognitionOf(person.specialDiseases, names, claim.date);
  if (policy.recognition && !found.inForce) {
    return notRecognised(claim, policy.recognition.source, found.any?.recognizedOn, ex);
  }
  const rec = found.inForce;
  const classes = requireParam(policy.classes, 'special.classes', path);
  const cls = rec?.class;
  const rule = (cls !== undefined ? classes.value[String(cls) as '1' | '2' | '3'] : undefined) ?? classes.value.all;
  if (!rule) {
    const i = person.specialDiseases.indexOf(rec!);
    throw new YibaoError('invalid_input', `person.specialDiseases[${i}].class: this region pays special diseases by class (1, 2 or 3; ${classes.source})`, `person.specialDiseases[${i}].class`);
  }
  const classText = cls !== undefined ? `第${['', '一', '二', '三'][cls]}类特殊疾病` : '门诊特殊病';
  if (ex.enabled) ex.add('special.disease', `${classText}：${label}`, null, classes.source);

  if (rule.kind === 'as_inpatient') {
    if (!inpatient) throw new YibaoError('policy_not_in_force', 'inpatient: the region defines no inpatient rules', path);
    const asPerson = cls === 1 && !person.tags.includes('special_disease_class1') ? { ...person, tags: [...person.tags, 'special_disease_class1' as const] } : person;
    const out = settleInpatientClaim(inpatient, { ...scope, person: asPerson, age: () => scope.age() }, eligible, {
      asInpatientWithoutDeductible: { label: classText, source: classes.source, ...(policy.placeRules ? { rules: policy.placeRules } : {}) },
    });
    return {
      deductible: 0,
      ratio: out.ratio,
      fund: out.fundBeforeCap,
      area: out.area,
      extraSelfPay: out.extraSelfPay,
      subCapLimited: false,
      base: eligible - out.extraSelfPay,
      mode: 'as_inpatient',
      commit() {},
    };
  }

  // A ratio and a yearly cap shared by the ratio-class diseases.
  const ratio = rule.ratio;
  let maxCap = 0;
  let n = 0;
  for (const r of person.specialDiseases) {
    if (r.recognizedOn > claim.date || r.class === undefined) continue;
    const c = classes.value[String(r.class) as '1' | '2' | '3'];
    if (c?.kind === 'ratio') {
      n += 1;
      maxCap = Math.max(maxCap, c.cap);
    }
  }
  n = Math.max(1, n);
  maxCap = Math.max(maxCap, rule.cap);
  const raise = policy.multipleRaise && n > 1 ? applyRate(maxCap, policy.multipleRaise.value) * (n - 1) : 0;
  const capAmount = maxCap + raise;
  const capLeft = Math.max(0, capAmount - state.specialRatioPaid);
  const computed = applyRate(eligible, ratio);
  const fund = Math.min(computed, capLeft);
  if (ex.enabled) ex.add('special.fund', () => `不设起付线，统筹基金支付 ${formatYuan(eligible)} × ${formatPercent(ratio)} = ${formatYuan(computed)} 元`, computed, classes.source);
  if (fund < computed || n > 1) {
    if (ex.enabled) ex.add(
      'special.cap',
      () =>
        `${n > 1 ? `同时患 ${n} 种第二、三类特殊疾病，以高限额 ${formatYuan(maxCap)} 元为基础，每增加一个病种增加 ${formatPercent(policy.multipleRaise!.value)}，` : ''}年度支付限额 ${formatYuan(capAmount)} 元，本年度已支付 ${formatYuan(state.specialRatioPaid)} 元，本次最多支付 ${formatYuan(capLeft)} 元`,
      fund,
      n > 1 ? policy.multipleRaise!.source : classes.source,
    );
  }
  return {
    deductible: 0,
    ratio,
    fund,
    area: 'local',
    extraSelfPay: 0,
    subCapLimited: fund < computed,
    base: eligible,
    mode: 'ratio_class',
    commit(paid) {
      state.specialRatioPaid += paid;
    },
  };
}
