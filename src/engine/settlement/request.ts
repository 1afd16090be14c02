/**
 * The settle request: validated at the boundary, amounts converted to fen.
 * Bad input is refused with code invalid_input and the field's path.
 */
import { z } from 'zod';
import { YibaoError } from '../errors.js';
import { MAX_FEN, checkScaled, checkYuan, type Bp, type Fen } from '../money.js';
import { yearToDateSchema } from './year-to-date.js';
import type { ItemSplit } from './items.js';
import { Category, ItemClass, Tag, Level, Grade, MemberDate, MemberYearKey, ownKeyRecord, Place, Registration, RegionId, SchemeId, Status, Ward } from '../../policy/schema.js';

/** Yuan with at most 2 decimals, refused with the field's path otherwise (converted to fen after validation). */
export const YuanIn = z.number().superRefine((v, ctx) => {
  const fen = checkYuan(v);
  if (typeof fen === 'string') ctx.addIssue({ code: 'custom', message: fen });
});

/** A positive quantity with at most 4 decimals. */
const QuantityIn = z.number().superRefine((v, ctx) => {
  const q = checkScaled(v, 10_000);
  if (typeof q === 'string' || q === 0) ctx.addIssue({ code: 'custom', message: 'must be a positive number with at most 4 decimals' });
});

/** A ratio 0–1 with at most 4 decimals. */
const RatioIn = z.number().superRefine((v, ctx) => {
  const bp = checkScaled(v, 10_000);
  if (typeof bp === 'string' || bp > 10_000) ctx.addIssue({ code: 'custom', message: 'must be a ratio between 0 and 1 with at most 4 decimals' });
});

/** Exact conversions of already validated numbers. */
export const fen = (yuan: number): Fen => Math.round(yuan * 100);
const e4 = (v: number): number => Math.round(v * 10_000);

/** Adds an issue at `path(i)` for every element whose key repeats an earlier one. */
export function refineUnique<T>(list: readonly T[], key: (x: T) => string, ctx: z.RefinementCtx, path: (i: number) => PropertyKey[], what: string): void {
  const seen = new Set<string>();
  list.forEach((x, i) => {
    const k = key(x);
    if (seen.has(k)) ctx.addIssue({ code: 'custom', path: path(i), message: `${what} ${k} is listed twice` });
    seen.add(k);
  });
}

export { MAX_CLAIMS, MAX_ITEMS, MAX_ITEMS_PER_CLAIM, MAX_STAY_DAYS, stayDays } from './limits.js';
import { MAX_CLAIMS, MAX_ITEMS, MAX_ITEMS_PER_CLAIM, MAX_STAY_DAYS, stayDays } from './limits.js';

export const PersonTag = Tag;
export type PersonTag = z.infer<typeof PersonTag>;

const ItemIn = z
  .object({
    category: Category,
    class: ItemClass.optional(),
    amount: YuanIn.optional(),
    unitPrice: YuanIn.optional(),
    quantity: QuantityIn.optional(),
    priceCap: YuanIn.optional(),
    negotiatedCancerDrug: z.boolean().default(false),
    largeEquipment: z.boolean().default(false),
    highValueDrug: z.boolean().default(false),
    singlePaymentDrug: z.boolean().default(false),
    selfPayRatio: RatioIn.optional(),
    ward: Ward.optional(),
    dailyPrice: YuanIn.optional(),
    days: z.number().int().positive().max(MAX_STAY_DAYS).optional(),
    name: z.string().optional(),
    code: z.string().optional(),
  })
  .strict()
  .superRefine((item, ctx) => {
    const has = (k: keyof typeof item) => item[k] !== undefined;
    if (item.category === 'bed') {
      if (!has('dailyPrice') || !has('days')) ctx.addIssue({ code: 'custom', path: ['dailyPrice'], message: 'a bed item needs dailyPrice and days' });
      for (const k of ['amount', 'unitPrice', 'quantity'] as const) {
        if (has(k)) ctx.addIssue({ code: 'custom', path: [k], message: 'a bed item is given by dailyPrice and days' });
      }
      return;
    }
    for (const k of ['ward', 'dailyPrice', 'days'] as const) {
      if (has(k)) ctx.addIssue({ code: 'custom', path: [k], message: `only a bed item has ${k}` });
    }
    if (!has('class')) ctx.addIssue({ code: 'custom', path: ['class'], message: 'required: catalogue class A, B or C' });
    const byAmount = has('amount');
    const byUnit = has('unitPrice') || has('quantity');
    if (byAmount === byUnit) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'give either amount, or unitPrice and quantity' });
    } else if (byUnit && (!has('unitPrice') || !has('quantity'))) {
      ctx.addIssue({ code: 'custom', path: [has('unitPrice') ? 'quantity' : 'unitPrice'], message: 'unitPrice and quantity go together' });
    }
    if ((item.negotiatedCancerDrug || item.highValueDrug || item.singlePaymentDrug) && item.category !== 'drug') {
      ctx.addIssue({ code: 'custom', path: ['category'], message: 'only a drug can be a negotiated, high-value or single-payment drug' });
    }
    if (item.largeEquipment && item.category !== 'service') {
      ctx.addIssue({ code: 'custom', path: ['largeEquipment'], message: 'only a service can be a large-equipment item' });
    }
  });

