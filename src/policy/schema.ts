/**
 * The shape of a policy file (policies/<region>/*.yaml): the law as data.
 *
 * Every parameter is a list of dated entries, each with the article that
 * gives it (OpenFisca-style: a value per date, a reference per value):
 *
 *   annualCap:
 *     - from: 2024-06-27          # optional; defaults to the document's start
 *       article: 第七十三条        # required: where the text says it
 *       value: { kind: fixed, amount: 150000 }
 *       note: why we read it so   # optional: decisions where the text is open
 *
 * Money is written in yuan (at most 2 decimals) and stored as fen; rates are
 * written as percentages ("5%", "-10%") and stored as basis points.
 */
import { z } from 'zod';
import { AdmissionCounter, Category, cited, IsoDate, ItemClass, Level, levelTable, Money, param, Place, Rate, Registration, Status, StatusRate, Tag } from './primitives.js';
import { MembershipPolicies } from './membership-schema.js';

export * from './primitives.js';

// ---------------------------------------------------------------- items

/** Unit-price brackets (e.g. 资阳 第十二条（一）2、3): the whole item takes the rate of its bracket. */
const Bracket = z.object({ upTo: Money.optional(), rate: Rate }).strict();

export const PreSelfPayRule = z
  .object({
    ...cited,
    when: z
      .object({
        category: z.array(Category).min(1).optional(),
        class: z.array(ItemClass).min(1).optional(),
        negotiatedCancerDrug: z.boolean().optional(),
        largeEquipment: z.boolean().optional(),
        highValueDrug: z.boolean().optional(),
      })
      .strict(),
    rate: Rate.optional(),
    brackets: z.array(Bracket).min(1).optional(),
    /** Materials without a price cap are paid only up to this unit price (资阳 第十二条（一）3). */
    unitCapWithoutPriceCap: Money.optional(),
  })
  .strict()
  .refine((r) => (r.rate === undefined) !== (r.brackets === undefined), 'give exactly one of rate or brackets');
export type PreSelfPayRule = z.infer<typeof PreSelfPayRule>;

const WardCaps = z.object({ general: Money, icu: Money, laminar: Money, isolation: Money }).strict();
export type WardCaps = z.infer<typeof WardCaps>;

const ItemsPolicy = z
  .object({
    /** Classes outside the catalogue, fully self-paid (全自费). */
    outsideCatalogue: param(z.object({ classes: z.array(ItemClass).min(1) }).strict()).optional(),
    /** The part of a unit price above its payment cap is not paid (超限价自费). */
    overPriceCap: param(z.literal(true)).optional(),
    /** Pre-self-pay rules (先行自付), first match wins; an item's own selfPayRatio overrides. */
    preSelfPay: param(z.array(PreSelfPayRule)).optional(),
    /** Bed-fee payment caps per day (床位费限额), by hospital level and ward. */
    bedFeeCaps: param(levelTable(WardCaps)).optional(),
  })
  .strict();

// ---------------------------------------------------------------- inpatient

const PlaceMatch = z
  .object({ place: z.array(Place).min(1).optional(), registration: z.array(Registration).min(1).optional() })
  .strict();

/** How care at a place, with a registration, is settled: which tables, which adjustments. */
export const PlaceRule = z.discriminatedUnion('kind', [
  z
    .object({
      ...cited,
      kind: z.literal('settle'),
      when: PlaceMatch,
      /** Key into deductible.tables (inpatient). */
      deductibleTable: z.string().optional(),
      /** Local or out-of-area standard, for layers that differ by it (资阳 大额 本地/异地). */
      area: z.enum(['local', 'out_of_area']).default('local'),
      /** Whether the TCM-hospital deductible variant applies in this setting. */
      tcm: z.boolean().default(false),
      /** Key into ratio.tables. */
      ratioTable: z.string(),
      /** Take the ratio of this level instead of the hospital's own (e.g. 本地三级医院基础上). */
      ratioLevel: Level.optional(),
      /** Percentage points added to the ratio (negative: 降低). */
      ratioAdjust: Rate.default(0),
      /** Share of the amount above the deductible the person pays first (廊坊 跨省临时外出 10%). */
      extraSelfPay: Rate.optional(),
      /** Which admission count this setting uses (沧州: 省内和跨省分别统计). */
      counter: AdmissionCounter.default('all'),
    })
    .strict(),
  z
    .object({
      ...cited,
      kind: z.literal('refuse'),
      when: PlaceMatch,
      code: z.enum(['registration_required', 'unsupported']),
    })
    .strict(),
]);
export type PlaceRule = z.infer<typeof PlaceRule>;

