/**
 * yibao eligibility: is the person covered on given dates? From the months
 * contributed and the day each was paid: the waiting period after joining
 * (待遇享受等待期), suspension for unpaid months, back-payments (补缴) covered back
 * or not, and the renewed wait after a long gap.
 *
 * A month is paid on time when it is paid no later than its own last day; a
 * month paid after its own month is a back-payment. A gap is a run of months
 * not paid on time.
 */
import { z } from 'zod';
import { atDate, parseRequest } from './command.js';
import { YibaoError } from '../errors.js';
import type { InForce } from '../../policy/compile.js';
import type { ArrearsPolicy, CareKind, DeferralPolicy, Resume, ResumeNotBackPaid, Suspension, WaitingRule } from '../../policy/membership-schema.js';
import { EnrolmentKind, MAX_MONTHS, suspensionsOf, MemberDate, MemberMonth, MonthCount, YearCount } from '../../policy/membership-schema.js';
import { RegionId } from '../../policy/schema.js';
import { refineUnique } from '../settlement/request.js';
import type { PolicySet } from '../../policy/scheme-view.js';
import type { Step } from '../steps.js';

export const EligibilityRequestIn = z
  .object({
    region: RegionId,
    person: z.object({ type: z.enum(['employee', 'flexible']).default('employee') }).strict().default({ type: 'employee' }),
    enrolment: z
      .object({
        kind: EnrolmentKind,
        /** Months without contribution immediately before the first month of the history. */
        gapMonths: MonthCount.default(0),
        priorContinuousYears: YearCount.default(0),
        /** The day that gap was paid back (补缴); absent: not paid back. */
        gapPaidBackOn: MemberDate.optional(),
      })
      .strict(),
    history: z.array(z.object({ month: MemberMonth, paidOn: MemberDate }).strict()),
    /**
     * The employer's approved deferrals of contributions (缓缴, 廊坊 第二十六条), first and last month each.
     * The months deferred are not arrears while deferred; when they are paid is in `history`.
     */
    deferrals: z.array(z.object({ from: MemberMonth, until: MemberMonth }).strict()).max(MAX_MONTHS).default([]),
    dates: z.array(MemberDate).min(1),
  })
  .strict()
  .superRefine((r, ctx) => {
    refineUnique(r.history, (h) => h.month, ctx, (i) => ['history', i, 'month'], 'month');
    if (r.deferrals.length > 0 && r.person.type !== 'employee') {
      ctx.addIssue({ code: 'custom', path: ['deferrals'], message: 'a deferral (缓缴) is approved to an employer (参保单位): person.type employee only' });
    }
    let firstMonth: string | undefined;
    for (const h of r.history) if (firstMonth === undefined || h.month < firstMonth) firstMonth = h.month;
    r.deferrals.forEach((d, i) => {
      if (d.until < d.from) ctx.addIssue({ code: 'custom', path: ['deferrals', i, 'until'], message: `is before from (${d.from})` });
      if (firstMonth === undefined || d.from < firstMonth) {
        ctx.addIssue({ code: 'custom', path: ['deferrals', i, 'from'], message: `a deferral covers months of the membership: not before the first month of history (${firstMonth ?? 'none'})` });
      }
    });
    const order = r.deferrals.map((_, i) => i).sort((x, y) => (r.deferrals[x]!.from < r.deferrals[y]!.from ? -1 : r.deferrals[x]!.from > r.deferrals[y]!.from ? 1 : x - y));
    for (let k = 1; k < order.length; k++) {
      const prev = r.deferrals[order[k - 1]!]!;
      const cur = r.deferrals[order[k]!]!;
      if (cur.from <= prev.until) ctx.addIssue({ code: 'custom', path: ['deferrals', order[k]!, 'from'], message: `overlaps deferrals[${order[k - 1]!}] (${prev.from}–${prev.until})` });
    }
    const back = r.enrolment.gapPaidBackOn;
    if (back !== undefined) {
      if (r.enrolment.gapMonths === 0) {
        ctx.addIssue({ code: 'custom', path: ['enrolment', 'gapPaidBackOn'], message: 'a back-payment needs a gap: give enrolment.gapMonths' });
      } else {
        let first: string | undefined;
        for (const h of r.history) if (first === undefined || h.month < first) first = h.month;
        if (first !== undefined && back.slice(0, 7) < first) {
          ctx.addIssue({ code: 'custom', path: ['enrolment', 'gapPaidBackOn'], message: `the gap is paid back on re-enrolment or later: not before ${first}` });
        }
      }
    }
  });
