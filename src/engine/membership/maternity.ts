/**
 * yibao maternity: the maternity allowance (生育津贴) and maternity medical benefits
 * (生育医疗费用): prenatal checks, delivery, miscarriage, stillbirth and family-planning
 * procedures, each by the first matching cited rule of the region.
 */
import { z } from 'zod';
import { atDate, parseRequest, requireRule } from './command.js';
import { Employer } from './contribution.js';
import { YibaoError } from '../errors.js';
import { applyRate, fenToYuan, formatPercent, formatYuan, type Fen } from '../money.js';
import type { MaternityMatch } from '../../policy/membership-schema.js';
import { MemberDate, MonthCount } from '../../policy/membership-schema.js';
import { Level, Place, RegionId, SchemeId, Status } from '../../policy/schema.js';
import { fen, YuanIn } from '../settlement/request.js';
import type { PolicySet } from '../../policy/scheme-view.js';
import type { Step } from '../steps.js';

/** Plausibility bounds (not from the texts): no delivery of ten or more babies, no pregnancy over 10 months. */
const MAX_BABIES = 9;
const MAX_GESTATION_MONTHS = 10;

export const MaternityRequestIn = z
  .object({
    region: RegionId,
    /** 绥化 residents have their own delivery limits (第二十三条（一）7). */
    scheme: SchemeId.default('employee'),
    date: MemberDate,
    person: z
      .object({
        sex: z.enum(['male', 'female']).default('female'),
        type: z.enum(['employee', 'flexible', 'spouse_of_employee', 'resident']).default('employee'),
        continuousMonths: MonthCount.default(0),
        /** Registered as retired for medical insurance (职工医保退休登记) on the event date. */
        status: Status.default('employed'),
        /**
         * The day the person reaches the statutory retirement age (法定退休年龄). The age is set by national
         * rules, not by the texts: the caller gives the date; absent, the person is taken as below it.
         */
        retirementAgeReachedOn: MemberDate.optional(),
        /** For a spouse of a male employee: whether the spouse has basic medical insurance of her own (绥化). */
        spouseInsured: z.boolean().default(false),
        employer: Employer.extend({ averageMonthlyWage: YuanIn.optional() }).strict().optional(),
      })
      .strict(),
    event: z
      .object({
        kind: z.enum(['delivery', 'miscarriage', 'stillbirth', 'prenatal', 'family_planning']),
        delivery: z.enum(['natural', 'difficult', 'caesarean']).optional(),
        /** 1–9: a delivery of more babies is not plausible. */
        babies: z.number().int().min(1).max(MAX_BABIES).default(1),
        /** Whole months of pregnancy, 0–10 (a pregnancy lasts at most about 10 months). */
        gestationMonths: z.number().int().nonnegative().max(MAX_GESTATION_MONTHS).optional(),
        procedure: z.string().min(1).optional(),
        hospitalLevel: Level.optional(),
        place: Place.default('local'),
        cost: YuanIn.default(0),
      })
      .strict()
      .superRefine((e, ctx) => {
        if (e.kind === 'delivery' && !e.delivery) ctx.addIssue({ code: 'custom', path: ['delivery'], message: 'required for a delivery: natural, difficult or caesarean' });
        if ((e.kind === 'miscarriage' || e.kind === 'stillbirth') && e.gestationMonths === undefined) {
          ctx.addIssue({ code: 'custom', path: ['gestationMonths'], message: `required for a ${e.kind}` });
        }
        if (e.kind === 'family_planning' && !e.procedure) ctx.addIssue({ code: 'custom', path: ['procedure'], message: 'required for a family-planning procedure' });
      }),
  })
  .strict()
  .superRefine((r, ctx) => {
    // Pregnancy, delivery, miscarriage and stillbirth are a woman's; only family planning (e.g. 输精管结扎) may be a man's.
    if (r.person.sex === 'male' && r.event.kind !== 'family_planning') {
      ctx.addIssue({ code: 'custom', path: ['person', 'sex'], message: `a ${r.event.kind} is a woman's: give the woman who gave birth or was pregnant as the person` });
    }
  });