export const RepeatAdmission = z.discriminatedUnion('kind', [
  /** 沧州 第六十六条（一）3: 2nd admission half, from the 3rd none; cancer therapy from the 2nd none. */
  z.object({ kind: z.literal('halve_second_then_none'), cancerTherapyNoneFromSecond: z.boolean() }).strict(),
  /** 廊坊 第四十七条 / 资阳 第十八条: each earlier admission lowers the deductible by a step. */
  z.object({ kind: z.literal('step_down'), step: Money }).strict(),
  /** 绥化 第二十一条: the deductible applies to every admission. */
  z.object({ kind: z.literal('every_admission') }).strict(),
]);
export type RepeatAdmission = z.infer<typeof RepeatAdmission>;

export const TcmDeductible = z.discriminatedUnion('kind', [
  /** 沧州: 比同级综合医疗机构降低 N 元. */
  z.object({ kind: z.literal('minus'), amount: Money }).strict(),
  /** 廊坊: 较同级综合医院下浮一级. */
  z.object({ kind: z.literal('level_down') }).strict(),
]);
export type TcmDeductible = z.infer<typeof TcmDeductible>;

export const RatioIncrement = z
  .object({
    ...cited,
    when: z
      .object({ status: Status.optional(), minAge: z.number().int().positive().optional(), tag: Tag.optional() })
      .strict(),
    add: Rate,
  })
  .strict();
export type RatioIncrement = z.infer<typeof RatioIncrement>;

export const TagRule = z.discriminatedUnion('kind', [
  /** A group with its own deductible and ratio (绥化 建国前老工人). */
  z.object({ ...cited, kind: z.literal('override'), tag: Tag, deductible: Money, ratio: Rate }).strict(),
  /** A group whose costs the text sends elsewhere (沧州 第一百二十条). */
  z.object({ ...cited, kind: z.literal('unsupported'), tag: Tag }).strict(),
]);
export type TagRule = z.infer<typeof TagRule>;

/** “降低10%”: 10 percentage points (90% → 80%), or 10% of the ratio (90% → 81%). */
export const RatioAdjustmentReading = z.enum(['points', 'factor']);
export type RatioAdjustmentReading = z.infer<typeof RatioAdjustmentReading>;

