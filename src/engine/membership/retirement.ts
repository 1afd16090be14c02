/**
 * yibao retirement: whether a person retiring may keep basic medical insurance
 * without contributing (退休人员医保待遇), by cumulative and local contribution
 * months, and what paying the shortfall at once costs (一次性补缴).
 */
import { z } from 'zod';
import { atDate, fromContext, monthlyOf, parseRequest, requireRule, statisticYear } from './command.js';
import { byEmployer, Employer } from './contribution.js';
import { YibaoError } from '../errors.js';
import { bpToRatio, BP_ONE, fenToYuan, formatPercent, formatYuan, type Fen } from '../money.js';
import { MemberDate, MemberYearKey, MonthCount, ownKeyRecord } from '../../policy/membership-schema.js';
import { RegionId } from '../../policy/schema.js';
import { fen, YuanIn } from '../settlement/request.js';
import type { PolicySet } from '../../policy/scheme-view.js';
import type { Step } from '../steps.js';

/** Whole months, 0–1200 (a hundred years: more is no contribution record). */
const Months = MonthCount.default(0);

export const RetirementRequestIn = z
  .object({
    region: RegionId,
    sex: z.enum(['male', 'female']),
    retirementDate: MemberDate,
    person: z
      .object({
        type: z.enum(['employee', 'flexible']).default('employee'),
        employer: Employer.optional(),
        /** The person's monthly contribution base at retirement (资阳, 绥化 top-ups). */
        base: YuanIn.optional(),
      })
      .strict()
      .default({ type: 'employee' }),
    months: z
      .object({ deemed: Months, local: Months, elsewhere: Months, military: Months, residentLocal: Months, pooling: Months })
      .strict(),
    context: z.object({ averageWage: ownKeyRecord(MemberYearKey, YuanIn).optional() }).strict().default({}),
  })
  .strict();

export interface RetirementResult {
  region: string;
  qualifies: boolean;
  required: { total: number; local: number };
  counted: { total: number; local: number };
  shortfallMonths: number;
  topUp: { amount: number; base: number; rate: number; months: number; toPooledFund: number; toPersonalAccount: number } | null;
  steps: Step[];
}

/** amount × rate × months, rounded half-up once; exact beyond 2^53 (a large base over many months). */
function over(base: Fen, rate: number, months: number): Fen {
  const product = base * rate * months;
  if (Number.isSafeInteger(product)) return Math.floor((product + BP_ONE / 2) / BP_ONE);
  return Number((BigInt(base) * BigInt(rate) * BigInt(months) + BigInt(BP_ONE / 2)) / BigInt(BP_ONE));
}

