/**
 * Policy-file schema for membership: contributions (缴费), personal-account credits
 * (个人账户划入), retirement qualification (退休缴费年限) and maternity (生育保险).
 */
import { z } from 'zod';
import { Article, cited, Level, Money, param, Rate } from './primitives.js';
export { MAX_MONTHS, MAX_YEAR, MAX_YEARS, MemberDate, MemberMonth, MemberYearKey, MIN_YEAR, MonthCount, ownKeyRecord, YearCount } from './primitives.js';

/** The context.averagePension keys a policy may name. */
export const PensionKey = z.enum(['public', 'enterprise', 'overall']);
export type PensionKey = z.infer<typeof PensionKey>;

/** A rate that differs by employer type (机关事业单位/财政全额拨款 vs others). */
export const ByEmployer = z.union([Rate, z.object({ public_funded: Rate, other: Rate }).strict()]);
export type ByEmployer = number | { public_funded: number; other: number };

/** The contribution base, as shares of the monthly city average wage. */
export const BaseRule = z.discriminatedUnion('kind', [
  /** The person's own wage, floored (and capped) at shares of the average; hardship employers may use a lower floor. */
  z.object({ kind: z.literal('wage_clamped'), floor: Rate, ceiling: Rate.optional(), hardshipFloor: Rate.optional() }).strict(),
  /** A share of the average, whatever the wage (灵活就业, 失业人员). */
  z.object({ kind: z.literal('average_share'), share: Rate }).strict(),
]);
export type BaseRule = z.infer<typeof BaseRule>;

const Payers = {
  /** Paid by the employer. */
  employer: ByEmployer.optional(),
  /** Paid by the person. */
  person: Rate.optional(),
  /** Paid by the unemployment-insurance fund. */
  unemploymentFund: Rate.optional(),
  /** The maternity share inside the total; null where the text gives none. */
  maternity: z.union([ByEmployer, z.null()]).optional(),
  /** Share of the base credited each month to the personal account. */
  account: Rate,
};

export const ContributionRule = z
  .object({
    ...cited,
    base: BaseRule,
    ...Payers,
    /** 资阳 单建统筹 rates. */
    poolOnly: z.object({ ...cited, ...Payers }).strict().optional(),
  })
  .strict();
export type ContributionRule = z.infer<typeof ContributionRule>;

const ResidentCategory = z
  .object({
    ...cited,
    id: z.string().min(1),
    medicalAssistance: Rate.default(0),
    localFinance: Rate.default(0),
    veteransAffairs: Rate.default(0),
  })
  .strict();
export type ResidentCategory = z.infer<typeof ResidentCategory>;

const ContributionPolicy = z
  .object({
    /** Which year's average wage a month uses: the previous year, or 沧州 第二十一条's half-year switch. */
    averageWageYear: param(z.enum(['previous_year', 'half_year_switch'])).optional(),
    employee: param(ContributionRule).optional(),
    flexible: param(ContributionRule).optional(),
    unemployed: param(ContributionRule).optional(),
    /** 绥化 第二十八条（一）: the 大额 premium per month and the employer's share of it. */
    largeExpense: param(z.object({ monthly: Money, employerShare: Rate }).strict()).optional(),
    /** 绥化 第十八条: who pays a resident's individual contribution, by category. */
    residentCategories: param(z.array(ResidentCategory).min(1)).optional(),
  })
  .strict();

const RetireeCredit = z.discriminatedUnion('kind', [
  /** A share of an average basic pension, by the retiree's category or overall (from context.averagePension). */
  z
    .object({
      kind: z.literal('pension_share'),
      share: Rate,
      /**
       * The context.averagePension key each retiree category uses, or one key for every retiree
       * (资阳 第十条: one average for all; no category is then needed).
       */
      averages: z.union([PensionKey, z.object({ public: PensionKey, enterprise: PensionKey, bankrupt_enterprise: PensionKey }).strict()]),
    })
    .strict(),
  /** A fixed monthly amount; some categories a yearly one (绥化). */
  z.object({ kind: z.literal('fixed'), monthly: Money, yearlyFor: z.object({ bankrupt_enterprise: Money }).partial().default({}) }).strict(),
]);
export type RetireeCredit = z.infer<typeof RetireeCredit>;