const InpatientPolicy = z
  .object({
    placeRules: param(z.array(PlaceRule).min(1)).optional(),
    /**
     * What a temporary registration (临时外出就医备案) earns out of the province: the standard of care
     * without a 转诊转院备案 (`unregistered`), or that of a registered referral (`registered`) (沧州 第六十六条（二）2、第九十五条).
     */
    temporaryRegistration: param(z.enum(['unregistered', 'registered'])).optional(),
    deductible: z
      .object({
        tables: param(z.record(z.string(), levelTable(Money))).optional(),
        tcm: param(TcmDeductible).optional(),
        retireeReduction: param(Money).optional(),
        repeat: param(RepeatAdmission).optional(),
        /** Never below this after reductions (资阳 不得低于100元). */
        floor: param(Money).optional(),
        /** Only the year's first admission bears a deductible for these people (资阳 第十八条（一）5). */
        firstAdmissionOnly: param(z.object({ minAge: z.number().int().positive().optional(), tags: z.array(Tag) }).strict()).optional(),
        /**
         * A stay across the new year settled in two parts bears one deductible: the part discharged in
         * the new year bears none when the year-end part bore one (沧州 第九十一条, 廊坊 第四十七条（五）).
         */
        yearEndContinuation: param(
          z
            .object({
              /**
               * When the year-end part did not bear the whole standard (its eligible amount did not exceed it):
               * `new_year_first_admission` — the stay's costs go into the new year with a first-admission
               * deductible, less what the year-end part bore, and the stay is the new year's first admission
               * (沧州 第九十一条); `remaining` — the stay bears one standard in all, the rest of it (廊坊 第四十七条（五）).
               */
              belowDeductible: z.enum(['new_year_first_admission', 'remaining']),
            })
            .strict(),
        ).optional(),
        /** An admission whose eligible amount does not exceed its deductible is not counted (沧州 第六十六条（一）5). */
        countOnlyAboveDeductible: param(z.boolean()).optional(),
        /**
         * A transfer between hospitals continues the stay: the receiving hospital's deductible less what
         * the first bore (nothing when it is lower), and no new admission (沧州 第六十六条（一）4,
         * 廊坊 第四十七条（一）1, 资阳 第十八条（一）6).
         */
        transfer: param(
          z
            .object({
              /** Most days between the discharge and the next admission. */
              maxGapDays: z.number().int().nonnegative(),
              /** The receiving claim must carry a referral registration (转诊转院手续). */
              requiresReferral: z.boolean(),
              /** Only between hospitals of the region (在本市定点医疗机构住院治疗过程中). */
              localOnly: z.boolean(),
              /**
               * A transfer to a hospital of a standard not above the course's: `none` — no further deductible
               * (沧州 “不再另计起付标准”, 资阳 “转入下级不再设置起付线”); `remaining` — the course bears the
               * highest standard reached, so what it has not yet borne of it (廊坊 “起付标准按高级别医院标准计算”).
               * To a higher standard every variant bears what the course has not yet borne of it (补齐差额).
               */
              toLowerStandard: z.enum(['none', 'remaining']),
              /**
               * A transfer to a higher standard: `fill_up` — the course bears what it has not yet borne of the higher
               * standard (补齐); `difference` — the difference of the two standards, whatever the first hospital bore.
               */
              toHigherStandard: z.enum(['fill_up', 'difference']).default('fill_up'),
            })
            .strict(),
        ).optional(),
      })
      .strict()
      .optional(),
    ratio: z
      .object({
        tables: param(z.record(z.string(), levelTable(StatusRate))).optional(),
        increments: param(z.array(RatioIncrement)).optional(),
        max: param(Rate).optional(),
        /** How a place rule's “降低/提高 N%” applies: N percentage points, or N% of the ratio (a named reading). */
        adjustment: param(RatioAdjustmentReading).optional(),
      })
      .strict()
      .optional(),
    tagRules: param(z.array(TagRule)).optional(),
  })
  .strict();

export const AnnualCap = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), amount: Money }).strict(),
  /** The document relies on a cap it does not give (沧州 002 第十三条): no limit is applied, and the explanation says so. */
  z.object({ kind: z.literal('not_in_texts') }).strict(),
  /** 资阳 第十二条（四）: N × the city average wage of the year before the benefit year. */
  z.object({ kind: z.literal('average_wage_multiple'), multiple: z.number().int().positive(), wageYearOffset: z.number().int() }).strict(),
]);
export type AnnualCap = z.infer<typeof AnnualCap>;

export const BenefitYear = z.enum(['calendar_by_discharge']);

// ---------------------------------------------------------------- outpatient (普通门诊)

const StatusMoney = z.object({ employed: Money, retired: Money }).strict();
export type StatusMoney = z.infer<typeof StatusMoney>;

const AgeBands = z
  .object({
    /** 廊坊 第四十九条（三）: the band follows the age on 1 January of the claim's year. */
    ageOn: z.literal('january_first'),
    bands: z.array(z.object({ belowAge: z.number().int().positive().optional(), amount: Money }).strict()).min(1),
  })
  .strict();

export const OutpatientCap = z
  .object({
    employed: z.union([Money, AgeBands]),
    retired: Money,
    /** 资阳 单建统筹 caps. */
    poolOnly: StatusMoney.optional(),
  })
  .strict();
export type OutpatientCap = z.infer<typeof OutpatientCap>;

const RatioTable = levelTable(z.union([StatusRate, z.null()]));
export type RatioTableValue = StatusRate | null;

