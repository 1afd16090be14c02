/**
 * yibao contribution: one month's basic medical insurance contribution (缴费) —
 * the base, who pays what, the maternity share, what goes to the pooled fund
 * and to the personal account, and Suihua's 大额 premium. For Suihua's resident
 * scheme, who pays a resident's individual contribution by assisted category.
 */
import { z } from 'zod';
import { atDate, fromContext, monthlyOf, parseRequest, requireRule, statisticYear, type CommandContext } from './command.js';
import { YibaoError } from '../errors.js';
import { applyRate, fenToYuan, formatPercent, formatYuan, type Bp, type Fen } from '../money.js';
import type { InForce } from '../../policy/compile.js';
import type { ByEmployer, ContributionRule } from '../../policy/membership-schema.js';
import { RegionId, SchemeId } from '../../policy/schema.js';
import { fen, YuanIn } from '../settlement/request.js';
import { MemberMonth, MemberYearKey, ownKeyRecord } from '../../policy/membership-schema.js';
import type { PolicySet } from '../../policy/scheme-view.js';
import type { Step } from '../steps.js';

/** A month YYYY-MM, 1900–2100. */
export const Month = MemberMonth;
export const PersonType = z.enum(['employee', 'flexible', 'unemployed']);
export type PersonType = z.infer<typeof PersonType>;
export const Employer = z.object({ type: z.enum(['public_funded', 'other']).default('other'), hardship: z.boolean().default(false) }).strict();
export type EmployerType = 'public_funded' | 'other';

export const ContributionRequestIn = z
  .object({
    region: RegionId,
    scheme: SchemeId.default('employee'),
    month: Month,
    person: z
      .object({
        type: PersonType.default('employee'),
        monthlyWage: YuanIn.optional(),
        employer: Employer.optional(),
        enrolment: z.enum(['combined', 'pool_only']).default('combined'),
        /** Resident scheme: the assisted category (绥化 第十八条), default ordinary. */
        category: z.string().min(1).optional(),
      })
      .strict(),
    context: z
      .object({
        averageWage: ownKeyRecord(MemberYearKey, YuanIn).optional(),
        /** Resident scheme: the provincial individual contribution standard for the year (yuan). */
        residentContribution: YuanIn.optional(),
      })
      .strict()
      .default({}),
  })
  .strict();
export type ContributionRequest = z.output<typeof ContributionRequestIn>;

export interface ContributionResult {
  region: string;
  month: string;
  personType: PersonType;
  base: number;
  employer: number;
  employee: number;
  unemploymentFund: number;
  total: number;
  /** The maternity share inside the contribution; null where the text gives none. */
  maternity: number | null;
  toPooledFund: number;
  toPersonalAccount: number;
  /** 绥化 大额 premium and who pays it; null where the region has none in its texts. */
  largeExpense: { amount: number; employer: number; person: number } | null;
  averageWage: { year: number; monthly: number };
  steps: Step[];
}

export interface ResidentContributionResult {
  region: string;
  month: string;
  category: string;
  standard: number;
  medicalAssistance: number;
  localFinance: number;
  veteransAffairs: number;
  individual: number;
  steps: Step[];
}

const TYPE_NAMES = { employee: '在职职工', flexible: '灵活就业人员', unemployed: '领取失业保险金人员' } as const;

export function byEmployer(rate: ByEmployer, type: EmployerType): Bp {
  return typeof rate === 'number' ? rate : rate[type];
}

/** The rule of a person type, with the pool-only rates where the person is enrolled so. */
export function contributionRule(
  c: CommandContext,
  type: PersonType,
  enrolment: 'combined' | 'pool_only',
): { rule: ContributionRule; rates: Omit<ContributionRule, 'base' | 'poolOnly'>; source: string } {
  const contribution = c.policy.contribution;
  const param = requireRule(contribution?.[type], `${c.regionName}: the texts set no contribution for ${TYPE_NAMES[type]}`, 'person.type') as InForce<ContributionRule>;
  const rule = param.value;
  if (enrolment === 'pool_only') {
    const pool = requireRule(rule.poolOnly, `${c.regionName}: pool-only enrolment (单建统筹) is not defined for ${TYPE_NAMES[type]}`, 'person.enrolment');
    return { rule, rates: pool, source: `${param.doc} ${pool.article}` };
  }
  return { rule, rates: rule, source: `${param.doc} ${rule.article}` };
}