const AccountCreditPolicy = z
  .object({
    /** Share of the contribution base credited monthly to the employed, by person type (absent: none defined). */
    employed: param(z.object({ employee: Rate.optional(), flexible: Rate.optional(), unemployed: Rate.optional(), poolOnly: Rate.optional() }).strict()).optional(),
    retired: param(RetireeCredit).optional(),
    /** A change of status changes the credit from the month after it (次月起). */
    statusChange: param(z.literal('next_month')).optional(),
  })
  .strict();

const RetirementPolicy = z
  .object({
    /** Required cumulative months by sex; male may step by the year of retirement (资阳 过渡期). */
    required: param(
      z
        .object({
          male: z.union([z.number().int().positive(), z.array(z.object({ fromYear: z.number().int(), months: z.number().int().positive() }).strict()).min(1)]),
          female: z.number().int().positive(),
          local: z.number().int().nonnegative(),
        })
        .strict(),
    ).optional(),
    /** Which kinds of months count, and where. */
    counting: param(
      z
        .object({
          deemed: z.boolean(),
          elsewhere: z.boolean(),
          military: z.enum(['total', 'total_and_local']),
          /** Months credited per year of local resident insurance (资阳: 2), counted as local; absent: not counted. */
          residentLocalMonthsPerYear: z.number().int().positive().optional(),
          /** Pre-2000-12 pooling months count half, as local (资阳); elsewhere such months are refused. */
          poolingHalf: z.boolean().default(false),
        })
        .strict(),
    ).optional(),
    /** Paying the shortfall at once. */
    topUp: param(
      z
        .object({
          base: z.discriminatedUnion('kind', [
            z.object({ kind: z.literal('average_wage'), year: z.enum(['previous_year', 'half_year_switch']) }).strict(),
            /** The person's last base, else the minimum base of the year (资阳 第九条（五）1). */
            z.object({ kind: z.literal('person_base_or_minimum') }).strict(),
            /** The person's base at retirement (绥化 第十五条). */
            /** A flexible worker's base is fixed by the text (a share of the previous year's average). */
            z.object({ kind: z.literal('person_base'), flexibleAverageShare: Rate.optional() }).strict(),
          ]),
          rate: z.object({ employee: ByEmployer, flexible: Rate }).strict(),
          /** Share of the base per month credited to the personal account; the rest to the pooled fund. */
          account: Rate,
        })
        .strict(),
    ).optional(),
  })
  .strict();

// ---------------------------------------------------------------- maternity

const MaternityMatch = z
  .object({
    kind: z.array(z.enum(['delivery', 'miscarriage', 'stillbirth', 'prenatal', 'family_planning'])).min(1).optional(),
    delivery: z.array(z.enum(['natural', 'difficult', 'caesarean'])).min(1).optional(),
    type: z.array(z.enum(['employee', 'flexible', 'spouse_of_employee', 'resident'])).min(1).optional(),
    spouseInsured: z.boolean().optional(),
    place: z.array(z.enum(['local', 'out_of_area'])).min(1).optional(),
    maxLevel: Level.optional(),
    minLevel: Level.optional(),
    /** Gestation in whole months: below this. */
    gestationBelow: z.number().int().positive().optional(),
    /** Gestation in whole months: at least this. */
    gestationFrom: z.number().int().positive().optional(),
    procedure: z.array(z.string().min(1)).min(1).optional(),
    /** At least this many babies (多胎). */
    minBabies: z.number().int().positive().optional(),
  })
  .strict();
export type MaternityMatch = z.infer<typeof MaternityMatch>;

const MedicalRule = z
  .object({
    ...cited,
    when: MaternityMatch,
    pay: z.discriminatedUnion('kind', [
      /** The whole cost (within the policy scope). */
      z.object({ kind: z.literal('full') }).strict(),
      /** The cost up to a cap. */
      z.object({ kind: z.literal('cap'), amount: Money }).strict(),
      /** A fixed amount per case (包干), whatever the cost. */
      z.object({ kind: z.literal('fixed'), amount: Money }).strict(),
      /** A share of a standard, whatever the cost (一次性补助). */
      z.object({ kind: z.literal('share_of'), share: Rate, amount: Money }).strict(),
      /** The text names the case but leaves its payment to other rules (按住院有关政策). */
      z.object({ kind: z.literal('unsupported') }).strict(),
    ]),
  })
  .strict();
