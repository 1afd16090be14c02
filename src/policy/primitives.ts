/** Building blocks of the policy-file schema: dates, citations, money, rates, dated parameters. */
import { z } from 'zod';
import { checkYuan, MAX_FEN, parsePercent } from '../engine/money.js';

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
  .refine((v) => typeof checkYuan(v) === 'number', 'at most 2 decimals')
  .transform((v) => checkYuan(v) as number)
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

/** The admission counters place rules use: one for all care, or 沧州's in-province and cross-province apart (第六十六条（一）3). */
export const AdmissionCounter = z.enum(['all', 'in_province', 'cross_province']);
export type AdmissionCounter = z.infer<typeof AdmissionCounter>;
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
/**
 * Groups a person may belong to, as the texts name them: 劳动模范 and the like, 建国前老工人, 离休人员 (incl. 老红军),
 * 一至六级革命伤残军人, 第一类特殊疾病 (legacy: known from the record), 艾滋病, 贫困人口, 商业补充保险参保.
 */
export const Tag = z.enum(['model_worker', 'pre1949_worker', 'retired_cadre', 'disabled_veteran', 'special_disease_class1', 'aids', 'poverty', 'supplementary_insured']);
export type Tag = z.infer<typeof Tag>;

/** A value by hospital level; levels 2 and 3 may differ by grade (甲等/乙等). */
export function levelTable<T extends z.ZodType>(value: T) {
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
export const cited = {
  article: Article,
  label: z.string().min(1),
  note: z.string().optional(),
};

export const StatusRate = z.union([Rate, z.object({ employed: Rate, retired: Rate }).strict()]);
export type StatusRate = number | { employed: number; retired: number };

// ---------------------------------------------------------------- request bounds (plausibility)

/**
 * The years a request may name. Not from the texts: a plausibility bound (no one now
 * insured was born or contributed before 1900, and no rule of the texts runs past 2100), so that dates such as
 * 0000-01-01 or 9999-12-31 are refused with their path instead of being computed.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;
export const inYears = (s: string): boolean => {
  const y = Number(s.slice(0, 4));
  return y >= MIN_YEAR && y <= MAX_YEAR;
};
const YEARS_TEXT = `between ${MIN_YEAR} and ${MAX_YEAR}`;

/** A calendar date YYYY-MM-DD in the years 1900–2100 (IsoDate, bounded). */
export const MemberDate = IsoDate.refine(inYears, `must be a date in the years ${YEARS_TEXT}`);
/** A month YYYY-MM in the years 1900–2100. */
export const MemberMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM')
  .refine(inYears, `must be a month in the years ${YEARS_TEXT}`);
/** A statistics year as a record key ("2023"), 1900–2100. */
export const MemberYearKey = z
  .string()
  .regex(/^\d{4}$/, 'a year such as 2023')
  .refine(inYears, `must be a year ${YEARS_TEXT}`);

/** At most a hundred years of months: no contribution record or wait the texts speak of is longer. */
export const MAX_MONTHS = 1200;
/** At most a hundred years. */
export const MAX_YEARS = 100;
/** A whole number of months, 0–1200. */
export const MonthCount = z.number().int().nonnegative().max(MAX_MONTHS);
/** A number of years, 0–100 (fractions allowed: 1.5 years of prior cover). */
export const YearCount = z.number().nonnegative().max(MAX_YEARS);

/**
 * A record whose every OWN key must satisfy `key`. zod's z.record builds its output
 * with ordinary assignment and silently drops an input key `__proto__` (JSON.parse makes
 * it an own property); checking Object.keys of the input first refuses it like any other
 * bad key, with the path `<record>.__proto__`.
 */
export function ownKeyRecord<V extends z.ZodType>(key: z.ZodType<string>, value: V) {
  return z
    .unknown()
    .superRefine((v, ctx) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
      for (const k of Object.keys(v)) {
        if (!key.safeParse(k).success) ctx.addIssue({ code: 'custom', path: [k], message: `Invalid key in record: ${JSON.stringify(k)}` });
      }
    })
    .pipe(z.partialRecord(key, value));
}