type MaternityRequest = z.output<typeof MaternityRequestIn>;

export interface MaternityResult {
  region: string;
  allowanceDays: number;
  allowance: number;
  medicalPaid: number;
  personPaid: number;
  steps: Step[];
}

function matches(w: MaternityMatch, r: MaternityRequest, path: string): boolean {
  const e = r.event;
  if (w.kind && !w.kind.includes(e.kind)) return false;
  if (w.delivery && (!e.delivery || !w.delivery.includes(e.delivery))) return false;
  if (w.minBabies !== undefined && e.babies < w.minBabies) return false;
  if (w.type && !w.type.includes(r.person.type)) return false;
  if (w.spouseInsured !== undefined && w.spouseInsured !== r.person.spouseInsured) return false;
  if (w.place && !w.place.includes(e.place === 'local' ? 'local' : 'out_of_area')) return false;
  if (w.maxLevel !== undefined || w.minLevel !== undefined) {
    if (e.hospitalLevel === undefined) throw new YibaoError('invalid_input', 'event.hospitalLevel is required: the standard differs by hospital level', `${path}.hospitalLevel`);
    if (w.maxLevel !== undefined && e.hospitalLevel > w.maxLevel) return false;
    if (w.minLevel !== undefined && e.hospitalLevel < w.minLevel) return false;
  }
  if (w.gestationBelow !== undefined && (e.gestationMonths === undefined || e.gestationMonths >= w.gestationBelow)) return false;
  if (w.gestationFrom !== undefined && (e.gestationMonths === undefined || e.gestationMonths < w.gestationFrom)) return false;
  if (w.procedure && (!e.procedure || !w.procedure.includes(e.procedure))) return false;
  return true;
}

const KIND_NAMES = { delivery: '分娩', miscarriage: '流产', stillbirth: '死胎', prenatal: '产前检查', family_planning: '计划生育手术' } as const;