/** The monthly city average wage a month's contribution uses. */
export function averageWageForMonth(c: CommandContext, month: string, wages: Partial<Record<string, number>> | undefined): { year: number; annual: Fen; monthly: Fen } {
  const which = requireRule(c.policy.contribution?.averageWageYear, `${c.regionName}: the texts set no contribution rules`, 'region');
  const year = statisticYear(which.value, month);
  const annual = fen(fromContext(wages?.[String(year)], `context.averageWage.${year}`, `the ${month} contribution uses the city average wage of ${year} (社平工资)`));
  const monthly = monthlyOf(annual);
  c.ex.add('contribution.averageWage', () => `${month} 使用 ${year} 年全市平均工资 ${formatYuan(annual)} 元，月平均 ${formatYuan(monthly)} 元`, monthly, which.source);
  return { year, annual, monthly };
}

/** A share of the monthly average, from the yearly figure, rounded half-up once: round(annual × share ÷ 12). */
export function monthlyShare(annual: Fen, share: Bp): Fen {
  return Math.floor((annual * share * 2 + 120_000) / 240_000);
}

export function contribution(policies: PolicySet, input: unknown, options: { explain?: boolean } = {}): ContributionResult | ResidentContributionResult {
  const r = parseRequest(ContributionRequestIn, input);
  return atDate(policies, r.region, r.scheme, `${r.month}-01`, 'month', options.explain ?? true, (c) =>
    r.scheme === 'resident' ? residentContribution(c, r) : employeeContribution(c, r),
  );
}

function employeeContribution(c: CommandContext, r: ContributionRequest): Omit<ContributionResult, 'steps'> {
  const { person } = r;
  const { ex } = c;
  const { rule, rates, source } = contributionRule(c, person.type, person.enrolment);
  const avg = averageWageForMonth(c, r.month, r.context.averageWage);
  const employerType: EmployerType = person.employer?.type ?? 'other';

  // 缴费基数
  let base: Fen;
  const b = rule.base;
  if (b.kind === 'wage_clamped') {
    if (person.monthlyWage === undefined) throw new YibaoError('invalid_input', 'person.monthlyWage is required: the base is the own wage', 'person.monthlyWage');
    const wage = fen(person.monthlyWage);
    const floorShare = person.employer?.hardship && b.hardshipFloor !== undefined ? b.hardshipFloor : b.floor;
    const floor = monthlyShare(avg.annual, floorShare);
    const ceiling = b.ceiling === undefined ? undefined : monthlyShare(avg.annual, b.ceiling);
    base = Math.max(wage, floor);
    if (ceiling !== undefined) base = Math.min(base, ceiling);
    ex.add(
      'contribution.base',
      () =>
        `缴费基数：本人月工资 ${formatYuan(wage)} 元，下限 ${formatPercent(floorShare)} × 月平均工资 = ${formatYuan(floor)} 元${ceiling !== undefined ? `，上限 ${formatPercent(b.ceiling!)} = ${formatYuan(ceiling)} 元` : ''}${person.employer?.hardship && b.hardshipFloor !== undefined ? '（困难企业）' : ''}，基数 ${formatYuan(base)} 元`,
      base,
      source,
    );
  } else {
    base = monthlyShare(avg.annual, b.share);
    ex.add('contribution.base', () => `${TYPE_NAMES[person.type]}缴费基数为月平均工资的 ${formatPercent(b.share)}：${formatYuan(base)} 元`, base, source);
  }

  const employer = rates.employer !== undefined ? applyRate(base, byEmployer(rates.employer, employerType)) : 0;
  const personPaid = rates.person !== undefined ? applyRate(base, rates.person) : 0;
  const unemploymentFund = rates.unemploymentFund !== undefined ? applyRate(base, rates.unemploymentFund) : 0;
  const total = employer + personPaid + unemploymentFund;
  if (rates.employer !== undefined) {
    ex.add('contribution.employer', () => `单位缴费 ${formatYuan(base)} × ${formatPercent(byEmployer(rates.employer!, employerType))} = ${formatYuan(employer)} 元${employerType === 'public_funded' ? '（机关事业单位/财政全额拨款）' : ''}`, employer, source);
  }
  if (rates.person !== undefined) {
    ex.add('contribution.person', () => `个人缴费 ${formatYuan(base)} × ${formatPercent(rates.person!)} = ${formatYuan(personPaid)} 元`, personPaid, source);
  }
  if (rates.unemploymentFund !== undefined) {
    ex.add('contribution.unemploymentFund', () => `由失业保险基金缴纳 ${formatYuan(base)} × ${formatPercent(rates.unemploymentFund!)} = ${formatYuan(unemploymentFund)} 元，个人不缴费`, unemploymentFund, source);
  }
  let maternity: Fen | null = 0;
  if (rates.maternity === null) {
    maternity = null;
    ex.add('contribution.maternity', '文本未给出生育保险缴费比例（单位缴费比例不含生育保险）', null, source);
  } else if (rates.maternity !== undefined) {
    const m = byEmployer(rates.maternity, employerType);
    maternity = applyRate(base, m);
    ex.add('contribution.maternity', () => `其中生育保险 ${formatYuan(base)} × ${formatPercent(m)} = ${formatYuan(maternity!)} 元`, maternity, source);
  }
  const account = applyRate(base, rates.account);
  ex.add('contribution.account', () => (rates.account > 0 ? `划入个人账户 ${formatYuan(base)} × ${formatPercent(rates.account)} = ${formatYuan(account)} 元` : '不划入个人账户'), account, source);
  ex.add('contribution.pooled', () => `计入统筹基金 ${formatYuan(total)} − ${formatYuan(account)} = ${formatYuan(total - account)} 元`, total - account, source);

  let largeExpense: ContributionResult['largeExpense'] = null;
  const le = c.policy.contribution?.largeExpense;
  if (le) {
    const amount = le.value.monthly;
    const byEmployerShare = person.type === 'employee' ? applyRate(amount, le.value.employerShare) : 0;
    largeExpense = { amount: fenToYuan(amount), employer: fenToYuan(byEmployerShare), person: fenToYuan(amount - byEmployerShare) };
    ex.add('contribution.largeExpense', () => `职工大额医疗费用补助每月 ${formatYuan(amount)} 元：单位 ${formatYuan(byEmployerShare)} 元，个人 ${formatYuan(amount - byEmployerShare)} 元`, amount, le.source);
  }

  return {
    region: r.region,
    month: r.month,
    personType: person.type,
    base: fenToYuan(base),
    employer: fenToYuan(employer),
    employee: fenToYuan(personPaid),
    unemploymentFund: fenToYuan(unemploymentFund),
    total: fenToYuan(total),
    maternity: maternity === null ? null : fenToYuan(maternity),
    toPooledFund: fenToYuan(total - account),
    toPersonalAccount: fenToYuan(account),
    largeExpense,
    averageWage: { year: avg.year, monthly: fenToYuan(avg.monthly) },
  };
}