const OutpatientPolicy = z
  .object({
    placeRules: param(z.array(PlaceRule).min(1)).optional(),
    /** Annual deductible (年度起付标准); poolOnly: 资阳 单建统筹. */
    deductible: param(z.object({ employed: Money, retired: Money, poolOnly: Money.optional() }).strict()).optional(),
    /** Ratios by table (as named by the place rules), level and status; null: not paid at that level. */
    ratio: param(z.record(z.string(), RatioTable)).optional(),
    /** Designated pharmacies (定点零售药店); absent: the text sets no pharmacy rate. */
    pharmacyRatio: param(StatusRate).optional(),
    cap: param(OutpatientCap).optional(),
    /** How a place rule's “降低N%” applies (see inpatient.ratio.adjustment). */
    ratioAdjustment: param(RatioAdjustmentReading).optional(),
  })
  .strict();

// ---------------------------------------------------------------- chronic and special diseases

export const Disease = z
  .object({
    name: z.string().min(1),
    aliases: z.array(z.string().min(1)).default([]),
    /** A cap of its own (绥化 两病: 高血压 400, 糖尿病 600). */
    cap: Money.optional(),
    /** Paid under rules the text leaves elsewhere (沧州 透析 “按照现行政策规定执行”): refused as unsupported. */
    deferred: z.boolean().default(false),
    note: z.string().optional(),
  })
  .strict();
export type Disease = z.infer<typeof Disease>;

const DiseaseCap = z.discriminatedUnion('kind', [
  /** 沧州 第六十七条（一）2: one disease N, each further disease + M, at most X. */
  z.object({ kind: z.literal('per_disease_count'), first: Money, each: Money, max: Money }).strict(),
  /** Each disease its own yearly cap (the disease's `cap`). */
  z.object({ kind: z.literal('per_disease') }).strict(),
]);

const ChronicPolicy = z
  .object({
    diseases: param(z.array(Disease).min(1)).optional(),
    /** Diseases outside the list are governed by rules made elsewhere (另行制定): refused as unsupported. */
    otherDiseasesDeferred: param(z.literal(true)).optional(),
    /** Costs before the recognition date are not paid (认定之前发生的医疗费用统筹基金不予支付). */
    recognition: param(z.literal(true)).optional(),
    deductible: param(StatusMoney).optional(),
    ratio: param(RatioTable).optional(),
    cap: param(DiseaseCap).optional(),
    /** The item categories the benefit pays (绥化 两病: 门诊用药 only); absent: all. */
    coveredCategories: param(z.array(Category).min(1)).optional(),
  })
  .strict();

const SpecialClass = z.discriminatedUnion('kind', [
  /** Paid as an inpatient stay without deductible (按住院标准支付 / 视同住院). */
  z.object({ kind: z.literal('as_inpatient') }).strict(),
  /** A ratio and a yearly cap (资阳 第二、三类). */
  z.object({ kind: z.literal('ratio'), ratio: Rate, cap: Money }).strict(),
]);
export type SpecialClass = z.infer<typeof SpecialClass>;

const SpecialPolicy = z
  .object({
    /** The listed diseases; absent: any name, with its class from the person's record. */
    diseases: param(z.array(Disease).min(1)).optional(),
    recognition: param(z.literal(true)).optional(),
    /** How each class is paid; `all` when the text has no classes. */
    classes: param(z.partialRecord(z.enum(['all', '1', '2', '3']), SpecialClass)).optional(),
    /** With several ratio-class diseases: the highest cap, raised by this share of it per further disease. */
    multipleRaise: param(Rate).optional(),
    /** Settings for the as-inpatient classes; absent: the inpatient place rules. */
    placeRules: param(z.array(PlaceRule).min(1)).optional(),
  })
  .strict();

// ---------------------------------------------------------------- drugs with their own rules (资阳 第二十条)

const DrugsPolicy = z
  .object({
    /** 单行支付药品: no deductible, a fixed ratio, a yearly cap inside the annual cap. */
    singlePayment: param(z.object({ ratio: Rate, cap: Money }).strict()).optional(),
    /** 高值药品 used in outpatient care: no deductible, the inpatient ratio; bought from a supplier: this level's rates. */
    highValueOutpatient: param(z.object({ supplierLevel: Level }).strict()).optional(),
  })
  .strict();