type EligibilityRequest = z.output<typeof EligibilityRequestIn>;

export interface DateCoverage {
  date: string;
  covered: boolean;
  /**
   * Present only when the cover on that date is limited to these kinds of care (the settle claim
   * `type`s), e.g. 廊坊 第二十三、二十四条: arrears covered back for 门诊慢特病、住院 only. Absent: all.
   */
  covers?: CareKind[];
  reason: string;
  source: string;
}

export interface EligibilityResult {
  region: string;
  results: DateCoverage[];
  /** The first day covered, or null when no month is. */
  coveredFrom: string | null;
  steps: Step[];
}

const idx = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOf = (i: number): string => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
const yearOf = (i: number): number => Math.floor(i / 12);

interface Payment {
  month: number;
  paidMonth: number;
  paidOn: string;
  onTime: boolean;
}

interface Verdict {
  covered: boolean;
  covers?: CareKind[];
  reason: string;
  source: string;
}

/** 门诊慢特病、住院 and the like, for a reason text. */
const CARE_NAMES: Record<CareKind, string> = { inpatient: '住院', outpatient: '普通门诊', chronic: '门诊慢性病', special: '门诊特殊疾病' };
const careText = (covers: readonly CareKind[]): string => covers.map((c) => CARE_NAMES[c]).join('、');

const KIND_NAMES = {
  new_employer: '新参保单位职工',
  joined_employer: '已参保单位新增职工',
  flexible_first: '首次参保灵活就业人员',
  transfer_in: '转移接续转入',
  switch_from_resident: '由居民医保切换',
  veteran: '退役军人及随军配偶',
  after_prison: '刑满释放续保',
} as const;

function waitingRule(rules: InForce<WaitingRule[]>, r: EligibilityRequest): WaitingRule {
  const e = r.enrolment;
  // No gap: nothing to pay back (counts as paid back).
  const backPaid = e.gapPaidBackOn !== undefined || e.gapMonths === 0;
  const rule = rules.value.find(
    (w) =>
      (!w.kinds || w.kinds.includes(e.kind)) &&
      (!w.types || w.types.includes(r.person.type)) &&
      (w.maxGapMonths === undefined || e.gapMonths <= w.maxGapMonths) &&
      (w.minGapMonths === undefined || e.gapMonths >= w.minGapMonths) &&
      (w.gapBackPaid === undefined || w.gapBackPaid === backPaid) &&
      (w.minPriorYears === undefined || e.priorContinuousYears >= w.minPriorYears),
  );
  if (!rule) throw new YibaoError('unsupported', `no waiting-period rule of the text covers ${KIND_NAMES[e.kind]} (${rules.source})`, 'enrolment.kind');
  if (rule.refuse) throw new YibaoError('unsupported', `${rule.label}（${rules.doc} ${rule.article}）`, 'enrolment.kind');
  return rule;
}

/** A run of months in arrears at the same time: each fell due while the earlier ones were still unpaid. */
interface Interruption {
  lo: number;
  hi: number;
  /** How many months of it were not paid on time. */
  count: number;
  /** The month the last of them was paid (Infinity while any is unpaid). */
  paidMonth: number;
  /** A month not paid on time before this one belongs to it (the pay-up month, or the re-entry once withdrawn). */
  horizon: number;
  /**
   * Beyond the suspension's maximum with a renewed wait (沧州 第三十五条: 视为自动退出): the month of the first
   * payment made from the withdrawal on (Infinity while none), where the interruption ends.
   */
  reentry?: number;
  /** Whether that payment paid back months of the interruption (补缴) rather than only later ones (再次参保缴费). */
  reentryBackPaid?: boolean;
}