const ClaimIn = z
  .object({
    id: z.string().min(1),
    type: z.enum(['inpatient', 'outpatient', 'chronic', 'special']),
    admissionDate: MemberDate.optional(),
    dischargeDate: MemberDate.optional(),
    visitDate: MemberDate.optional(),
    hospital: z
      .object({
        level: Level,
        grade: Grade.optional(),
        tcm: z.boolean().default(false),
        kind: z.enum(['hospital', 'pharmacy']).default('hospital'),
        /** 定点医药机构: false for care at a non-designated institution or pharmacy. */
        designated: z.boolean().default(true),
      })
      .strict(),
    place: Place.default('local'),
    registration: Registration.default('none'),
    cancerTherapy: z.boolean().default(false),
    disease: z.string().optional(),
    /** The day the person asked for manual reimbursement (手工报销) of costs paid in advance. */
    claimedOn: MemberDate.optional(),
    items: z.array(ItemIn).max(MAX_ITEMS_PER_CLAIM),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.type === 'inpatient') {
      if (!c.admissionDate) ctx.addIssue({ code: 'custom', path: ['admissionDate'], message: 'required for an inpatient claim' });
      if (!c.dischargeDate) ctx.addIssue({ code: 'custom', path: ['dischargeDate'], message: 'required for an inpatient claim' });
      if (c.admissionDate && c.dischargeDate && c.admissionDate > c.dischargeDate) {
        ctx.addIssue({ code: 'custom', path: ['dischargeDate'], message: 'is before admissionDate' });
      } else if (c.admissionDate && c.dischargeDate && stayDays(c.admissionDate, c.dischargeDate) > MAX_STAY_DAYS) {
        ctx.addIssue({ code: 'custom', path: ['dischargeDate'], message: `is more than ${MAX_STAY_DAYS} days after admissionDate: a stay is settled at least once a year (年终结算)` });
      }
      if (c.visitDate) ctx.addIssue({ code: 'custom', path: ['visitDate'], message: 'an inpatient claim has admissionDate and dischargeDate' });
      if (c.hospital.kind === 'pharmacy') ctx.addIssue({ code: 'custom', path: ['hospital', 'kind'], message: 'a pharmacy has no inpatient care' });
    } else {
      if (!c.visitDate) ctx.addIssue({ code: 'custom', path: ['visitDate'], message: `required for an ${c.type} claim` });
      if (c.admissionDate) ctx.addIssue({ code: 'custom', path: ['admissionDate'], message: `an ${c.type} claim has visitDate` });
      if (c.dischargeDate) ctx.addIssue({ code: 'custom', path: ['dischargeDate'], message: `an ${c.type} claim has visitDate` });
    }
    const day = c.type === 'inpatient' ? c.dischargeDate : c.visitDate;
    if (c.claimedOn && day && c.claimedOn < day) ctx.addIssue({ code: 'custom', path: ['claimedOn'], message: `is before the ${c.type === 'inpatient' ? 'discharge' : 'visit'} (${day})` });
    if ((c.type === 'chronic' || c.type === 'special') && !c.disease) {
      ctx.addIssue({ code: 'custom', path: ['disease'], message: `required for a ${c.type} claim: the recognised disease it treats` });
    }
  });

const YearToDateIn = yearToDateSchema(YuanIn);

const RecognisedDisease = z
  .object({
    name: z.string().min(1),
    recognizedOn: MemberDate,
    class: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  })
  .strict();
export type RecognisedDisease = z.infer<typeof RecognisedDisease>;