// ---------------------------------------------------------------- layers above the pooled fund

const BandRate = z.union([Rate, z.object({ local: Rate, out_of_area: Rate }).strict()]);
export type BandRate = number | { local: number; out_of_area: number };
const Band = z.object({ upTo: Money.optional(), rate: BandRate }).strict();
export type Band = z.infer<typeof Band>;

const BurdenDeductible = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), amount: Money }).strict(),
  /** 资阳 第二十七条（一）: at most this share of the city average wage of the year before; context.largeExpenseDeductible may set it lower. */
  z.object({ kind: z.literal('average_wage_share_at_most'), share: Rate, wageYearOffset: z.number().int() }).strict(),
]);
export type BurdenDeductible = z.infer<typeof BurdenDeductible>;

const BurdenGroup = z
  .object({ ...cited, tags: z.array(Tag).min(1), deductible: Money, add: Rate, noCap: z.boolean() })
  .strict();

/**
 * A layer paid on the year's eligible amount left to the person after basic
 * insurance, in bands read on that cumulative yearly amount.
 */
const BurdenBands = z
  .object({
    kind: z.literal('burden_bands'),
    claimTypes: z.array(z.enum(['inpatient', 'outpatient', 'chronic', 'special'])).min(1),
    deductible: BurdenDeductible,
    bands: z.array(Band).min(1),
    /**
     * What the bands' bounds are read on: the year's cumulative amount left to the person, the axis the
     * deductible stands on (`cumulative`), or the amount above the deductible (`above_deductible`).
     */
    bandsOn: z.enum(['cumulative', 'above_deductible']).default('cumulative'),
    cap: Money.optional(),
    groups: z.array(BurdenGroup).default([]),
  })
  .strict();
export type BurdenBands = z.infer<typeof BurdenBands>;

export const LargeExpense = z.discriminatedUnion('kind', [
  /** 绥化 第二十八条: after the pooled fund reaches its annual cap, the eligible amount beyond it at a ratio, within a yearly cap. */
  z.object({ kind: z.literal('above_cap'), ratio: Rate, cap: Money, claimTypes: z.array(z.enum(['inpatient', 'outpatient', 'chronic', 'special'])).min(1) }).strict(),
  BurdenBands,
  /** The text establishes the layer but its rules are made elsewhere (沧州 第一百一十七条, 廊坊 第五十二条). */
  z
    .object({
      kind: z.literal('not_in_texts'),
      /** Claim types the text says the layer pays beyond the cap in a way the engine cannot compute: refused there (廊坊 第四十九条（四）). */
      refuse: z.object({ ...cited, claimTypes: z.array(z.enum(['inpatient', 'outpatient', 'chronic', 'special'])).min(1) }).strict().optional(),
    })
    .strict(),
]);
export type LargeExpense = z.infer<typeof LargeExpense>;

export const Supplementary = z
  .object({
    tag: Tag,
    /** (eligible − basic deductible − basic − 大额) × rate, by area. */
    inpatient: z.object({ local: Rate, out_of_area: Rate }).strict(),
    /** Ratio-class special-disease costs above the basic cap. */
    specialAboveCap: z.object({ rate: Rate, cap: Money }).strict(),
  })
  .strict();
export type Supplementary = z.infer<typeof Supplementary>;

const LayersPolicy = z
  .object({
    largeExpense: param(LargeExpense).optional(),
    criticalIllness: param(BurdenBands).optional(),
    supplementary: param(Supplementary).optional(),
  })
  .strict();

/** A claim type whose rules the text leaves to another document (另行制定): refused as unsupported. */
const Deferred = z.object({ ...cited, type: z.enum(['outpatient', 'chronic', 'special', 'maternity']) }).strict();

const ClaimTypes = z.array(z.enum(['inpatient', 'outpatient', 'chronic', 'special'])).min(1);