interface Judgement {
  /** The verdict on a month (index). */
  verdict: (m: number) => Verdict;
  /** The first month covered at or after `from`, or undefined. */
  firstCovered: number | undefined;
  start: number;
  rule: WaitingRule;
}

/** An approved deferral (缓缴) and when its months were all paid. */
interface Deferral {
  lo: number;
  hi: number;
  /** The month the last deferred month was paid (Infinity while any is unpaid). */
  paidUp: number;
  /** Months beyond the text's longest deferral (accepted as a variant), else 0. */
  over: number;
}

type DeferralRule = Extract<DeferralPolicy, { maxMonths: number }>;

/** The deferral rule in force, or a refusal: the region's texts set none, or leave it open, or the deferral is too long. */
function deferralRule(deferral: InForce<DeferralPolicy> | undefined, r: EligibilityRequest, regionName: string): InForce<DeferralRule> {
  if (!deferral) throw new YibaoError('unsupported', `${regionName}: the texts set no rule for an employer's deferral of contributions (缓缴)`, 'deferrals');
  const d = deferral.value;
  if ('unsupported' in d) throw new YibaoError('unsupported', `${d.unsupported}（${deferral.source}）`, 'deferrals');
  if (d.beyondMax === 'refuse') {
    r.deferrals.forEach((x, i) => {
      const months = idx(x.until) - idx(x.from) + 1;
      if (months > d.maxMonths) {
        throw new YibaoError('invalid_input', `a deferral of ${months} months: 缓缴期限一般不超过半年 (at most ${d.maxMonths} months, ${deferral.source})`, `deferrals[${i}].until`);
      }
    });
  }
  return { ...deferral, value: d };
}

/**
 * The coverage of every month from the earliest month that can be covered to `until`, by the rules
 * in force, computed once in a single sweep (each date is then a look-up).
 */