export type MedicalRule = z.infer<typeof MedicalRule>;

const AllowanceDays = z.object({ ...cited, when: MaternityMatch, days: z.number().int().positive() }).strict();
export type AllowanceDays = z.infer<typeof AllowanceDays>;

const MaternityPolicy = z
  .object({
    medical: param(z.array(MedicalRule).min(1)).optional(),
    allowance: param(
      z
        .object({
          /** Base days: the first matching rule. */
          days: z.array(AllowanceDays).min(1),
          /** Extra days: the first matching rule adds (难产 counts once). */
          extra: z.array(AllowanceDays).default([]),
          /** Extra days per baby beyond the first (多胞胎). */
          perExtraBaby: z.number().int().nonnegative().default(0),
          minContinuousMonths: z.number().int().nonnegative(),
          types: z.array(z.enum(['employee', 'flexible', 'spouse_of_employee', 'resident'])).min(1),
          excludedEmployers: z.array(z.enum(['public_funded', 'other'])).default([]),
          /** allowance = the employer's average monthly wage ÷ divisor × days. */
          divisor: z.number().int().positive(),
          /**
           * 绥化 第二十二条（二）: a person at the statutory retirement age or registered as retired gets the
           * medical benefits only (no allowance). Absent: the texts say nothing of retirees here.
           */
          retiredMedicalOnly: z.boolean().default(false),
        })
        .strict(),
    ).optional(),
  })
  .strict();

// ---------------------------------------------------------------- eligibility (待遇享受等待期, 中断与补缴)

/**
 * The kinds of care a cover may be limited to: the settle claim `type`s (门诊慢特病 is `chronic` and
 * `special`; 住院 is `inpatient`; general outpatient is `outpatient`).
 */
export const CareKind = z.enum(['inpatient', 'outpatient', 'chronic', 'special']);
export type CareKind = z.infer<typeof CareKind>;
/** A cover limited to some kinds of care (e.g. 门诊慢特病、住院: `[chronic, special, inpatient]`). */
const Covers = z.array(CareKind).min(1).max(4);

export const EnrolmentKind = z.enum(['new_employer', 'joined_employer', 'flexible_first', 'transfer_in', 'switch_from_resident', 'veteran', 'after_prison']);
export type EnrolmentKind = z.infer<typeof EnrolmentKind>;

/** Where a waiting period is counted from. */
const WaitFrom = z.enum([
  /** The first month contributed for (自缴费之月起连续缴费满N个月). */
  'first_paid_month',
  /** The month the first contribution was paid (缴费当月起N个月后). */
  'payment_month',
  /** The month after the first contribution arrived (缴费到账次月起). */
  'month_after_payment',
  /** The month after the gap before enrolment was paid back (廊坊 第二十四条: 从补缴费用的次月起). */
  'month_after_back_payment',
  /**
   * The month the gap before enrolment was paid back, or the first payment if later (廊坊 第二十五条:
   * 补缴后即可正常享受). Without a gap (nothing to pay back): the month of the first payment.
   */
  'back_payment_month',
]);

const WaitingRule = z
  .object({
    ...cited,
    kinds: z.array(EnrolmentKind).min(1).optional(),
    types: z.array(z.enum(['employee', 'flexible'])).min(1).optional(),
    /** Applies only when the gap before enrolment is at most this many months. */
    maxGapMonths: z.number().int().nonnegative().optional(),
    /** Applies only when the gap before enrolment is at least this many months (a re-enrolment, not a first one). */
    minGapMonths: z.number().int().positive().optional(),
    /**
     * Applies only when the gap before enrolment was (true) or was not (false) paid back
     * (request: enrolment.gapPaidBackOn). 廊坊 第二十四条 decides the wait by this, not by the gap's length;
     * 沧州 第三十六条 and 廊坊 第二十五条 waive the wait only 补缴后. No gap (gapMonths 0) has nothing to pay
     * back and counts as paid back.
     */
    gapBackPaid: z.boolean().optional(),
    /** A gap paid back of at most this many months is itself covered back (中断期间…可以按规定报销). */
    gapCoveredMaxMonths: z.number().int().nonnegative().optional(),
    /** The gap covered back covers only these kinds of care (廊坊 第二十四条: 门诊慢特病、住院医疗费); absent: all. */
    gapCovers: Covers.optional(),
    /** Applies only after at least this many years of continuous basic insurance. */
    minPriorYears: z.number().int().nonnegative().optional(),
    /** Months of waiting (0: from the start). */
    months: z.number().int().nonnegative().optional(),
    from: WaitFrom.default('first_paid_month'),
    /** The text leaves the case to other rules: refused as unsupported. */
    refuse: z.boolean().default(false),
  })
  .strict();