export function maternity(policies: PolicySet, input: unknown, options: { explain?: boolean } = {}): MaternityResult {
  const r = parseRequest(MaternityRequestIn, input);
  return atDate(policies, r.region, r.scheme, r.date, 'date', options.explain ?? true, (c) => {
    const { ex } = c;
    const deferred = c.policy.deferred?.value.find((d) => d.type === 'maternity');
    if (deferred) throw new YibaoError('unsupported', `${c.regionName} 生育保险：${deferred.label}（${c.policy.deferred!.doc} ${deferred.article}）`, 'region');
    const mp = requireRule(c.policy.maternity, `${c.regionName}: the texts set no maternity rules`, 'region');
    const cost = fen(r.event.cost);

    // 生育医疗费用
    const medical = requireRule(mp.medical, `${c.regionName}: the texts set no maternity medical benefits`, 'region');
    const rule = medical.value.find((m) => matches(m.when, r, 'event'));
    let paid: Fen = 0;
    if (!rule) {
      // No medical standard for this case: refused when a cost is to be paid; with no cost, only the allowance is asked.
      if (cost > 0) {
        throw new YibaoError('unsupported', `${c.regionName}: no rule of the text sets the medical benefit for ${KIND_NAMES[r.event.kind]} of this person (${medical.source}); leave out the cost to ask for the allowance alone`, 'event.cost');
      }
      if (ex.enabled) ex.add('maternity.medical', `文本未规定此情形的生育医疗费用标准；未给出费用，仅计算生育津贴`, 0, medical.source);
    }
    const source = rule ? `${medical.doc} ${rule.article}` : medical.source;
    if (rule) switch (rule.pay.kind) {
      case 'full':
        paid = cost;
        if (ex.enabled) ex.add('maternity.medical', `${rule.label}：政策范围内费用 ${formatYuan(cost)} 元全额支付`, paid, source);
        break;
      case 'cap': {
        const cap = rule.pay.amount;
        paid = Math.min(cost, cap);
        if (ex.enabled) ex.add('maternity.medical', `${rule.label}：限额 ${formatYuan(cap)} 元，费用 ${formatYuan(cost)} 元，支付 ${formatYuan(paid)} 元`, paid, source);
        break;
      }
      case 'fixed':
        paid = rule.pay.amount;
        if (ex.enabled) ex.add('maternity.medical', `${rule.label}：按每例 ${formatYuan(paid)} 元包干结算`, paid, source);
        break;
      case 'share_of': {
        const { share, amount } = rule.pay;
        paid = applyRate(amount, share);
        if (ex.enabled) ex.add('maternity.medical', `${rule.label}：按标准 ${formatYuan(amount)} 元的 ${formatPercent(share)} 一次性补助 ${formatYuan(paid)} 元`, paid, source);
        break;
      }
      case 'unsupported':
        throw new YibaoError('unsupported', `${rule.label}（${source}）`, 'event.kind');
    }
    const personPaid = Math.max(0, cost - paid);

    // 生育津贴
    let days = 0;
    let allowance: Fen = 0;
    const ap = mp.allowance;
    if (ap && r.event.kind !== 'prenatal' && r.event.kind !== 'family_planning') {
      const a = ap.value;
      const reasons: string[] = [];
      if (r.person.sex !== 'female') reasons.push('生育津贴发给参保女职工');
      if (!a.types.includes(r.person.type)) reasons.push(r.person.type === 'flexible' ? '灵活就业人员不享受生育津贴' : '配偶不享受生育津贴');
      const employerType = r.person.employer?.type ?? 'other';
      if (a.excludedEmployers.includes(employerType)) reasons.push('财政供养的机关事业单位人员不享受生育津贴');
      if (r.person.continuousMonths < a.minContinuousMonths) reasons.push(`连续缴费 ${r.person.continuousMonths} 个月，未满 ${a.minContinuousMonths} 个月`);
      if (a.retiredMedicalOnly) {
        const atAge = r.person.retirementAgeReachedOn !== undefined && r.person.retirementAgeReachedOn <= r.date;
        if (r.person.status === 'retired') reasons.push('办理职工医保退休登记人员仅享受生育医疗费用待遇');
        else if (atAge) reasons.push(`${r.person.retirementAgeReachedOn} 达到法定退休年龄，仅享受生育医疗费用待遇`);
      }
      const base = a.days.find((d) => matches(d.when, r, 'event'));
      if (!base) reasons.push('文本未规定此情形的生育津贴天数');
      if (reasons.length) {
        if (ex.enabled) ex.add('maternity.allowance', `不发生育津贴：${reasons.join('；')}`, 0, ap.source);
      } else {
        days = base!.days;
        if (ex.enabled) ex.add('maternity.days', `${base!.label}：${base!.days} 天`, null, `${ap.doc} ${base!.article}`);
        // One extra at most: the first that matches (难产 counts once, whatever its causes).
        const extra = a.extra.find((x) => matches(x.when, r, 'event'));
        if (extra) {
          days += extra.days;
          if (ex.enabled) ex.add('maternity.days', `${extra.label}：增加 ${extra.days} 天`, null, `${ap.doc} ${extra.article}`);
        }
        if (a.perExtraBaby > 0 && r.event.babies > 1) {
          days += a.perExtraBaby * (r.event.babies - 1);
          if (ex.enabled) ex.add('maternity.days', `多胞胎生育，每多一婴增加 ${a.perExtraBaby} 天 × ${r.event.babies - 1}`, null, ap.source);
        }
        const wage = r.person.employer?.averageMonthlyWage;
        if (wage === undefined) {
          throw new YibaoError('invalid_input', "person.employer.averageMonthlyWage is required: the allowance is the employer's average monthly wage ÷ 30 × days", 'person.employer.averageMonthlyWage');
        }
        const monthly = fen(wage);
        allowance = Math.floor((monthly * days * 2 + a.divisor) / (a.divisor * 2));
        if (ex.enabled) ex.add('maternity.allowance', `生育津贴 ${formatYuan(monthly)} ÷ ${a.divisor} × ${days} 天 = ${formatYuan(allowance)} 元`, allowance, ap.source);
      }
    }
    return { region: r.region, allowanceDays: days, allowance: fenToYuan(allowance), medicalPaid: fenToYuan(paid), personPaid: fenToYuan(personPaid) };
  });
}