export function retirement(policies: PolicySet, input: unknown, options: { explain?: boolean } = {}): RetirementResult {
  const r = parseRequest(RetirementRequestIn, input);
  return atDate(policies, r.region, 'employee', r.retirementDate, 'retirementDate', options.explain ?? true, (c) => {
    const { ex } = c;
    const rp = requireRule(c.policy.retirement, `${c.regionName}: the texts set no retirement rules`, 'region');
    const req = requireRule(rp.required, `${c.regionName}: the texts set no required contribution years`, 'region');
    const counting = requireRule(rp.counting, `${c.regionName}: the texts do not say which months count`, 'region');
    const year = Number(r.retirementDate.slice(0, 4));

    // 规定缴费年限
    const male = req.value.male;
    let total: number;
    if (r.sex === 'female') total = req.value.female;
    else if (typeof male === 'number') total = male;
    else {
      const step = [...male].reverse().find((s) => s.fromYear <= year);
      if (!step) throw new YibaoError('policy_not_in_force', `no required contribution years for ${year}`, 'retirementDate');
      total = step.months;
    }
    const local = req.value.local;
    ex.add('retirement.required', () => `${r.sex === 'male' ? '男' : '女'}性${r.retirementDate.slice(0, 4)}年退休，累计缴费年限须满 ${total} 个月，本地实际缴费须满 ${local} 个月`, null, req.source);

    // 计入的缴费月数
    const m = r.months;
    const cv = counting.value;
    const resident = cv.residentLocalMonthsPerYear ? Math.floor(m.residentLocal / 12) * cv.residentLocalMonthsPerYear : 0;
    if (!cv.poolingHalf && m.pooling > 0) {
      throw new YibaoError('unsupported', `months.pooling: ${c.regionName}'s texts define no pre-reform pooling years (only 资阳 第九条（七）4 does); report years before the scheme as deemed months where they count (${counting.source})`, 'months.pooling');
    }
    const pooling = cv.poolingHalf ? Math.floor(m.pooling / 2) : 0;
    const countedTotal = (cv.deemed ? m.deemed : 0) + m.local + (cv.elsewhere ? m.elsewhere : 0) + m.military + resident + pooling;
    const countedLocal = m.local + (cv.military === 'total_and_local' ? m.military : 0) + resident + pooling;
    ex.add(
      'retirement.counted',
      () =>
        `计入累计 ${countedTotal} 个月（${cv.deemed ? `视同 ${m.deemed} + ` : m.deemed ? `视同 ${m.deemed} 不计 + ` : ''}本地 ${m.local}${cv.elsewhere ? ` + 外地 ${m.elsewhere}` : ''} + 军龄 ${m.military}${cv.residentLocalMonthsPerYear ? ` + 居民医保折算 ${resident}` : ''}${cv.poolingHalf ? ` + 大病统筹折半 ${pooling}` : ''}），本地 ${countedLocal} 个月`,
      null,
      counting.source,
    );
    const shortfall = Math.max(0, total - countedTotal, local - countedLocal);
    const qualifies = shortfall === 0;
    ex.add('retirement.shortfall', qualifies ? '缴费年限已满，退休后不再缴纳基本医疗保险费' : `差 ${shortfall} 个月（累计差 ${Math.max(0, total - countedTotal)}，本地差 ${Math.max(0, local - countedLocal)}，取较大者）`, null, req.source);

    let topUp: RetirementResult['topUp'] = null;
    if (!qualifies) {
      const tp = requireRule(rp.topUp, `${c.regionName}: the texts set no one-off top-up`, 'region');
      const t = tp.value;
      let base: Fen | undefined;
      if (t.base.kind === 'average_wage') {
        const y = statisticYear(t.base.year, r.retirementDate.slice(0, 7));
        base = monthlyOf(fen(fromContext(r.context.averageWage?.[String(y)], `context.averageWage.${y}`, `the top-up base is the city average wage of ${y} (社平工资)`)));
        const b = base;
        ex.add('retirement.base', () => `补缴基数：${y} 年全市平均工资的月平均 ${formatYuan(b)} 元`, b, tp.source);
      } else if (r.person.base !== undefined) {
        base = fen(r.person.base);
        const b = base;
        ex.add('retirement.base', () => `补缴基数：本人缴费基数 ${formatYuan(b)} 元`, b, tp.source);
      } else if (t.base.kind === 'person_base_or_minimum') {
        const y = year - 1;
        base = monthlyOf(fen(fromContext(r.context.averageWage?.[String(y)], `context.averageWage.${y}`, `without a last base the top-up uses the year's minimum base, the city average wage of ${y}`)));
        const b = base;
        ex.add('retirement.base', () => `上月无缴费基数，按清算当年最低缴费基数（${y} 年月平均工资）${formatYuan(b)} 元`, b, tp.source);
      } else if (r.person.type === 'flexible' && t.base.flexibleAverageShare !== undefined) {
        const y = year - 1;
        const share = t.base.flexibleAverageShare;
        const annual = fen(fromContext(r.context.averageWage?.[String(y)], `context.averageWage.${y}`, `a flexible worker's base is the city average wage of ${y}`));
        base = Math.floor((annual * share * 2 + 120_000) / 240_000);
        const b = base;
        ex.add('retirement.base', () => `灵活就业人员缴费基数为 ${y} 年平均工资的 ${formatPercent(share)}：${formatYuan(b)} 元`, b, tp.source);
      } else {
        // The shortfall stands; the amount needs the person's base at retirement, which the request does not give.
        ex.add('retirement.topUp', '一次性补缴按办理医疗保险退休手续时的缴费基数计算：请求未给出 person.base，补缴金额未计算', null, tp.source);
      }
      if (base !== undefined) {
        const b = base;
        const rate = r.person.type === 'flexible' ? t.rate.flexible : byEmployer(t.rate.employee, r.person.employer?.type ?? 'other');
        const amount = over(b, rate, shortfall);
        const toAccount = over(b, t.account, shortfall);
        ex.add('retirement.topUp', () => `一次性补缴 ${formatYuan(b)} × ${formatPercent(rate)} × ${shortfall} 个月 = ${formatYuan(amount)} 元`, amount, tp.source);
        ex.add('retirement.topUp.split', () => (toAccount > 0 ? `其中按在职职工标准划入个人账户 ${formatYuan(b)} × ${formatPercent(t.account)} × ${shortfall} = ${formatYuan(toAccount)} 元，其余 ${formatYuan(amount - toAccount)} 元计入统筹基金` : `全部 ${formatYuan(amount)} 元计入统筹基金，不划个人账户`), toAccount, tp.source);
        topUp = { amount: fenToYuan(amount), base: fenToYuan(b), rate: bpToRatio(rate), months: shortfall, toPooledFund: fenToYuan(amount - toAccount), toPersonalAccount: fenToYuan(toAccount) };
      }
    }
    return { region: r.region, qualifies, required: { total, local }, counted: { total: countedTotal, local: countedLocal }, shortfallMonths: shortfall, topUp };
  });
}