export type WaitingRule = z.infer<typeof WaitingRule>;

/** After a gap too long to be covered back: from when benefits resume. */
const Resume = z.discriminatedUnion('kind', [
  /** From the month of the back-payment (or of the renewed payment). */
  z.object({ kind: z.literal('payment_month') }).strict(),
  /** From the month after it. */
  z.object({ kind: z.literal('month_after_payment') }).strict(),
  /** After a new waiting period counted from it. */
  z.object({ kind: z.literal('waiting'), months: z.number().int().positive() }).strict(),
]);
export type Resume = z.infer<typeof Resume>;

/** After a gap not (yet) paid back: as a Resume, or not before the arrears are paid back. */
const ResumeNotBackPaid = z.union([
  Resume,
  /**
   * Not while the arrears stand (廊坊 第二十三条: 单位缴费中断的，恢复缴费时，应按规定补缴…补缴欠费后…享受):
   * months paid on time after the interruption are not covered until it is paid back; then the
   * back-paid rules apply.
   */
  z.object({ kind: z.literal('back_payment') }).strict(),
]);
export type ResumeNotBackPaid = z.infer<typeof ResumeNotBackPaid>;

/**
 * Beyond a suspension's maximum (`coveredBack.maxGapMonths`), once the interruption is over: from when
 * cover resumes. The suspended months are not covered back either way.
 */
const BeyondMax = z.discriminatedUnion('kind', [
  /** 沧州 第三十条 (3个月以上的…补足…后，从补缴当月起…享受): from the pay-up month. */
  z.object({ kind: z.literal('payment_month') }).strict(),
  /**
   * 沧州 第三十五条 (3个月以上的，视为自动退出…再次参保时可自行选择是否补缴…从再次参保缴费或补缴之月起连续缴费满6个月后
   * 享受…中断缴费期间和待遇享受等待期间…不予支付): out of the scheme once the interruption counts more than the
   * maximum (withdrawal: the first month in arrears beyond it); back in with the first payment made from that
   * month on — a renewed payment or a back-payment, whichever the history shows first (re-entry) — and
   * covered `months` months after the re-entry month. The interruption ends at re-entry: a month not paid on
   * time from then on is a new interruption, and paying back the old one later changes nothing.
   */
  z.object({ kind: z.literal('waiting'), months: z.number().int().positive() }).strict(),
]);
export type BeyondMax = z.infer<typeof BeyondMax>;

/**
 * Suspension for arrears (绥化 第十三条, 沧州 第三十条、第三十五条): 从欠缴次月起暂停（停止）…补足欠费后恢复. The
 * first month in arrears is itself covered; from the month after it benefits are suspended, whatever later
 * months' own payments, until every month of the arrears is paid (the pay-up month), from which cover is
 * restored. Whether care in the suspended months is then covered back is `coveredBack`.
 */
const Suspension = z
  .object({
    /** The article of this suspension, for the verdicts' source (absent: the arrears entry's). */
    article: Article.optional(),
    from: z.literal('month_after_arrears'),
    until: z.literal('paid_up'),
    coveredBack: z.union([
      /** 绥化 第十三条 (年度内补足…欠缴期间发生的医疗费用予以支付): when the pay-up falls in the suspended month's calendar year. */
      z.literal('paid_up_same_year'),
      /**
       * 沧州 第三十条、第三十五条 (中断缴费3个月（含）以内的…补足…后即恢复…中断期间发生的医疗费用统筹基金予以支付): when the
       * interruption counts at most `maxGapMonths` months not paid on time; beyond it, `beyondMax`.
       */
      z.object({ maxGapMonths: z.number().int().nonnegative(), beyondMax: BeyondMax }).strict(),
    ]),
    /** The person types suspended so; the others follow the gap-length rules below. Absent: all. */
    types: z.array(z.enum(['employee', 'flexible'])).min(1).optional(),
  })
  .strict();