export const SettleRequestIn = z
  .object({
    region: RegionId,
    scheme: SchemeId.default('employee'),
    context: z
      .object({
        averageWage: ownKeyRecord(MemberYearKey, YuanIn).optional(),
        /** 资阳 大额 deductible, where the agency set it below the 50% bound (第二十七条（一）). */
        largeExpenseDeductible: YuanIn.optional(),
      })
      .strict()
      .default({}),
    person: z
      .object({
        /** The status now; with retiredOn, `retired` (the default). */
        status: Status.optional(),
        /** The day the change from employed to retired was registered (办理在职转退休之日). */
        retiredOn: MemberDate.optional(),
        birthDate: MemberDate.optional(),
        sex: z.enum(['male', 'female']).optional(),
        tags: z.array(PersonTag).default([]),
        chronicDiseases: z.array(RecognisedDisease).default([]),
        specialDiseases: z.array(RecognisedDisease).default([]),
        enrolment: z.enum(['combined', 'pool_only']).default('combined'),
        /** Personal-account balance before the first claim. */
        accountBalance: YuanIn.optional(),
      })
      .strict(),
    claims: z.array(ClaimIn).min(1).max(MAX_CLAIMS),
    /** What each benefit year held before the first claim (accumulators.ts). */
    yearToDate: z.array(YearToDateIn).default([]),
  })
  .strict()
  .superRefine((r, ctx) => {
    refineUnique(r.claims, (c) => c.id, ctx, (i) => ['claims', i, 'id'], 'claim id');
    if (r.person.retiredOn && r.person.status === 'employed') {
      ctx.addIssue({ code: 'custom', path: ['person', 'status'], message: `employed contradicts person.retiredOn (${r.person.retiredOn})` });
    }
    if (r.person.retiredOn && r.person.birthDate && r.person.retiredOn < r.person.birthDate) {
      ctx.addIssue({ code: 'custom', path: ['person', 'retiredOn'], message: 'is before birthDate' });
    }
    let items = 0;
    r.claims.forEach((c, i) => {
      items += c.items.length;
      if (items > MAX_ITEMS) ctx.addIssue({ code: 'custom', path: ['claims', i, 'items'], message: `the request has more than ${MAX_ITEMS} items in all` });
      const first = c.admissionDate ?? c.visitDate;
      if (r.person.birthDate && first && first < r.person.birthDate) {
        ctx.addIssue({ code: 'custom', path: ['person', 'birthDate'], message: `is after the date of claims[${i}] (${first})` });
      }
    });
    refineUnique(r.yearToDate, (y) => String(y.year), ctx, (i) => ['yearToDate', i, 'year'], 'benefit year');
  });

type ItemParsed = z.infer<typeof ItemIn>;

/** An item with its amounts worked out, ready for the split. */
export interface Item {
  category: Category;
  class: ItemClass;
  /** Total charged (fen). */
  total: Fen;
  /** Unit price (fen): the given unit price, the daily bed price, or the amount as one unit. */
  unit: Fen;
  /** Quantity × 10^4. */
  quantityE4: number;
  priceCap: Fen | undefined;
  ward: Ward;
  negotiatedCancerDrug: boolean;
  largeEquipment: boolean;
  highValueDrug: boolean;
  singlePaymentDrug: boolean;
  selfPayRatio: Bp | undefined;
  name: string | undefined;
}

export type ClaimParsed = z.infer<typeof ClaimIn>;
export interface Claim extends Omit<ClaimParsed, 'items'> {
  items: Item[];
  /**
   * The split of the claim's items, worked out as they were read (settle.ts, without an explanation),
   * where they form one ordinary split (claim-items.ts wholeClaimSplitter); `items` is then empty.
   */
  itemsSplit?: ItemSplit | undefined;
  /** The date the rules are taken on: discharge for inpatient, visit otherwise. */
  date: string;
  /** Index in the request, for error paths. */
  index: number;
}
export type SettleRequestParsed = z.infer<typeof SettleRequestIn>;
export interface SettleRequest extends Omit<SettleRequestParsed, 'claims' | 'person'> {
  person: Omit<SettleRequestParsed['person'], 'status'> & { status: Status };
  claims: Claim[];
}

/** A validated item, parsed or raw (flags may be absent in the raw form). */
type ItemLike = Omit<ItemParsed, 'negotiatedCancerDrug' | 'largeEquipment' | 'highValueDrug' | 'singlePaymentDrug'> &
  Partial<Pick<ItemParsed, 'negotiatedCancerDrug' | 'largeEquipment' | 'highValueDrug' | 'singlePaymentDrug'>>;

