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
import { MAX_FEN, parsePercent } from '../money.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether a YYYY-MM-DD text is a real calendar date. */
export function isIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
}

/** A calendar date as YYYY-MM-DD text. */
export const IsoDate = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');

/** Article reference inside the document, e.g. 第六十六条（一）1. */
export const Article = z.string().regex(/第.+条/, 'must cite an article (第…条)');

/** Yuan in the file, fen in memory. */
export const Money = z
  .number()
  .nonnegative()
  .refine((v) => Number.isInteger(Math.round(v * 100)) && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'at most 2 decimals')
  .transform((v) => Math.round(v * 100))
  .refine((v) => v <= MAX_FEN, 'too large');

/** "90%" in the file, 9000 bp in memory. Negative values are percentage-point reductions. */
export const Rate = z.string().transform((v, ctx) => {
  const bp = parsePercent(v);
  if (bp === undefined) {
    ctx.addIssue({ code: 'custom', message: `not a percentage such as "5%": ${v}` });
    return z.NEVER;
  }
  return bp;
});

export const Level = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]);
export type Level = z.infer<typeof Level>;
export const Grade = z.enum(['A', 'B']);
export type Grade = z.infer<typeof Grade>;
export const Status = z.enum(['employed', 'retired']);
export type Status = z.infer<typeof Status>;
export const Place = z.enum(['local', 'in_province', 'jingjin', 'cross_province']);
export type Place = z.infer<typeof Place>;
export const Registration = z.enum(['none', 'referral', 'temporary', 'long_term', 'emergency']);
export type Registration = z.infer<typeof Registration>;
export const Category = z.enum(['drug', 'service', 'material', 'bed']);
export type Category = z.infer<typeof Category>;
export const ItemClass = z.enum(['A', 'B', 'C']);
export type ItemClass = z.infer<typeof ItemClass>;
export const Ward = z.enum(['general', 'icu', 'laminar', 'isolation']);
export type Ward = z.infer<typeof Ward>;
export const Tag = z.enum(['model_worker', 'pre1949_worker', 'special_disease_class1', 'aids']);
export type Tag = z.infer<typeof Tag>;

/** A value by hospital level; levels 2 and 3 may differ by grade (甲等/乙等). */
function levelTable<T extends z.ZodType>(value: T) {
  const graded = z.union([value, z.object({ A: value, B: value }).strict()]);
  return z.object({ level0: value, level1: value, level2: graded, level3: graded }).strict();
}
export type LevelValue<T> = T | { A: T; B: T };
export interface LevelTable<T> {
  level0: T;
  level1: T;
  level2: LevelValue<T>;
  level3: LevelValue<T>;
}

/** A dated, cited parameter. */
export function param<T extends z.ZodType>(value: T) {
  return z
    .array(
      z
        .object({
          from: IsoDate.optional(),
          until: IsoDate.optional(),
          article: Article,
          value,
          note: z.string().optional(),
        })
        .strict(),
    )
    .min(1);
}

/** One cited element inside a list-valued parameter (each rule names its own article). */
const cited = {
  article: Article,
  label: z.string().min(1),
  note: z.string().optional(),
};

const StatusRate = z.union([Rate, z.object({ employed: Rate, retired: Rate }).strict()]);
export type StatusRate = number | { employed: number; retired: number };

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
      /** Key into deductible.tables. */
      deductibleTable: z.string(),
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
      counter: z.string().default('all'),
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

const InpatientPolicy = z
  .object({
    placeRules: param(z.array(PlaceRule).min(1)).optional(),
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
        /** An admission whose eligible amount does not exceed its deductible is not counted (沧州 第六十六条（一）5). */
        countOnlyAboveDeductible: param(z.boolean()).optional(),
      })
      .strict()
      .optional(),
    ratio: z
      .object({
        tables: param(z.record(z.string(), levelTable(StatusRate))).optional(),
        increments: param(z.array(RatioIncrement)).optional(),
        max: param(Rate).optional(),
      })
      .strict()
      .optional(),
    tagRules: param(z.array(TagRule)).optional(),
  })
  .strict();

export const AnnualCap = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), amount: Money }).strict(),
  /** 资阳 第十二条（四）: N × the city average wage of the year before the benefit year. */
  z.object({ kind: z.literal('average_wage_multiple'), multiple: z.number().int().positive(), wageYearOffset: z.number().int() }).strict(),
]);
export type AnnualCap = z.infer<typeof AnnualCap>;

export const BenefitYear = z.enum(['calendar_by_discharge']);

const SchemePolicy = z
  .object({
    benefitYear: param(BenefitYear).optional(),
    /** The pooled fund's annual cap (统筹基金年度最高支付限额), all claim types together. */
    annualCap: param(AnnualCap).optional(),
    items: ItemsPolicy.optional(),
    inpatient: InpatientPolicy.optional(),
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