function residentContribution(c: CommandContext, r: ContributionRequest): Omit<ResidentContributionResult, 'steps'> {
  const categories = requireRule(c.policy.contribution?.residentCategories, `${c.regionName}: the texts set no resident contribution rules`, 'scheme');
  const id = r.person.category ?? 'ordinary';
  const cat = categories.value.find((x) => x.id === id);
  if (!cat) {
    throw new YibaoError('invalid_input', `person.category: ${id} is not one of ${categories.value.map((x) => x.id).join(', ')} (${categories.source})`, 'person.category');
  }
  const standard = fen(fromContext(r.context.residentContribution, 'context.residentContribution', 'the individual contribution standard is set by the province (第十六条)'));
  const ma = applyRate(standard, cat.medicalAssistance);
  const lf = applyRate(standard, cat.localFinance);
  const va = applyRate(standard, cat.veteransAffairs);
  const individual = standard - ma - lf - va;
  const source = `${categories.doc} ${cat.article}`;
  const { ex } = c;
  ex.add('resident.standard', () => `个人缴费标准 ${formatYuan(standard)} 元（执行全省统一规定）`, standard, source);
  if (ma) ex.add('resident.medicalAssistance', () => `${cat.label}：医疗救助基金资助 ${formatPercent(cat.medicalAssistance)} = ${formatYuan(ma)} 元`, ma, source);
  if (lf) ex.add('resident.localFinance', () => `${cat.label}：地方财政补助 ${formatPercent(cat.localFinance)} = ${formatYuan(lf)} 元`, lf, source);
  if (va) ex.add('resident.veteransAffairs', () => `${cat.label}：退役军人事务部门补助 ${formatPercent(cat.veteransAffairs)} = ${formatYuan(va)} 元`, va, source);
  ex.add('resident.individual', () => `个人缴纳 ${formatYuan(individual)} 元`, individual, source);
  return {
    region: r.region,
    month: r.month,
    category: id,
    standard: fenToYuan(standard),
    medicalAssistance: fenToYuan(ma),
    localFinance: fenToYuan(lf),
    veteransAffairs: fenToYuan(va),
    individual: fenToYuan(individual),
  };
}
