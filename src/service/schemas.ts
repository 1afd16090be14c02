/** The API's request bodies (zod: they validate, and their JSON Schema is the OpenAPI document). */
import { z } from 'zod';
import { PersonTagSchema, StatusSchema } from '../index.js';
import { creditCodeProblem, readIdNumber } from './ids.js';

export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= '1900-01-01' && s <= '2100-12-31';
  }, 'must be a real date in the years 1900–2100');

/** Yuan, not negative, at most 2 decimals, at most 1,000,000,000. */
export const Yuan = z
  .number()
  .min(0)
  .max(1_000_000_000)
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'at most 2 decimals');

export function regionSchema(regions: readonly string[]) {
  const [first, ...rest] = regions;
  if (first === undefined) throw new Error('no region in the policies');
  return z.enum([first, ...rest]);
}

export function employerIn(regions: readonly string[]) {
  return z
    .object({
      creditCode: z
        .string()
        .describe('统一社会信用代码, 18 characters with its GB 32100-2015 check character')
        .superRefine((code, ctx) => {
          const problem = creditCodeProblem(code);
          if (problem) ctx.addIssue({ code: 'custom', message: `not a valid 统一社会信用代码: ${problem}` });
        }),
      name: z.string().min(1).max(200),
      region: regionSchema(regions),
      type: z.string().min(1).max(64).describe('the employer type the contribution rules read, e.g. enterprise, public_funded, other'),
    })
    .strict();
}

export const MemberType = z.enum(['employee', 'flexible', 'resident']);

export const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM')
  .refine((s) => s >= '1900-01' && s <= '2100-12', 'in the years 1900–2100');

/** The engine's eligibility `enrolment` (README, `yibao eligibility`). */
export const Enrolment = z
  .object({
    kind: z.enum(['new_employer', 'joined_employer', 'flexible_first', 'transfer_in', 'switch_from_resident', 'veteran', 'after_prison']),
    gapMonths: z.number().int().min(0).max(1200).optional(),
    priorContinuousYears: z.number().min(0).max(100).optional(),
    gapPaidBackOn: IsoDate.optional(),
  })
  .strict();

export function memberIn(regions: readonly string[]) {
  return z
    .object({
      idNumber: z.string().describe('居民身份证号码, 18 characters with its GB 11643 check digit'),
      name: z.string().min(1).max(100),
      sex: z.enum(['male', 'female']),
      birthDate: IsoDate,
      region: regionSchema(regions),
      scheme: z.enum(['employee', 'resident']),
      type: MemberType,
      status: StatusSchema.optional().describe('employee scheme: employed or retired (required); resident scheme: absent'),
      retiredOn: IsoDate.optional(),
      employerId: z.string().min(1).max(64).optional(),
      enrolledOn: IsoDate,
      tags: z.array(PersonTagSchema).max(16).default([]),
      enrolment: Enrolment.optional().describe("how the member joined, as the engine's eligibility reads it (default: joined_employer for employees, flexible_first for flexible workers)"),
      accountBalance: Yuan.default(0).describe("the personal account's opening balance, yuan"),
    })
    .strict()
    .superRefine((m, ctx) => {
      const facts = readIdNumber(m.idNumber);
      if (typeof facts === 'string') {
        ctx.addIssue({ code: 'custom', path: ['idNumber'], message: `not a valid 居民身份证号码: ${facts}` });
        return;
      }
      if (facts.birthDate !== m.birthDate) ctx.addIssue({ code: 'custom', path: ['birthDate'], message: `disagrees with idNumber, which gives ${facts.birthDate}` });
      if (facts.sex !== m.sex) ctx.addIssue({ code: 'custom', path: ['sex'], message: `disagrees with idNumber, whose 17th digit gives ${facts.sex}` });
      if ((m.scheme === 'resident') !== (m.type === 'resident')) ctx.addIssue({ code: 'custom', path: ['type'], message: `type ${m.type} does not belong to the ${m.scheme} scheme` });
      if (m.scheme === 'employee' && m.status === undefined) ctx.addIssue({ code: 'custom', path: ['status'], message: 'required for the employee scheme (employed or retired)' });
      if (m.scheme === 'resident' && m.accountBalance !== 0) ctx.addIssue({ code: 'custom', path: ['accountBalance'], message: 'the resident scheme has no personal account' });
      if (m.scheme === 'resident' && m.status !== undefined) ctx.addIssue({ code: 'custom', path: ['status'], message: 'the resident scheme has no employment status' });
      if (m.retiredOn !== undefined && m.status !== 'retired') ctx.addIssue({ code: 'custom', path: ['retiredOn'], message: 'only with status retired' });
      if (m.enrolledOn < m.birthDate) ctx.addIssue({ code: 'custom', path: ['enrolledOn'], message: 'is before birthDate' });
      if (m.type === 'employee' && m.employerId === undefined) ctx.addIssue({ code: 'custom', path: ['employerId'], message: 'required for type employee' });
    });
}