/** Works out a validated item's amounts in fen. */
export function toItem(p: ItemLike, claimIndex: number, itemIndex: number): Item {
  let unit: Fen;
  let quantityE4: number;
  let total: Fen;
  if (p.category === 'bed') {
    unit = fen(p.dailyPrice!);
    quantityE4 = p.days! * 10_000;
    total = unit * p.days!;
  } else if (p.amount !== undefined) {
    unit = fen(p.amount);
    quantityE4 = 10_000;
    total = unit;
  } else {
    unit = fen(p.unitPrice!);
    quantityE4 = e4(p.quantity!);
    total = Math.floor((unit * quantityE4 + 5_000) / 10_000);
    if (!Number.isSafeInteger(unit * quantityE4)) {
      total = Number((BigInt(unit) * BigInt(quantityE4) + 5_000n) / 10_000n);
    }
  }
  if (total > MAX_FEN) {
    const path = `claims[${claimIndex}].items[${itemIndex}]`;
    throw new YibaoError('invalid_input', `${path}: the item's total is larger than 1,000,000,000 yuan`, path);
  }
  return {
    category: p.category,
    class: p.class ?? 'A',
    total,
    unit,
    quantityE4,
    priceCap: p.priceCap === undefined ? undefined : fen(p.priceCap),
    ward: p.ward ?? 'general',
    negotiatedCancerDrug: p.negotiatedCancerDrug === true,
    largeEquipment: p.largeEquipment === true,
    highValueDrug: p.highValueDrug === true,
    singlePaymentDrug: p.singlePaymentDrug === true,
    selfPayRatio: p.selfPayRatio === undefined ? undefined : e4(p.selfPayRatio),
    name: p.name,
  };
}

/**
 * A claim's validated items in fen. Each item is at most 1,000,000,000 yuan, and so is the claim:
 * its sums stay exact integers (far below 2^53 fen) and no settlement of that size is plausible.
 */
export function claimItems(raw: readonly ItemLike[], claimIndex: number): Item[] {
  const items: Item[] = new Array(raw.length);
  let total = 0;
  for (let j = 0; j < raw.length; j++) {
    const item = toItem(raw[j]!, claimIndex, j);
    total += item.total;
    items[j] = item;
  }
  if (total > MAX_FEN) {
    const path = `claims[${claimIndex}].items`;
    throw new YibaoError('invalid_input', `${path}: the claim's total is larger than 1,000,000,000 yuan`, path);
  }
  return items;
}

/** `claims[0].items[2].amount` from a zod path. */
export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Amounts to fen, items worked out, each claim's rule date (one object shape per kind, no spreads). */
export function normalise(r: SettleRequestParsed): SettleRequest {
  const wages = r.context.averageWage;
  const p = r.person;
  return {
    region: r.region,
    scheme: r.scheme,
    context: {
      averageWage: wages && Object.fromEntries(Object.entries(wages).map(([y, w]) => [y, fen(w!)])),
      largeExpenseDeductible: r.context.largeExpenseDeductible === undefined ? undefined : fen(r.context.largeExpenseDeductible),
    },
    person: {
      status: p.status ?? (p.retiredOn ? 'retired' : 'employed'),
      retiredOn: p.retiredOn,
      birthDate: p.birthDate,
      sex: p.sex,
      tags: p.tags,
      chronicDiseases: p.chronicDiseases,
      specialDiseases: p.specialDiseases,
      enrolment: p.enrolment,
      accountBalance: p.accountBalance === undefined ? undefined : fen(p.accountBalance),
    },
    yearToDate: r.yearToDate,
    claims: r.claims.map((c, i) => ({
      id: c.id,
      type: c.type,
      admissionDate: c.admissionDate,
      dischargeDate: c.dischargeDate,
      visitDate: c.visitDate,
      hospital: c.hospital,
      place: c.place,
      registration: c.registration,
      cancerTherapy: c.cancerTherapy,
      disease: c.disease,
      claimedOn: c.claimedOn,
      index: i,
      date: (c.type === 'inpatient' ? c.dischargeDate : c.visitDate)!,
      items: claimItems(c.items, i),
      itemsSplit: undefined,
    })),
  };
}

export function zodToError(error: z.ZodError): YibaoError {
  const issue = error.issues[0]!;
  const path = pathText(issue.path);
  const message = issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message;
  return new YibaoError('invalid_input', path ? `${path}: ${message}` : message, issue.code === 'unrecognized_keys' && issue.keys[0] ? (path ? `${path}.${issue.keys[0]}` : issue.keys[0]) : path);
}