export type Suspension = z.infer<typeof Suspension>;

const PERSON_TYPES = ['employee', 'flexible'] as const;

/** The suspensions of an arrears policy, as a list. */
export function suspensionsOf(s: Suspension | Suspension[] | undefined): Suspension[] {
  return s === undefined ? [] : Array.isArray(s) ? s : [s];
}

const ArrearsPolicy = z
  .object({
    /**
     * Suspension for arrears, or one per person type (沧州: 第三十条 employees, 第三十五条 flexible workers);
     * for the types a suspension names the gap-length rules below are not used.
     */
    suspension: z.union([Suspension, z.array(Suspension).min(1)]).optional(),
    /** A gap of at most this many months, once paid back, is covered back (追溯). */
    retroactiveMaxMonths: z.number().int().nonnegative().optional(),
    /** The gap covered back covers only these kinds of care (廊坊 第二十三条: 门诊慢特病、住院医疗费); absent: all. */
    retroactiveCovers: Covers.optional(),
    /** Care in an employee's arrears not covered is the employer's to bear (廊坊 第二十三条: 由用人单位负担): said in the reason. */
    employerBears: z.boolean().default(false),
    /** A gap longer than this cannot be paid back at all (资阳: 断保一年以上不再补缴). */
    maxBackPayMonths: z.number().int().positive().optional(),
    /**
     * After a longer gap, by person type (required for each type the suspension does not name);
     * `notBackPaid` where the text treats an unpaid gap apart.
     */
    resume: z
      .object({
        employee: Resume.optional(),
        flexible: Resume.optional(),
        employeeNotBackPaid: ResumeNotBackPaid.optional(),
        flexibleNotBackPaid: ResumeNotBackPaid.optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    const list = suspensionsOf(a.suspension);
    for (const type of PERSON_TYPES) {
      const applying = list.filter((x) => x.types === undefined || x.types.includes(type));
      if (applying.length > 1) {
        ctx.addIssue({ code: 'custom', path: ['suspension'], message: `${applying.length} suspensions apply to ${type}: at most one may` });
      }
      if (applying.length === 0 && a.resume?.[type] === undefined) {
        ctx.addIssue({ code: 'custom', path: ['resume', type], message: `required: ${type} is not under the suspension` });
      }
    }
  });
export type ArrearsPolicy = z.infer<typeof ArrearsPolicy>;

/** An employer's approved deferral of contributions (缓缴): how long, and what it means for cover. */
const DeferralPolicy = z.union([
  z
    .object({
      /**
       * 廊坊 第二十六条: 缓缴期间享受正常报销待遇; 逾期补缴欠费的，从补缴的次月起享受，补缴当月及以前欠费期间
       * （不含缓缴期）不予报销. The longest deferral the text names (缓缴期限一般不超过半年), in months.
       */
      maxMonths: z.number().int().positive(),
      /** A longer deferral: refused as invalid input, or accepted with the excess said in the reason (一般 read as not binding). */
      beyondMax: z.enum(['refuse', 'accept']),
    })
    .strict(),
  /** The text names deferral but leaves what it means for cover open: a request with one is refused as unsupported. */
  z.object({ unsupported: z.string().min(1) }).strict(),
]);
export type DeferralPolicy = z.infer<typeof DeferralPolicy>;

const EligibilityPolicy = z
  .object({
    waiting: param(z.array(WaitingRule).min(1)).optional(),
    arrears: param(ArrearsPolicy).optional(),
    deferral: param(DeferralPolicy).optional(),
  })
  .strict();
export type EligibilityPolicy = z.infer<typeof EligibilityPolicy>;

/** Membership parameters, merged into each scheme's policy. */
export const MembershipPolicies = {
  contribution: ContributionPolicy.optional(),
  accountCredit: AccountCreditPolicy.optional(),
  retirement: RetirementPolicy.optional(),
  maternity: MaternityPolicy.optional(),
  eligibility: EligibilityPolicy.optional(),
};
export type ContributionPolicy = z.infer<typeof ContributionPolicy>;
export type AccountCreditPolicy = z.infer<typeof AccountCreditPolicy>;
export type RetirementPolicy = z.infer<typeof RetirementPolicy>;
export type MaternityPolicy = z.infer<typeof MaternityPolicy>;