export const MemberListQuery = z
  .object({
    region: z.string().max(32).optional(),
    q: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(20),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

export const StatisticsIn = z
  .object({
    averageWage: Yuan.positive().optional().describe('city average wage, yuan a year'),
    averagePension: z
      .object({ public: Yuan.positive().optional(), enterprise: Yuan.positive().optional(), overall: Yuan.positive().optional() })
      .strict()
      .optional()
      .describe('average basic pension by key, yuan'),
    residentContribution: Yuan.positive().optional().describe('the provincial individual resident contribution, yuan'),
    note: z.string().max(200).optional().describe('e.g. 演示数据，非官方统计 for demonstration figures'),
  })
  .strict();

export const YearParam = z.coerce.number().int().min(1900).max(2100);

export const SettlementIn = z
  .object({
    memberId: z.string().min(1).max(64),
    claim: z
      .record(z.string(), z.unknown())
      .describe(
        "one claim object of the settle request (README: 'A claim'), plus hospital.code, the institution's code (required for an institution token); its registration is replaced by the one on record",
      ),
  })
  .strict();

export const TokenIn = z
  .object({
    role: z.string().regex(/^(admin|agency|institution:[A-Za-z0-9_-]{1,64}|person:[A-Za-z0-9_-]{1,64})$/, 'admin, agency, institution:<code> or person:<memberId>'),
    label: z.string().max(200).default(''),
  })
  .strict();

export const ExplainQuery = z.object({ explain: z.enum(['true', 'false']).default('true') }).strict();

/** One month's contribution, or a run of months (`from`–`until`, at most 120) paid on one day. */
export const ContributionIn = z
  .object({
    month: Month.optional(),
    from: Month.optional(),
    until: Month.optional(),
    monthlyWage: Yuan.optional().describe('the monthly wage: the engine computes the base and the shares'),
    amount: Yuan.optional().describe('recorded as paid: the amount, not computed'),
    base: Yuan.optional().describe('with amount: the monthly contribution base, for the personal-account credit'),
    paidOn: IsoDate,
  })
  .strict()
  .superRefine((c, ctx) => {
    if ((c.month === undefined) === (c.from === undefined)) ctx.addIssue({ code: 'custom', path: ['month'], message: 'give month, or from and until' });
    if ((c.from === undefined) !== (c.until === undefined)) ctx.addIssue({ code: 'custom', path: [c.from === undefined ? 'from' : 'until'], message: 'from and until go together' });
    if (c.from !== undefined && c.until !== undefined) {
      if (c.until < c.from) ctx.addIssue({ code: 'custom', path: ['until'], message: 'is before from' });
      else if (monthIndex(c.until) - monthIndex(c.from) >= 120) ctx.addIssue({ code: 'custom', path: ['until'], message: 'at most 120 months at once' });
    }
    if ((c.monthlyWage === undefined) === (c.amount === undefined)) ctx.addIssue({ code: 'custom', path: ['monthlyWage'], message: 'give monthlyWage (computed) or amount (recorded as paid), not both' });
    if (c.base !== undefined && c.amount === undefined) ctx.addIssue({ code: 'custom', path: ['base'], message: 'only with amount (with monthlyWage the engine computes the base)' });
  });

export const monthIndex = (m: string): number => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
export const monthOfIndex = (i: number): string => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

export const CoverageQuery = z.object({ date: IsoDate }).strict();

export const RegistrationIn = z
  .object({
    kind: z.enum(['temporary', 'long_term', 'referral']).describe('异地就医备案: 临时外出就医 temporary, 异地长期居住 long_term, 转诊转院 referral'),
    place: z.enum(['in_province', 'jingjin', 'cross_province', 'local']).describe("the claims' place it is for"),
    destination: z.string().min(1).max(200).describe('where: city or province'),
    validFrom: IsoDate,
    validUntil: IsoDate.optional().describe('the last day; a temporary one lasts a year where the text says so'),
  })
  .strict();

export const RecognitionIn = z
  .object({
    category: z.enum(['chronic', 'special']).describe('门诊慢性病 chronic or 门诊特殊疾病 special'),
    name: z.string().min(1).max(100),
    class: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    recognizedOn: IsoDate,
  })
  .strict();

export const DateQuery = z.object({ date: IsoDate, institution: z.string().min(1).max(64).optional() }).strict();

export const AuditQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    target: z.string().min(1).max(200).optional(),
  })
  .strict();

