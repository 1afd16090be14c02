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
import { YibaoError } from './errors.js';
import type { InForce } from './policy/compile.js';
import type { ArrearsPolicy, Resume, WaitingRule } from './policy/membership-schema.js';
import { EnrolmentKind } from './policy/membership-schema.js';
import { IsoDate, RegionId } from './policy/schema.js';
import { refineUnique } from './request.js';
import type { PolicySet } from './settle.js';
import type { Step } from './steps.js';

const MonthText = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');

export const EligibilityRequestIn = z
  .object({
    region: RegionId,
    person: z.object({ type: z.enum(['employee', 'flexible']).default('employee') }).strict().default({ type: 'employee' }),
    enrolment: z
      .object({
        kind: EnrolmentKind,
        gapMonths: z.number().int().nonnegative().default(0),
        priorContinuousYears: z.number().nonnegative().default(0),
      })
      .strict(),
    history: z.array(z.object({ month: MonthText, paidOn: IsoDate }).strict()),
    dates: z.array(IsoDate).min(1),
  })
  .strict()
  .superRefine((r, ctx) => {
    refineUnique(r.history, (h) => h.month, ctx, (i) => ['history', i, 'month'], 'month');
  });
type EligibilityRequest = z.output<typeof EligibilityRequestIn>;