function judge(
  waiting: InForce<WaitingRule[]>,
  arrears: InForce<ArrearsPolicy>,
  deferral: InForce<DeferralRule> | undefined,
  r: EligibilityRequest,
  until: number,
): Judgement {
  const payments = new Map<number, Payment>();
  let first: number | undefined;
  let last: number | undefined;
  // Joining: the month of the first payment (自缴费之月起 / 缴费当月起); months contributed for
  // before it (back-dated at enrolment) do not count toward the wait.
  let joined = Number.POSITIVE_INFINITY;
  for (const h of r.history) {
    const month = idx(h.month);
    const paidMonth = idx(h.paidOn.slice(0, 7));
    payments.set(month, { month, paidMonth, paidOn: h.paidOn, onTime: paidMonth <= month });
    if (first === undefined || month < first) first = month;
    if (last === undefined || month > last) last = month;
    joined = Math.min(joined, paidMonth);
  }
  const rule = waitingRule(waiting, r);
  const waitSource = `${waiting.doc} ${rule.article}`;
  const wait = rule.months ?? 0;
  const a = arrears.value;
  const arrearsSource = arrears.source;
  const onTime = (m: number) => payments.get(m)?.onTime === true;
  const e = r.enrolment;

  let start = Number.POSITIVE_INFINITY;
  if (first !== undefined && last !== undefined) {
    if (rule.from === 'payment_month') start = joined + wait;
    else if (rule.from === 'month_after_payment') start = joined + 1 + wait;
    else if (rule.from === 'month_after_back_payment') {
      if (e.gapPaidBackOn === undefined) throw new YibaoError('invalid_input', `${rule.label}: give enrolment.gapPaidBackOn`, 'enrolment.gapPaidBackOn');
      start = idx(e.gapPaidBackOn.slice(0, 7)) + 1 + wait;
    } else if (rule.from === 'back_payment_month') {
      start = (e.gapPaidBackOn === undefined ? joined : Math.max(joined, idx(e.gapPaidBackOn.slice(0, 7)))) + wait;
    } else {
      // 连续缴费满N个月: the first run of N consecutive months contributed for, from joining.
      let run = 0;
      for (let k = joined; k <= Math.max(last, joined); k++) {
        run = payments.has(k) ? run + 1 : 0;
        if (wait === 0 ? run > 0 : run >= wait) {
          start = k + 1 - (wait === 0 ? 1 : 0);
          break;
        }
      }
    }
  }

  // The gap before enrolment, paid back and short enough, is covered back (廊坊 第二十四条).
  let gapLo = Number.POSITIVE_INFINITY;
  if (first !== undefined && e.gapPaidBackOn !== undefined && rule.gapCoveredMaxMonths !== undefined && e.gapMonths <= rule.gapCoveredMaxMonths) {
    gapLo = first - e.gapMonths;
  }
  const gapVerdict: Verdict = {
    covered: true,
    ...(rule.gapCovers ? { covers: rule.gapCovers } : {}),
    reason: `参保前中断 ${e.gapMonths} 个月（不超过 ${rule.gapCoveredMaxMonths ?? 0} 个月），${e.gapPaidBackOn ?? ''} 补缴后中断期间的${rule.gapCovers ? `${careText(rule.gapCovers)}医疗费` : '医疗费用'}可以按规定报销`,
    source: waitSource,
  };

  // Approved deferrals (缓缴, 廊坊 第二十六条), in order: their months are not arrears while deferred.
  const deferrals: Deferral[] = r.deferrals
    .map((x) => {
      const lo = idx(x.from);
      const hi = idx(x.until);
      let paidUp = Number.NEGATIVE_INFINITY;
      for (let m = lo; m <= hi; m++) paidUp = Math.max(paidUp, payments.get(m)?.paidMonth ?? Number.POSITIVE_INFINITY);
      return { lo, hi, paidUp, over: deferral ? Math.max(0, hi - lo + 1 - deferral.value.maxMonths) : 0 };
    })
    .sort((x, y) => x.lo - y.lo);
  const deferredAt = new Map<number, Deferral>();
  for (const d of deferrals) for (let m = d.lo; m <= d.hi; m++) deferredAt.set(m, d);

  /** The suspension for arrears (绥化 第十三条, 沧州 第三十条、第三十五条) that applies to the person's type, if any. */
  const suspension = suspensionsOf(a.suspension).find((x) => !x.types || x.types.includes(r.person.type));
  const suspensionSource = suspension?.article ? `${arrears.doc} ${suspension.article}` : arrearsSource;
  /** Beyond the maximum, out of the scheme and a renewed wait from re-entry (沧州 第三十五条). */
  const coveredBack = suspension?.coveredBack;
  const withdrawal = typeof coveredBack === 'object' && coveredBack.beyondMax.kind === 'waiting' ? { maxGapMonths: coveredBack.maxGapMonths, months: coveredBack.beyondMax.months } : undefined;

  // Interruptions (中断缴费): runs of months not paid on time that overlap in time, in order.
  const interruptions: Interruption[] = [];
  /** For each month from `first`, the interruption it belongs to (not paid on time), or undefined. */
  const of: (Interruption | undefined)[] = [];
  if (first !== undefined) {
    let current: Interruption | undefined;
    for (let m = first; m <= until; m++) {
      if (onTime(m) || deferredAt.has(m)) {
        of.push(undefined);
        continue;
      }
      const paidMonth = payments.get(m)?.paidMonth ?? Number.POSITIVE_INFINITY;
      if (current && current.horizon > m) {
        current.hi = m;
        current.count += 1;
        current.paidMonth = Math.max(current.paidMonth, paidMonth);
        if (current.reentry === undefined) current.horizon = current.paidMonth;
      } else {
        current = { lo: m, hi: m, count: 1, paidMonth, horizon: paidMonth };
        interruptions.push(current);
      }
      if (withdrawal && current.reentry === undefined && current.count > withdrawal.maxGapMonths) {
        // Withdrawn at m (视为自动退出): back in with the first payment made from m on, where the interruption ends.
        let reentry = Number.POSITIVE_INFINITY;
        for (const p of payments.values()) if (p.paidMonth >= m && p.paidMonth < reentry) reentry = p.paidMonth;
        let backPaid = false;
        for (const p of payments.values()) if (p.paidMonth === reentry && p.month >= current.lo && p.month < reentry) backPaid = true;
        current.reentry = reentry;
        current.reentryBackPaid = backPaid;
        current.horizon = reentry;
      }
      of.push(current);
    }
  }

  /** 廊坊 第二十三条: over the limit, care in the arrears and the back-payment month is the employer's to bear. */
  const employerBears = a.employerBears && r.person.type === 'employee' ? '，由用人单位负担' : '';
  const lateVerdict = (m: number, gap: Interruption): Verdict => {
    const p = payments.get(m);
    const len = gap.count;
    if (!p) return { covered: false, reason: `${monthOf(m)} 未缴费：欠费（中断缴费）期间暂停享受统筹基金待遇`, source: arrearsSource };
    if (a.maxBackPayMonths !== undefined && len > a.maxBackPayMonths) {
      return { covered: false, reason: `中断 ${len} 个月，超过 ${a.maxBackPayMonths} 个月不再补缴，中断期间不予支付`, source: arrearsSource };
    }
    if (a.retroactiveMaxMonths !== undefined && len <= a.retroactiveMaxMonths) {
      const only = a.retroactiveCovers;
      return {
        covered: true,
        ...(only ? { covers: only } : {}),
        reason: `中断 ${len} 个月（不超过 ${a.retroactiveMaxMonths} 个月），${p.paidOn} 补缴后中断期间${only ? `的${careText(only)}医疗费可以报销` : '待遇追溯享受'}`,
        source: arrearsSource,
      };
    }
    return { covered: false, reason: `中断 ${len} 个月，超过 ${a.retroactiveMaxMonths ?? 0} 个月，中断期间的医疗费用统筹基金不予支付${employerBears}`, source: arrearsSource };
  };

  /** From when benefits resume after an interruption, or undefined when they were never lost. */
  const resumption = (gap: Interruption): { from: number; text: string } | undefined => {
    const resumeRules = a.resume;
    if (!resumeRules) return undefined;
    const backPaid = gap.paidMonth !== Number.POSITIVE_INFINITY;
    const len = gap.count;
    const type = r.person.type;
    const notBackPaid = type === 'employee' ? resumeRules.employeeNotBackPaid : resumeRules.flexibleNotBackPaid;
    let resume: Resume | ResumeNotBackPaid | undefined;
    if (!backPaid && notBackPaid) resume = notBackPaid;
    else if (len > (a.retroactiveMaxMonths ?? 0)) resume = resumeRules[type];
    else return undefined;
    // The schema requires a resume rule for every type not under the suspension.
    if (!resume) throw new YibaoError('unsupported', `no rule of the text for resuming after arrears (${arrearsSource})`, 'person.type');
    if (resume.kind === 'back_payment') {
      return {
        from: Number.POSITIVE_INFINITY,
        text: `${monthOf(gap.lo)} 起单位缴费中断 ${len} 个月，欠费未补缴：恢复缴费时应补缴中断期间的医疗保险费，补缴欠费前统筹基金不予支付`,
      };
    }
    let base: number;
    if (backPaid) base = gap.paidMonth;
    else {
      let k = gap.hi + 1;
      while (k <= until && !payments.has(k)) k++;
      const p = payments.get(k);
      if (!p) return undefined;
      base = p.paidMonth;
    }
    const from = resume.kind === 'payment_month' ? base : resume.kind === 'month_after_payment' ? base + 1 : base + resume.months;
    const text = `中断 ${len} 个月后${backPaid ? '补缴' : '恢复缴费'}（${monthOf(base)}），${resume.kind === 'waiting' ? `重新设 ${resume.months} 个月待遇享受等待期，` : ''}自 ${monthOf(from)} 起享受待遇${backPaid ? employerBears : ''}`;
    return { from, text };
  };

  /**
   * A month suspended for arrears (after the month in arrears, before the pay-up): covered back once paid
   * up within the calendar year (绥化), or when the interruption is short enough (沧州), else not.
   */
  const suspended = (m: number, gap: Interruption, back: Suspension['coveredBack']): Verdict => {
    const paid = gap.paidMonth;
    const head = `${monthOf(gap.lo)} 欠缴，自 ${monthOf(gap.lo + 1)} 起暂停待遇`;
    if (paid === Number.POSITIVE_INFINITY) {
      return { covered: false, reason: `${head}，欠费补足前不恢复（其后按时缴费的月份不解除暂停）`, source: suspensionSource };
    }
    if (back === 'paid_up_same_year') {
      if (yearOf(paid) === yearOf(m)) {
        return { covered: true, reason: `自 ${monthOf(gap.lo + 1)} 起因欠费（${monthOf(gap.lo)} 起）暂停待遇；${monthOf(paid)} 年度内补足欠费后恢复，欠缴期间发生的医疗费用予以支付`, source: suspensionSource };
      }
      return { covered: false, reason: `${head}；欠费于 ${monthOf(paid)} 补足，未在 ${yearOf(m)} 年度内补足，暂停期间不予支付`, source: suspensionSource };
    }
    if (gap.count <= back.maxGapMonths) {
      return { covered: true, reason: `${head}；中断缴费 ${gap.count} 个月（${back.maxGapMonths} 个月以内），${monthOf(paid)} 补足欠费后恢复，中断期间发生的医疗费用统筹基金予以支付`, source: suspensionSource };
    }
    return { covered: false, reason: `${head}；中断缴费 ${gap.count} 个月（超过 ${back.maxGapMonths} 个月），${monthOf(paid)} 补足欠费后从补缴当月起享受待遇，中断期间发生的医疗费用统筹基金不予支付`, source: suspensionSource };
  };

  /**
   * A month after the month in arrears of an interruption beyond the maximum, before cover resumes
   * (沧州 第三十五条): out of the scheme until the re-entry, then the renewed wait.
   */
  const withdrawn = (m: number, gap: Interruption, w: { maxGapMonths: number; months: number }): Verdict => {
    const re = gap.reentry ?? Number.POSITIVE_INFINITY;
    const out = `${monthOf(gap.lo)} 欠缴，自 ${monthOf(gap.lo + 1)} 起停止享受待遇；中断缴费 ${gap.count} 个月（超过 ${w.maxGapMonths} 个月），视为自动退出职工医保`;
    if (!Number.isFinite(re)) return { covered: false, reason: `${out}，尚未再次参保缴费，中断缴费期间发生的医疗费用统筹基金不予支付`, source: suspensionSource };
    const how = `${monthOf(re)} ${gap.reentryBackPaid ? '补缴中断期间的医保费' : '再次参保缴费'}，连续缴费满 ${w.months} 个月后自 ${monthOf(re + w.months)} 起享受待遇`;
    if (m < re) return { covered: false, reason: `${out}，中断缴费期间发生的医疗费用统筹基金不予支付；${how}`, source: suspensionSource };
    return { covered: false, reason: `待遇享受等待期：${out}；${how}，等待期间发生的医疗费用统筹基金不予支付`, source: suspensionSource };
  };

  // One sweep: the verdict of every month from `first` to `until`.
  const verdicts: Verdict[] = [];
  const resumptions = new Map<Interruption, { from: number; text: string } | undefined>();
  if (first !== undefined) {
    /** The latest interruption ended before the month (interruptions are in order and disjoint). */
    let ended: Interruption | undefined;
    let next = 0;
    /** The deferral ended before the month whose late payment reaches furthest, if any was paid late. */
    let blocking: Deferral | undefined;
    /** The latest withdrawn interruption (beyond the maximum, 沧州 第三十五条) begun before the month; `begun` counts those looked at. */
    let left: Interruption | undefined;
    let begun = 0;
    let nextDeferral = 0;
    for (let m = first; m <= until; m++) {
      while (next < interruptions.length && interruptions[next]!.hi < m) ended = interruptions[next++];
      while (begun < interruptions.length && interruptions[begun]!.lo < m) {
        const x = interruptions[begun++]!;
        if (x.reentry !== undefined) left = x;
      }
      while (nextDeferral < deferrals.length && deferrals[nextDeferral]!.hi < m) {
        const d = deferrals[nextDeferral++]!;
        if (d.paidUp > d.hi && (!blocking || d.paidUp >= blocking.paidUp)) blocking = d;
      }
      const gap = of[m - first];
      const deferred = deferredAt.get(m);
      let v: Verdict;
      if (m < start) {
        v = { covered: false, reason: `待遇享受等待期：${rule.label}，${Number.isFinite(start) ? `自 ${monthOf(start)} 起享受待遇` : '连续缴费月数未满'}`, source: waitSource };
      } else if (deferred && deferral) {
        const over = deferred.over > 0 ? `（缓缴 ${deferred.hi - deferred.lo + 1} 个月，超过“一般不超过半年”的 ${deferral.value.maxMonths} 个月，按批准的期限）` : '';
        v = { covered: true, reason: `${monthOf(deferred.lo)}–${monthOf(deferred.hi)} 经批准缓缴，缓缴期间享受正常报销待遇${over}`, source: deferral.source };
      } else if (blocking && deferral && m <= blocking.paidUp) {
        const span = `缓缴期（${monthOf(blocking.lo)}–${monthOf(blocking.hi)}）`;
        v = {
          covered: false,
          reason: Number.isFinite(blocking.paidUp)
            ? `${span}满后逾期补缴（${monthOf(blocking.paidUp)}），从补缴的次月（${monthOf(blocking.paidUp + 1)}）起享受医保报销待遇，补缴当月及以前欠费期间（不含缓缴期）发生的医疗费用不予报销`
            : `${span}满后欠费未补缴：从补缴的次月起才享受医保报销待遇，补缴当月及以前欠费期间（不含缓缴期）发生的医疗费用不予报销`,
          source: deferral.source,
        };
      } else if (suspension) {
        // The interruption running at m (at most one: a new one starts only once the last is paid up, or at
        // its re-entry once withdrawn).
        const running = gap ?? (next < interruptions.length && interruptions[next]!.lo < m ? interruptions[next] : ended);
        // A withdrawn interruption (沧州 第三十五条) is judged by its re-entry and wait, not by its pay-up.
        const active = running?.reentry === undefined ? running : undefined;
        const back = left && withdrawal ? (left.reentry ?? Number.POSITIVE_INFINITY) + withdrawal.months : Number.NEGATIVE_INFINITY;
        if (left && withdrawal && m < back) v = withdrawn(m, left, withdrawal);
        else if (active && m > active.lo && m < active.paidMonth) v = suspended(m, active, suspension.coveredBack);
        else if (gap) v = { covered: true, reason: `${monthOf(m)} 欠缴：从欠缴次月起暂停待遇，欠缴当月仍享受`, source: suspensionSource };
        else if (active && m > active.lo && m === active.paidMonth) v = { covered: true, reason: `${monthOf(active.lo)} 起欠缴，${monthOf(m)} 补足欠费，自补缴当月起恢复享受待遇`, source: suspensionSource };
        else if (left && withdrawal && m === back) v = { covered: true, reason: `${monthOf(left.lo)} 起中断缴费超过 ${withdrawal.maxGapMonths} 个月视为自动退出，${monthOf(left.reentry!)} 起连续缴费满 ${withdrawal.months} 个月，自本月起享受待遇`, source: suspensionSource };
        else v = { covered: true, reason: `${monthOf(m)} 已按时缴费，享受统筹基金待遇`, source: m === start && wait > 0 ? waitSource : suspensionSource };
      } else if (gap) {
        v = lateVerdict(m, gap);
      } else {
        // Paid on time: unless benefits have not resumed after the interruption running at it (months
        // still unpaid before it) or else the last one ended before it.
        const prior = (next < interruptions.length && interruptions[next]!.lo < m ? interruptions[next] : undefined) ?? ended;
        let res: { from: number; text: string } | undefined;
        if (prior && prior.hi >= start) {
          if (!resumptions.has(prior)) resumptions.set(prior, resumption(prior));
          res = resumptions.get(prior);
        }
        v = res && m < res.from ? { covered: false, reason: res.text, source: arrearsSource } : { covered: true, reason: `${monthOf(m)} 已按时缴费，享受统筹基金待遇`, source: m === start && wait > 0 ? waitSource : arrearsSource };
      }
      verdicts.push(v);
    }
  }

  const notYet: Verdict = { covered: false, reason: '尚未参保缴费', source: waitSource };
  const verdict = (m: number): Verdict => {
    if (first === undefined) return notYet;
    if (m < first) return m >= gapLo ? gapVerdict : notYet;
    return verdicts[m - first] ?? notYet;
  };
  let firstCovered: number | undefined;
  if (first !== undefined) {
    if (Number.isFinite(gapLo)) firstCovered = gapLo;
    else {
      const i = verdicts.findIndex((v) => v.covered);
      if (i >= 0) firstCovered = first + i;
    }
  }
  return { verdict, firstCovered, start, rule };
}

