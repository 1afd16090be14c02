/**
 * The benefit year's totals as data (年度累计): the schema of a request's `yearToDate` entries —
 * what happened in a benefit year before the request's first claim — and so the shape of each
 * result's `accumulators`. One shape in and out, in yuan, named after the texts' concepts, so that
 * a caller settling one claim at a time carries the year from request to request and gets the
 * answers of one long request.
 */
import { z } from 'zod';
import type { Fen } from '../money.js';
import { AdmissionCounter, Level, MemberDate, ownKeyRecord } from '../../policy/schema.js';

/** Yuan with at most 2 decimals; converted to fen after validation (request.ts checks the same way). */
type YuanSchema = z.ZodType<number>;

/** Bounds of what a benefit year can mean: no one is admitted more than once a day. */
const MAX_ADMISSIONS = 366;

export function yearToDateSchema(Yuan: YuanSchema) {
  const amount = Yuan.default(0);
  const LastStay = z
    .object({
      /** 入院日期 of the stay (of the first hospital of a transfer course). */
      admissionDate: MemberDate,
      /** 出院日期 of its last settlement. */
      dischargeDate: MemberDate,
      /** Level of the last hospital of the stay. */
      level: Level,
      counter: AdmissionCounter.default('all'),
      /** 起付标准 of the stay: the highest standard its hospitals reached. */
      deductibleStandard: Yuan,
      /** 起付线 borne by the stay, all its hospitals together. */
      deductibleBorne: Yuan,
      /** 政策范围内费用 of the stay, all its hospitals together. */
      eligibleAmount: Yuan,
      /** Whether the stay counts as one of the year's admissions (沧州 第六十六条（一）5). */
      counted: z.boolean(),
    })
    .strict()
    .superRefine((s, ctx) => {
      if (s.admissionDate > s.dischargeDate) ctx.addIssue({ code: 'custom', path: ['dischargeDate'], message: 'is before admissionDate' });
      if (s.deductibleBorne > s.eligibleAmount) ctx.addIssue({ code: 'custom', path: ['deductibleBorne'], message: 'is more than the eligible amount of the stay' });
      if (s.deductibleBorne > s.deductibleStandard) ctx.addIssue({ code: 'custom', path: ['deductibleBorne'], message: 'is more than the deductible standard of the stay' });
    });
  return z
    .object({
      year: z.number().int().min(1900).max(2100),
      /** 住院次数: admissions counted this year, by counter. */
      admissions: ownKeyRecord(AdmissionCounter, z.number().int().min(0).max(MAX_ADMISSIONS)).default({}),
      /** 统筹基金年度累计支付: everything the pooled fund paid this year (toward 年度最高支付限额). */
      fundPaid: amount,
      /** 普通门诊: the annual deductible borne and what the pooled fund paid (toward the outpatient cap). */
      outpatient: z.object({ deductibleBorne: amount, fundPaid: amount }).strict().default({ deductibleBorne: 0, fundPaid: 0 }),
      /** 门诊慢性病: the annual deductible borne, the fund paid in all and by disease (for per-disease caps). */
      chronic: z
        .object({ deductibleBorne: amount, fundPaid: amount, fundPaidByDisease: ownKeyRecord(z.string().min(1), Yuan).default({}) })
        .strict()
        .default({ deductibleBorne: 0, fundPaid: 0, fundPaidByDisease: {} }),
      /** 门诊特殊疾病 paid at a ratio within a yearly cap (资阳 第二、三类). */
      specialDisease: z.object({ fundPaid: amount }).strict().default({ fundPaid: 0 }),
      /** 单行支付药品 paid this year (资阳 第二十条（一）). */
      singlePaymentDrug: z.object({ fundPaid: amount }).strict().default({ fundPaid: 0 }),
      /** 大额医疗费用补助: the person's cumulative burden it reads, and what it paid. */
      largeExpense: z.object({ burden: amount, paid: amount }).strict().default({ burden: 0, paid: 0 }),
      /** 城乡居民大病保险: the cumulative burden and what it paid. */
      criticalIllness: z.object({ burden: amount, paid: amount }).strict().default({ burden: 0, paid: 0 }),
      /** 商业补充医疗保险: special-disease payments this year (资阳 第三十一条). */
      supplementary: z.object({ specialPaid: amount }).strict().default({ specialPaid: 0 }),
      /** The year's last inpatient stay, for transfers (转诊转院) and year-end continuations (跨年度住院). */
      lastStay: LastStay.nullable().default(null),
    })
    .strict()
    .superRefine((y, ctx) => {
      const f = (yuan: number): Fen => Math.round(yuan * 100);
      const parts = f(y.outpatient.fundPaid) + f(y.chronic.fundPaid) + f(y.specialDisease.fundPaid) + f(y.singlePaymentDrug.fundPaid);
      if (parts > f(y.fundPaid)) {
        ctx.addIssue({ code: 'custom', path: ['fundPaid'], message: 'is less than the outpatient, chronic, special-disease and single-payment-drug payments it includes' });
      }
      let byDisease = 0;
      for (const k of Object.keys(y.chronic.fundPaidByDisease)) byDisease += f(y.chronic.fundPaidByDisease[k]!);
      if (byDisease > f(y.chronic.fundPaid)) ctx.addIssue({ code: 'custom', path: ['chronic', 'fundPaid'], message: 'is less than the sum of fundPaidByDisease' });
      const s = y.lastStay;
      if (s) {
        if (Number(s.dischargeDate.slice(0, 4)) !== y.year) {
          ctx.addIssue({ code: 'custom', path: ['lastStay', 'dischargeDate'], message: `is not in ${y.year}: a stay belongs to the benefit year of its discharge` });
        }
        // A stay counted last year (a year-end stay's new-year part) is no admission of this year.
        if (s.counted && (y.admissions[s.counter] ?? 0) < 1 && Number(s.admissionDate.slice(0, 4)) === y.year) {
          ctx.addIssue({ code: 'custom', path: ['lastStay', 'counted'], message: `the stay is counted but admissions.${s.counter} is 0` });
        }
      }
    });
}

/** A validated entry (amounts in yuan). */
export interface YearToDateIn {
  year: number;
  admissions: Partial<Record<string, number>>;
  fundPaid: number;
  outpatient: { deductibleBorne: number; fundPaid: number };
  chronic: { deductibleBorne: number; fundPaid: number; fundPaidByDisease: Partial<Record<string, number>> };
  specialDisease: { fundPaid: number };
  singlePaymentDrug: { fundPaid: number };
  largeExpense: { burden: number; paid: number };
  criticalIllness: { burden: number; paid: number };
  supplementary: { specialPaid: number };
  lastStay: {
    admissionDate: string;
    dischargeDate: string;
    level: Level;
    counter: AdmissionCounter;
    deductibleStandard: number;
    deductibleBorne: number;
    eligibleAmount: number;
    counted: boolean;
  } | null;
}

/** The public shape, in yuan: `yearToDate[]` entries and each result's `accumulators`. */
export type Accumulators = YearToDateIn;