export interface DateCoverage {
  date: string;
  covered: boolean;
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

interface Payment {
  month: number;
  paidMonth: number;
  paidOn: string;
  onTime: boolean;
}

interface Verdict {
  covered: boolean;
  reason: string;
  source: string;
}

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
  const rule = rules.value.find(
    (w) =>
      (!w.kinds || w.kinds.includes(e.kind)) &&
      (!w.types || w.types.includes(r.person.type)) &&
      (w.maxGapMonths === undefined || e.gapMonths <= w.maxGapMonths) &&
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
  months: number[];
  /** The month the last of them was paid (Infinity while any is unpaid). */
  paidMonth: number;
}

/** The coverage of every month, by the rules in force. */
function judge(waiting: InForce<WaitingRule[]>, arrears: InForce<ArrearsPolicy>, r: EligibilityRequest, until: number) {
  const payments = new Map<number, Payment>();
  for (const h of r.history) {
    const month = idx(h.month);
    const paidMonth = idx(h.paidOn.slice(0, 7));
    payments.set(month, { month, paidMonth, paidOn: h.paidOn, onTime: paidMonth <= month });
  }
  const months = [...payments.keys()].sort((x, y) => x - y);
  const first = months[0];
  const last = months[months.length - 1];
  const rule = waitingRule(waiting, r);
  const waitSource = `${waiting.doc} ${rule.article}`;
  const wait = rule.months ?? 0;
  const a = arrears.value;
  const arrearsSource = arrears.source;
  const onTime = (m: number) => payments.get(m)?.onTime === true;

  // Joining: the month of the first payment (自缴费之月起 / 缴费当月起); months contributed for
  // before it (back-dated at enrolment) do not count toward the wait.
  let joined = Number.POSITIVE_INFINITY;
  for (const p of payments.values()) joined = Math.min(joined, p.paidMonth);
  let start = Number.POSITIVE_INFINITY;
  if (first !== undefined) {
    if (rule.from === 'payment_month') start = joined + wait;
    else if (rule.from === 'month_after_payment') start = joined + 1 + wait;
    else {
      // 连续缴费满N个月: the first run of N consecutive months contributed for, from joining.
      for (let k = joined; k <= Math.max(last!, joined); k++) {
        let run = true;
        for (let j = k; j < k + wait; j++) if (!payments.has(j)) run = false;
        if (run && (wait > 0 || payments.has(k))) {
          start = k + wait;
          break;
        }
      }
    }
  }

  // Interruptions (中断缴费): runs of months not paid on time that overlap in time.
  const interruptions: Interruption[] = [];
  const of = new Map<number, Interruption>();
  if (first !== undefined) {
    let current: Interruption | undefined;
    for (let m = first; m <= until; m++) {
      if (onTime(m)) continue;
      const paidMonth = payments.get(m)?.paidMonth ?? Number.POSITIVE_INFINITY;
      if (current && current.paidMonth > m) {
        current.hi = m;
        current.months.push(m);
        current.paidMonth = Math.max(current.paidMonth, paidMonth);
      } else {
        current = { lo: m, hi: m, months: [m], paidMonth };
        interruptions.push(current);
      }
      of.set(m, current);
    }
  }

  const lateVerdict = (m: number, gap: Interruption): Verdict => {
    const p = payments.get(m);
    const len = gap.months.length;
    if (!p) return { covered: false, reason: `${monthOf(m)} 未缴费：欠费（中断缴费）期间暂停享受统筹基金待遇`, source: arrearsSource };
    if (a.sameYearBackPayment) {
      return Math.floor(p.paidMonth / 12) === Math.floor(m / 12)
        ? { covered: true, reason: `${monthOf(m)} 于 ${p.paidOn} 年度内补足欠费，欠缴期间的医疗费用予以支付`, source: arrearsSource }
        : { covered: false, reason: `${monthOf(m)} 的欠费未在当年度内补足（${p.paidOn} 补缴），欠缴期间不予支付`, source: arrearsSource };
    }
    if (a.maxBackPayMonths !== undefined && len > a.maxBackPayMonths) {
      return { covered: false, reason: `中断 ${len} 个月，超过 ${a.maxBackPayMonths} 个月不再补缴，中断期间不予支付`, source: arrearsSource };
    }
    if (a.retroactiveMaxMonths !== undefined && len <= a.retroactiveMaxMonths) {
      return { covered: true, reason: `中断 ${len} 个月（不超过 ${a.retroactiveMaxMonths} 个月），${p.paidOn} 补缴后中断期间待遇追溯享受`, source: arrearsSource };
    }
    return { covered: false, reason: `中断 ${len} 个月，超过 ${a.retroactiveMaxMonths ?? 0} 个月，中断期间的医疗费用统筹基金不予支付`, source: arrearsSource };
  };

  /** From when benefits resume after an interruption, or undefined when they were never lost. */
  const resumption = (gap: Interruption): { from: number; text: string } | undefined => {
    const backPaid = gap.paidMonth !== Number.POSITIVE_INFINITY;
    const len = gap.months.length;
    const type = r.person.type;
    const notBackPaid = type === 'employee' ? a.resume.employeeNotBackPaid : a.resume.flexibleNotBackPaid;
    let resume: Resume;
    if (!backPaid && notBackPaid) resume = notBackPaid;
    else if (!a.sameYearBackPayment && len > (a.retroactiveMaxMonths ?? 0)) resume = a.resume[type];
    else return undefined;
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
    const text = `中断 ${len} 个月后${backPaid ? '补缴' : '恢复缴费'}（${monthOf(base)}），${resume.kind === 'waiting' ? `重新设 ${resume.months} 个月待遇享受等待期，` : ''}自 ${monthOf(from)} 起享受待遇`;
    return { from, text };
  };

  const verdict = (m: number): Verdict => {
    if (first === undefined || m < first) return { covered: false, reason: '尚未参保缴费', source: waitSource };
    if (m < start) {
      return { covered: false, reason: `待遇享受等待期：${rule.label}，${Number.isFinite(start) ? `自 ${monthOf(start)} 起享受待遇` : '连续缴费月数未满'}`, source: waitSource };
    }
    const gap = of.get(m);
    if (gap) return lateVerdict(m, gap);
    // Paid on time: unless benefits have not resumed after the last interruption before it.
    let previous: Interruption | undefined;
    for (const g of interruptions) if (g.hi < m && g.hi >= start && (!previous || g.hi > previous.hi)) previous = g;
    const res = previous ? resumption(previous) : undefined;
    if (res && m < res.from) return { covered: false, reason: res.text, source: arrearsSource };
    return { covered: true, reason: `${monthOf(m)} 已按时缴费，享受统筹基金待遇`, source: m === start && wait > 0 ? waitSource : arrearsSource };
  };
  return { verdict, first, last, start, rule };
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
  const results: DateCoverage[] = [];
  let coveredFrom: string | null = null;
  let steps: Step[] = [];
  // Each date is judged by the rules in force on it; coveredFrom by those of the latest date.
  const latest = [...r.dates].sort().at(-1)!;
  r.dates.forEach((date, i) => {
    const out = atDate(policies, r.region, 'employee', date, `dates[${i}]`, false, (c) => {
      const el = c.policy.eligibility;
      if (!el?.waiting || !el.arrears) throw new YibaoError('unsupported', `${c.regionName}: the texts set no eligibility rules`, 'region');
      return judge(el.waiting, el.arrears, r, untilOf(r)).verdict(idx(date.slice(0, 7)));
    });
    results.push({ date, covered: out.covered, reason: out.reason, source: out.source });
  });
  const whole = atDate(policies, r.region, 'employee', latest, `dates[${r.dates.indexOf(latest)}]`, explain, (c) => {
    const el = c.policy.eligibility!;
    const j = judge(el.waiting!, el.arrears!, r, untilOf(r));
    if (j.first !== undefined) {
      const end = untilOf(r);
      for (let m = j.first; m <= end; m++) {
        if (j.verdict(m).covered) {
          coveredFrom = `${monthOf(m)}-01`;
          break;
        }
      }
    }
    c.ex.add('eligibility.waiting', `${KIND_NAMES[r.enrolment.kind]}：${j.rule.label}${Number.isFinite(j.start) ? `，自 ${monthOf(j.start)} 起` : ''}`, null, `${el.waiting!.doc} ${j.rule.article}`);
    for (const d of results) c.ex.add('eligibility.date', `${d.date}：${d.covered ? '享受待遇' : '不享受待遇'}——${d.reason}`, null, d.source);
    return {};
  });
  steps = whole.steps;
  return { region: r.region, results, coveredFrom, steps };
}