const SchemePolicy = z
  .object({
    benefitYear: param(BenefitYear).optional(),
    /** The pooled fund's annual cap (统筹基金年度最高支付限额), all claim types together. */
    annualCap: param(AnnualCap).optional(),
    items: ItemsPolicy.optional(),
    inpatient: InpatientPolicy.optional(),
    outpatient: OutpatientPolicy.optional(),
    chronic: ChronicPolicy.optional(),
    special: SpecialPolicy.optional(),
    drugs: DrugsPolicy.optional(),
    layers: LayersPolicy.optional(),
    deferred: param(z.array(Deferred)).optional(),
    /** The person's share is paid from the personal account first, up to its balance. */
    personalAccount: param(z.literal(true)).optional(),
    /** Groups whose medical costs the text sends through their original channels (原支付渠道): refused as unsupported. */
    groupRules: param(z.array(z.object({ ...cited, tags: z.array(Tag).min(1), claimTypes: z.array(z.enum(['inpatient', 'outpatient', 'chronic', 'special'])).optional() }).strict())).optional(),
    /**
     * Care at a non-designated institution (非定点医药机构): `emergency` — paid only in an emergency (急诊抢救),
     * as at a designated one; `none` — never paid by the funds. `emergencyOutOfProvince`: out of the province
     * an emergency is paid at the standard of this registration (沧州 第九十五条 跨省异地临时备案标准).
     */
    nonDesignated: param(
      z
        .object({
          paid: z.enum(['emergency', 'none']),
          emergencyOutOfProvince: Registration.optional(),
        })
        .strict(),
    ).optional(),
    /** Manual reimbursement (手工报销): the latest day a claim may be made, after its discharge or visit. */
    claimDeadline: param(
      z.discriminatedUnion('kind', [
        /** By the end of a month of the next year (沧州 第一百零四条: 次年3月底). */
        z.object({ kind: z.literal('next_year_month_end'), month: z.number().int().min(1).max(12), claimTypes: ClaimTypes.optional(), places: z.array(Place).min(1).optional() }).strict(),
        /** Within N months of the discharge (廊坊 第七十三条: 出院后6个月内). */
        z.object({ kind: z.literal('months_after'), months: z.number().int().min(1).max(60), claimTypes: ClaimTypes.optional(), places: z.array(Place).min(1).optional() }).strict(),
      ]),
    ).optional(),
    /**
     * When a registered retirement (办理在职转退休) changes the status the rules read: from the month after
     * (沧州 第六十八条, 廊坊 第四十九条（三）) or from the registration itself.
     */
    retirementStatus: param(z.enum(['next_month', 'from_registration'])).optional(),
    /** Enrolment kinds the scheme knows (资阳 统账结合 / 单建统筹). */
    enrolments: param(z.array(z.enum(['combined', 'pool_only'])).min(1)).optional(),
    ...MembershipPolicies,
  })
  .strict();

/** A region is a folder under policies/: adding one that differs only in numbers is a new folder, no code. */
export const RegionId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a region id such as cangzhou');
export type RegionId = z.infer<typeof RegionId>;
export const SchemeId = z.enum(['employee', 'resident']);
export type SchemeId = z.infer<typeof SchemeId>;

export const PolicyDocument = z
  .object({
    document: z
      .object({
        id: z.string().min(1),
        title: z.string().min(1),
        region: RegionId,
        /** The region's name in Chinese, for explanations and messages. */
        regionName: z.string().min(1),
        seed: z.string().min(1),
        effective: z
          .object({ from: IsoDate, until: IsoDate.optional(), source: z.string().min(1), note: z.string().optional() })
          .strict(),
        note: z.string().optional(),
      })
      .strict(),
    employee: SchemePolicy.optional(),
    resident: SchemePolicy.optional(),
  })
  .strict();
export type PolicyDocument = z.infer<typeof PolicyDocument>;
export type SchemePolicy = z.infer<typeof SchemePolicy>;
export type InpatientPolicy = z.infer<typeof InpatientPolicy>;
export type ItemsPolicy = z.infer<typeof ItemsPolicy>;
export type OutpatientPolicy = z.infer<typeof OutpatientPolicy>;
export type ChronicPolicy = z.infer<typeof ChronicPolicy>;
export type SpecialPolicy = z.infer<typeof SpecialPolicy>;
export type DrugsPolicy = z.infer<typeof DrugsPolicy>;
export type LayersPolicy = z.infer<typeof LayersPolicy>;