/** The eligibility rules in force on a date. */
interface EligibilityRules {
  waiting: InForce<WaitingRule[]>;
  arrears: InForce<ArrearsPolicy>;
  deferral: InForce<DeferralPolicy> | undefined;
}

/** The last month to consider: the latest month contributed for or asked about. */
function untilOf(r: EligibilityRequest): number {
  let until = 0;
  for (const h of r.history) until = Math.max(until, idx(h.month));
  for (const d of r.dates) until = Math.max(until, idx(d.slice(0, 7)));
  return until;
}

export function eligibility(policies: PolicySet, input: unknown, options: { explain?: boolean } = {}): EligibilityResult {
  const r = parseRequest(EligibilityRequestIn, input);
  const explain = options.explain ?? true;
  const until = untilOf(r);
  // One judgement per set of rules in force (dates under the same rules share it).
  const judged: { waiting: WaitingRule[]; arrears: ArrearsPolicy; deferral: DeferralPolicy | undefined; j: Judgement }[] = [];
  const judgement = (el: EligibilityRules, regionName: string): Judgement => {
    const deferral = el.deferral;
    const hit = judged.find((x) => x.waiting === el.waiting.value && x.arrears === el.arrears.value && x.deferral === deferral?.value);
    if (hit) return hit.j;
    // A deferral given is judged by the region's rule for it, or refused.
    const rule = r.deferrals.length > 0 ? deferralRule(deferral, r, regionName) : undefined;
    const j = judge(el.waiting, el.arrears, rule, r, until);
    judged.push({ waiting: el.waiting.value, arrears: el.arrears.value, deferral: deferral?.value, j });
    return j;
  };
  const results: DateCoverage[] = [];
  let coveredFrom: string | null = null;
  // Each date is judged by the rules in force on it; coveredFrom by those of the latest date.
  let latestIndex = 0;
  r.dates.forEach((date, i) => {
    if (date > r.dates[latestIndex]!) latestIndex = i;
    const out = atDate(policies, r.region, 'employee', date, `dates[${i}]`, false, (c) => {
      const el = c.policy.eligibility;
      if (!el?.waiting || !el.arrears) throw new YibaoError('unsupported', `${c.regionName}: the texts set no eligibility rules`, 'region');
      return judgement({ waiting: el.waiting, arrears: el.arrears, deferral: r.deferrals.length > 0 ? el.deferral : undefined }, c.regionName).verdict(idx(date.slice(0, 7)));
    });
    results.push({ date, covered: out.covered, ...(out.covers ? { covers: out.covers } : {}), reason: out.reason, source: out.source });
  });
  const latest = r.dates[latestIndex]!;
  const whole = atDate(policies, r.region, 'employee', latest, `dates[${latestIndex}]`, explain, (c) => {
    const el = c.policy.eligibility!;
    const j = judgement({ waiting: el.waiting!, arrears: el.arrears!, deferral: r.deferrals.length > 0 ? el.deferral : undefined }, c.regionName);
    if (j.firstCovered !== undefined) coveredFrom = `${monthOf(j.firstCovered)}-01`;
    if (c.ex.enabled) {
      c.ex.add('eligibility.waiting', `${KIND_NAMES[r.enrolment.kind]}：${j.rule.label}${Number.isFinite(j.start) ? `，自 ${monthOf(j.start)} 起` : ''}`, null, `${el.waiting!.doc} ${j.rule.article}`);
      for (const d of results) c.ex.add('eligibility.date', `${d.date}：${d.covered ? (d.covers ? `仅${careText(d.covers)}享受待遇` : '享受待遇') : '不享受待遇'}——${d.reason}`, null, d.source);
    }
    return {};
  });
  return { region: r.region, results, coveredFrom, steps: whole.steps };
}