export const SettlementListQuery = z
  .object({
    memberId: z.string().min(1).max(64).optional(),
    institution: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .strict();

export const ChangeIn = z
  .object({
    kind: z
      .enum(['retire', 'death', 'terminate', 'employer', 'type'])
      .describe('在职转退休 retire (from the day registered), 死亡 death, 终止参保 terminate, 变更单位 employer (with employerId), type: employee ↔ flexible (with type; employerId to become an employee)'),
    on: IsoDate,
    employerId: z.string().min(1).max(64).optional().describe('employer: the new employer (active, in the member’s region); type → employee: the employer'),
    type: z.enum(['employee', 'flexible']).optional().describe('type: the new type (在职职工 employee, 灵活就业人员 flexible)'),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.kind === 'employer' && c.employerId === undefined) ctx.addIssue({ code: 'custom', path: ['employerId'], message: 'required for an employer change' });
    if (c.kind !== 'employer' && c.kind !== 'type' && c.employerId !== undefined) ctx.addIssue({ code: 'custom', path: ['employerId'], message: 'only for an employer or type change' });
    if (c.kind === 'type' && c.type === undefined) ctx.addIssue({ code: 'custom', path: ['type'], message: 'required for a type change' });
    if (c.kind !== 'type' && c.type !== undefined) ctx.addIssue({ code: 'custom', path: ['type'], message: 'only for a type change' });
  });

export const EmployerChangeIn = z
  .object({
    name: z.string().min(1).max(200).optional(),
    type: z.string().min(1).max(64).optional().describe('the employer type the contribution rules read from now on (months recorded later)'),
  })
  .strict()
  .refine((c) => c.name !== undefined || c.type !== undefined, 'name or type is required');

export const EmployerTerminationIn = z.object({ on: IsoDate }).strict();

export const FamilyPaymentIn = z
  .object({
    on: IsoDate,
    amount: Yuan.describe('yuan, within the balance'),
    use: z.enum(['care', 'pharmacy', 'contribution']).describe('家庭成员共济: care at a designated institution, a designated pharmacy, or the family member’s resident-scheme contribution'),
    beneficiary: z
      .object({
        name: z.string().min(1).max(100),
        relation: z.enum(['spouse', 'parent', 'child']).describe('家庭成员: 配偶 spouse, 父母 parent, 子女 child'),
      })
      .strict(),
    institution: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional().describe('the designated institution or pharmacy paid (care, pharmacy)'),
  })
  .strict();

export const WithdrawalIn = z
  .object({
    reason: z.enum(['transfer_out', 'death', 'termination']).describe('调离统筹区 transfer_out, 死亡 death, 终止参保 termination'),
    on: IsoDate,
    mode: z.enum(['transfer', 'lump_sum']).optional().describe('transfer_out: moved with the enrolment (default) or paid to the member, where the text allows'),
    heirs: z.boolean().optional().describe('death: whether there are heirs or named beneficiaries (default true)'),
  })
  .strict();

export const ReimbursementIn = z
  .object({
    claim: z
      .record(z.string(), z.unknown())
      .describe("one claim object of the settle request, with claimedOn (the day the member asked; today, China Standard Time, when absent); hospital.code is not read: the money goes to the member"),
  })
  .strict();

export const PopulationQuery = z.object({ region: z.string().min(1).max(64), year: z.coerce.number().int().min(1990).max(2100) }).strict();
