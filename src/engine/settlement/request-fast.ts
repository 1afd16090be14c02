/**
 * A fast path for validating settle requests: the same rules as the zod schema in
 * request.ts, hand-written for the common case. It answers only "valid, and here is
 * the parsed value" or "not sure": anything it does not accept goes through zod,
 * which is the reference and gives the error with its path. A property test
 * checks that whatever this accepts, zod accepts and parses to the same value.
 */
import { checkYuan, MAX_FEN, type Bp, type Fen } from '../money.js';
import { MAX_CLAIMS, MAX_ITEMS, MAX_ITEMS_PER_CLAIM, MAX_STAY_DAYS, MAX_YEAR, MIN_YEAR, withinStayBound } from './limits.js';
import { Tag, type Grade, type ItemClass, type Level, type Ward } from '../../policy/schema.js';
import { ItemFlag, type ItemSplit, type ItemSplitter } from './items.js';
import type { Claim, Item, SettleRequest, SettleRequestParsed } from './request.js';
import type { YearToDateIn } from './year-to-date.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function keysWithin(o: Obj, allowed: ReadonlySet<string>): boolean {
  for (const k in o) if (!allowed.has(k)) return false;
  return true;
}

/** Exact conversion of an already validated yuan amount (request.ts fen). */
const fen = (yuan: number): Fen => Math.round(yuan * 100);

const yuan = (v: unknown) => typeof v === 'number' && typeof checkYuan(v) === 'number';
const optYuan = (v: unknown) => v === undefined || yuan(v);

/** Whether a request has only the keys of a request (a switch: read once per request, no set look-up). */
function topKeysOnly(o: Obj): boolean {
  for (const k in o) {
    switch (k) {
      case 'region':
      case 'scheme':
      case 'context':
      case 'person':
      case 'claims':
      case 'yearToDate':
        continue;
      default:
        return false;
    }
  }
  return true;
}
const CONTEXT = new Set(['averageWage', 'largeExpenseDeductible']);
const DISEASE = new Set(['name', 'recognizedOn', 'class']);
const TAGS: readonly string[] = Tag.options;
const YEAR = /^\d{4}$/;

function diseases(v: unknown): SettleRequestParsed['person']['chronicDiseases'] | undefined {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return undefined;
  const out: SettleRequestParsed['person']['chronicDiseases'] = [];
  for (const d of v) {
    if (!isObj(d) || !keysWithin(d, DISEASE)) return undefined;
    if (typeof d.name !== 'string' || d.name.length === 0 || !isDate(d.recognizedOn)) return undefined;
    if (d.class !== undefined && d.class !== 1 && d.class !== 2 && d.class !== 3) return undefined;
    out.push(d.class === undefined ? { name: d.name, recognizedOn: d.recognizedOn as string } : { name: d.name, recognizedOn: d.recognizedOn as string, class: d.class });
  }
  return out;
}

/** fen of a plainly valid yuan amount (money.ts checkYuan, same arithmetic), else -1. */
function yuanFen(x: unknown): number {
  if (typeof x !== 'number' || !(x >= 0) || x === Infinity) return -1;
  const f = Math.round(x * 100);
  if (f / 100 !== x || f > MAX_FEN) return -1;
  return f;
}

/** x × 10^4 of a non-negative number with at most 4 decimals (money.ts checkScaled), else -1. */
function scaledE4(x: unknown): number {
  if (typeof x !== 'number' || !(x >= 0) || x === Infinity) return -1;
  const s = Math.round(x * 10_000);
  if (!Number.isSafeInteger(s) || s / 10_000 !== x) return -1;
  return s;
}

/**
 * Reads the raw item at position j of a claim and hands it to `to` when it is plainly valid
 * (request.ts ItemIn and its refinements), with its amounts worked out as toItem does; returns its
 * total, or −1 when zod must decide (also for a total above the bound, which zod's path refuses
 * after validating the whole request). One pass over the item's own keys: each value is read and
 * checked once, and no item object is made on the way.
 */
function readItem(v: unknown, to: ItemReader, j: number): Fen {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return -1;
  const o = v as Obj;
  // The raw values, read once each; checked below.
  let category: unknown;
  let cls: unknown;
  let ward: unknown;
  let amount: unknown;
  let unitPrice: unknown;
  let quantity: unknown;
  let priceCap: unknown;
  let selfPayRatio: unknown;
  let dailyPrice: unknown;
  let days: unknown;
  let name: unknown;
  let code: unknown;
  // ItemFlag bits (items.ts): negotiatedCancerDrug 1, largeEquipment 2, highValueDrug 4, singlePaymentDrug 8
  let flags = 0;
  for (const k in o) {
    const x = o[k];
    switch (k) {
      case 'category':
        category = x;
        break;
      case 'class':
        cls = x;
        break;
      case 'amount':
        amount = x;
        break;
      case 'unitPrice':
        unitPrice = x;
        break;
      case 'quantity':
        quantity = x;
        break;
      case 'ward':
        ward = x;
        break;
      case 'dailyPrice':
        dailyPrice = x;
        break;
      case 'days':
        days = x;
        break;
      case 'negotiatedCancerDrug':
        if (x === true) flags |= 1;
        else if (x !== false && x !== undefined) return -1;
        break;
      case 'largeEquipment':
        if (x === true) flags |= 2;
        else if (x !== false && x !== undefined) return -1;
        break;
      case 'highValueDrug':
        if (x === true) flags |= 4;
        else if (x !== false && x !== undefined) return -1;
        break;
      case 'singlePaymentDrug':
        if (x === true) flags |= 8;
        else if (x !== false && x !== undefined) return -1;
        break;
      case 'priceCap':
        priceCap = x;
        break;
      case 'selfPayRatio':
        selfPayRatio = x;
        break;
      case 'name':
        name = x;
        break;
      case 'code':
        code = x;
        break;
      default:
        return -1;
    }
  }
  if (category !== 'drug' && category !== 'service' && category !== 'material' && category !== 'bed') return -1;
  if (cls !== undefined && cls !== 'A' && cls !== 'B' && cls !== 'C') return -1;
  if (ward !== undefined && ward !== 'general' && ward !== 'icu' && ward !== 'laminar' && ward !== 'isolation') return -1;
  if ((name !== undefined && typeof name !== 'string') || (code !== undefined && typeof code !== 'string')) return -1;
  let cap = -1;
  if (priceCap !== undefined && (cap = yuanFen(priceCap)) < 0) return -1;
  let ratio = -1;
  if (selfPayRatio !== undefined && ((ratio = scaledE4(selfPayRatio)) < 0 || ratio > 10_000)) return -1;
  // The item's own consistency rules (request.ts ItemIn.superRefine), then its amounts (request.ts toItem).
  let unit: Fen;
  let total: Fen;
  let quantityE4: number;
  if (category === 'bed') {
    if (dailyPrice === undefined || days === undefined || amount !== undefined || unitPrice !== undefined || quantity !== undefined) return -1;
    if ((unit = yuanFen(dailyPrice)) < 0) return -1;
    if (typeof days !== 'number' || !Number.isSafeInteger(days) || days <= 0 || days > MAX_STAY_DAYS) return -1;
    quantityE4 = days * 10_000;
    total = unit * days;
  } else {
    if (ward !== undefined || dailyPrice !== undefined || days !== undefined || cls === undefined) return -1;
    if (amount !== undefined) {
      if (unitPrice !== undefined || quantity !== undefined) return -1;
      if ((unit = yuanFen(amount)) < 0) return -1;
      quantityE4 = 10_000;
      total = unit;
    } else {
      if (unitPrice === undefined || quantity === undefined) return -1;
      if ((unit = yuanFen(unitPrice)) < 0 || (quantityE4 = scaledE4(quantity)) <= 0) return -1;
      const product = unit * quantityE4;
      // Beyond 2^53 the exact product is the BigInt one (toItem); such a total is above the bound anyway.
      if (!Number.isSafeInteger(product)) return -1;
      total = Math.floor((product + 5_000) / 10_000);
    }
  }
  if (total > MAX_FEN) return -1;
  if ((flags & 13) !== 0 && category !== 'drug') return -1;
  if ((flags & 2) !== 0 && category !== 'service') return -1;
  to.addParts(category, (cls ?? 'A') as ItemClass, total, unit, quantityE4, cap < 0 ? undefined : cap, (ward ?? 'general') as Ward, flags, ratio < 0 ? undefined : ratio, name as string | undefined, j);
  return total;
}

/** Where readItem hands an item it has read (items.ts ItemSplitter.addParts). */
interface ItemReader {
  addParts: ItemSplitter['addParts'];
}

/** A claim's items, kept as Item objects (every field, so that all items share one shape). */
class ItemList implements ItemReader {
  readonly items: Item[];
  constructor(length: number) {
    this.items = new Array<Item>(length);
  }
  addParts(category: Item['category'], cls: ItemClass, total: Fen, unit: Fen, quantityE4: number, priceCap: Fen | undefined, ward: Ward, flags: number, selfPayRatio: Bp | undefined, name: string | undefined, j: number): void {
    this.items[j] = {
      category,
      class: cls,
      total,
      unit,
      quantityE4,
      priceCap,
      ward,
      negotiatedCancerDrug: (flags & ItemFlag.negotiatedCancerDrug) !== 0,
      largeEquipment: (flags & ItemFlag.largeEquipment) !== 0,
      highValueDrug: (flags & ItemFlag.highValueDrug) !== 0,
      singlePaymentDrug: (flags & ItemFlag.singlePaymentDrug) !== 0,
      selfPayRatio,
      name,
    };
  }
}

/** Where a claim's items go as they are read, instead of being kept (items.ts ItemSplitter). */
export interface ItemSink extends ItemReader {
  split(): ItemSplit;
}

/** The sink for a claim's items, or undefined to keep them (settle.ts): by what they depend on, known before they are read. */
export type ItemSinkFor = (region: string, scheme: 'employee' | 'resident', type: Claim['type'], date: string, hospital: Claim['hospital'], index: number) => ItemSink | undefined;



type ClaimOut = SettleRequest['claims'][number];

/** The items of a claim whose items went to a sink (never written to). */
const NO_ITEMS: Item[] = [];

/** The number of items of the last claim read (its items may have gone to a sink). */
let claimItemCount = 0;

/**
 * A plainly valid raw claim, normalised as request.ts normalise does; undefined when zod must decide.
 * With a sink for its items, they are read into it and not kept (the claim's itemsSplit).
 */
function claim(v: unknown, index: number, region: string, scheme: 'employee' | 'resident', sinkFor: ItemSinkFor | undefined): ClaimOut | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const c = v as Obj;
  let id: string | undefined;
  let type: ClaimOut['type'] | undefined;
  let admissionDate: string | undefined;
  let dischargeDate: string | undefined;
  let visitDate: string | undefined;
  let hospital: ClaimOut['hospital'] | undefined;
  let place: ClaimOut['place'] = 'local';
  let registration: ClaimOut['registration'] = 'none';
  let cancerTherapy = false;
  let disease: string | undefined;
  let claimedOn: string | undefined;
  let rawItems: unknown[] | undefined;
  for (const k in c) {
    const x = c[k];
    switch (k) {
      case 'id':
        if (typeof x !== 'string' || x.length === 0) return undefined;
        id = x;
        break;
      case 'type':
        if (x === 'inpatient' || x === 'outpatient' || x === 'chronic' || x === 'special') type = x;
        else return undefined;
        break;
      case 'admissionDate':
        if (x === undefined) break;
        if (!isClaimDate(x)) return undefined;
        admissionDate = x;
        break;
      case 'dischargeDate':
        if (x === undefined) break;
        if (!isClaimDate(x)) return undefined;
        dischargeDate = x;
        break;
      case 'visitDate':
        if (x === undefined) break;
        if (!isClaimDate(x)) return undefined;
        visitDate = x;
        break;
      case 'hospital':
        if ((hospital = hospitalOf(x)) === undefined) return undefined;
        break;
      case 'place':
        if (x === 'local' || x === 'in_province' || x === 'jingjin' || x === 'cross_province') place = x;
        else if (x !== undefined) return undefined;
        break;
      case 'registration':
        if (x === 'none' || x === 'referral' || x === 'temporary' || x === 'long_term' || x === 'emergency') registration = x;
        else if (x !== undefined) return undefined;
        break;
      case 'cancerTherapy':
        if (x === true) cancerTherapy = true;
        else if (x !== false && x !== undefined) return undefined;
        break;
      case 'disease':
        if (typeof x === 'string') disease = x;
        else if (x !== undefined) return undefined;
        break;
      case 'claimedOn':
        if (x === undefined) break;
        if (!isDate(x)) return undefined;
        claimedOn = x;
        break;
      case 'items':
        if (!Array.isArray(x) || x.length > MAX_ITEMS_PER_CLAIM) return undefined;
        rawItems = x;
        break;
      default:
        return undefined;
    }
  }
  if (id === undefined || type === undefined || hospital === undefined || rawItems === undefined) return undefined;
  // The claim's date rules (request.ts ClaimIn.superRefine).
  let date: string;
  if (type === 'inpatient') {
    if (admissionDate === undefined || dischargeDate === undefined || visitDate !== undefined || hospital.kind === 'pharmacy') return undefined;
    if (admissionDate > dischargeDate || !withinStayBound(admissionDate, dischargeDate)) return undefined;
    date = dischargeDate;
  } else {
    if (visitDate === undefined || admissionDate !== undefined || dischargeDate !== undefined) return undefined;
    date = visitDate;
  }
  if ((type === 'chronic' || type === 'special') && !disease) return undefined;
  if (claimedOn !== undefined && claimedOn < date) return undefined;
  // The items, kept or read into the claim's sink.
  const raw = rawItems;
  let total = 0;
  let items: Item[];
  let itemsSplit: ItemSplit | undefined;
  const sink = sinkFor?.(region, scheme, type, date, hospital, index);
  const to = sink ?? new ItemList(raw.length);
  for (let j = 0; j < raw.length; j++) {
    const t = readItem(raw[j], to, j);
    if (t < 0) return undefined;
    total += t;
  }
  if (sink) {
    items = NO_ITEMS;
    itemsSplit = sink.split();
  } else items = (to as ItemList).items;
  // A claim above the bound is refused on zod's path (request.ts claimItems).
  if (total > MAX_FEN) return undefined;
  claimItemCount = raw.length;
  return { id, type, admissionDate, dischargeDate, visitDate, hospital, place, registration, cancerTherapy, disease, claimedOn, index, date, items, itemsSplit };
}

/** A plainly valid raw hospital, with zod's defaults; undefined when zod must decide. */
function hospitalOf(v: unknown): ClaimOut['hospital'] | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const h = v as Obj;
  let level: Level | undefined;
  let grade: Grade | undefined;
  let tcm = false;
  let kind: 'hospital' | 'pharmacy' = 'hospital';
  let designated = true;
  for (const k in h) {
    const x = h[k];
    switch (k) {
      case 'level':
        if (x === 0 || x === 1 || x === 2 || x === 3) level = x;
        else return undefined;
        break;
      case 'grade':
        if (x === 'A' || x === 'B') grade = x;
        else if (x !== undefined) return undefined;
        break;
      case 'tcm':
        if (x === true) tcm = true;
        else if (x !== false && x !== undefined) return undefined;
        break;
      case 'kind':
        if (x === 'hospital' || x === 'pharmacy') kind = x;
        else if (x !== undefined) return undefined;
        break;
      case 'designated':
        if (x === false) designated = false;
        else if (x !== true && x !== undefined) return undefined;
        break;
      default:
        return undefined;
    }
  }
  if (level === undefined) return undefined;
  return { level, grade, tcm, kind, designated };
}

/**
 * The last two strings found to be the dates of a claim: a claim's admission and discharge, and the
 * next claim's, are mostly the same strings (JSON.parse makes one string of equal short values), so
 * they are compared by identity first.
 */
let claimDate1 = '2000-01-01';
let claimDate2 = '2000-01-01';

/** Whether a claim's date is a real calendar date (isDate), the last two found so compared first. */
function isClaimDate(v: unknown): v is string {
  if (v === claimDate1 || v === claimDate2) return true;
  if (!isDate(v)) return false;
  claimDate2 = claimDate1;
  claimDate1 = v;
  return true;
}

/**
 * Whether a value is a real calendar date YYYY-MM-DD in the bounded years (policy/primitives.ts
 * MemberDate, without the regex). Each character is read once, and a digit is checked as one unsigned
 * comparison (a character below '0' wraps to a large number).
 */
function isDate(v: unknown): v is string {
  if (typeof v !== 'string' || v.length !== 10) return false;
  const y0 = v.charCodeAt(0) - 48;
  const y1 = v.charCodeAt(1) - 48;
  const y2 = v.charCodeAt(2) - 48;
  const y3 = v.charCodeAt(3) - 48;
  const m1 = v.charCodeAt(5) - 48;
  const m2 = v.charCodeAt(6) - 48;
  const d1 = v.charCodeAt(8) - 48;
  const d2 = v.charCodeAt(9) - 48;
  if (v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return false;
  if (y0 >>> 0 > 9 || y1 >>> 0 > 9 || y2 >>> 0 > 9 || y3 >>> 0 > 9 || m1 >>> 0 > 9 || m2 >>> 0 > 9 || d1 >>> 0 > 9 || d2 >>> 0 > 9) return false;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  if (m < 1 || m > 12 || d < 1 || y < MIN_YEAR || y > MAX_YEAR) return false;
  if (d <= 28) return true;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
}
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

type PersonOut = SettleRequest['person'];

/** A plainly valid raw person, with zod's defaults; undefined when zod must decide. */
function personOf(v: unknown): PersonOut | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const p = v as Obj;
  let status: PersonOut['status'] = 'employed';
  let birthDate: string | undefined;
  let sex: PersonOut['sex'];
  let tags: PersonOut['tags'] | undefined;
  let chronicDiseases: PersonOut['chronicDiseases'] | undefined;
  let specialDiseases: PersonOut['specialDiseases'] | undefined;
  let enrolment: PersonOut['enrolment'] = 'combined';
  let accountBalance: Fen | undefined;
  for (const k in p) {
    const x = p[k];
    switch (k) {
      case 'status':
        if (x === 'employed' || x === 'retired') status = x;
        else if (x !== undefined) return undefined;
        break;
      case 'birthDate':
        if (x === undefined) break;
        if (!isDate(x)) return undefined;
        birthDate = x;
        break;
      case 'sex':
        if (x === 'male' || x === 'female') sex = x;
        else if (x !== undefined) return undefined;
        break;
      case 'tags': {
        if (x === undefined) break;
        if (!Array.isArray(x)) return undefined;
        const list: unknown[] = x;
        const out: PersonOut['tags'] = [];
        for (let i = 0; i < list.length; i++) {
          const t = list[i];
          if (typeof t !== 'string' || !TAGS.includes(t)) return undefined;
          out.push(t as PersonOut['tags'][number]);
        }
        tags = out;
        break;
      }
      case 'chronicDiseases':
        if ((chronicDiseases = diseases(x)) === undefined) return undefined;
        break;
      case 'specialDiseases':
        if ((specialDiseases = diseases(x)) === undefined) return undefined;
        break;
      case 'enrolment':
        if (x === 'combined' || x === 'pool_only') enrolment = x;
        else if (x !== undefined) return undefined;
        break;
      case 'accountBalance':
        if (x === undefined) break;
        if ((accountBalance = yuanFen(x)) < 0) return undefined;
        break;
      default:
        return undefined;
    }
  }
  return { status, birthDate, sex, tags: tags ?? [], chronicDiseases: chronicDiseases ?? [], specialDiseases: specialDiseases ?? [], enrolment, accountBalance };
}

/** Whether a value is a region id (policy/schema.ts RegionId: /^[a-z][a-z0-9_]*$/), without the regex. */
function isRegionId(v: unknown): v is string {
  if (typeof v !== 'string' || v.length === 0) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 97 && c <= 122) continue;
    if (i > 0 && ((c >= 48 && c <= 57) || c === 95)) continue;
    return false;
  }
  return true;
}

/** A yuan amount as given (request.ts YuanIn), or undefined when not plainly valid. */
const yuanIn = (x: unknown): number | undefined => (yuanFen(x) < 0 ? undefined : (x as number));
/** An amount with a default of 0 (accumulators.ts `amount`). */
const amountIn = (x: unknown): number | undefined => (x === undefined ? 0 : yuanIn(x));

/** A plainly valid strict object of amounts defaulting to 0 (the yearToDate parts), as zod parses it. */
function amounts<K extends string>(v: unknown, keys: readonly K[]): Record<K, number> | undefined {
  const out = {} as Record<K, number>;
  if (v === undefined) {
    for (const k of keys) out[k] = 0;
    return out;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Obj;
  for (const k in o) if (!(keys as readonly string[]).includes(k)) return undefined;
  for (const k of keys) {
    const a = amountIn(o[k]);
    if (a === undefined) return undefined;
    out[k] = a;
  }
  return out;
}

const COUNTERS = ['all', 'in_province', 'cross_province'] as const;
const YEAR_KEYS = new Set(['year', 'admissions', 'fundPaid', 'outpatient', 'chronic', 'specialDisease', 'singlePaymentDrug', 'largeExpense', 'criticalIllness', 'supplementary', 'lastStay']);
const CHRONIC_KEYS = new Set(['deductibleBorne', 'fundPaid', 'fundPaidByDisease']);
const STAY_KEYS = new Set(['admissionDate', 'dischargeDate', 'level', 'counter', 'deductibleStandard', 'deductibleBorne', 'eligibleAmount', 'counted']);

/** A plainly valid yearToDate entry (year-to-date.ts yearToDateSchema and its refinements), as zod parses it. */
function yearEntry(v: unknown): YearToDateIn | undefined {
  if (!isObj(v) || !keysWithin(v, YEAR_KEYS)) return undefined;
  const year = v.year;
  if (typeof year !== 'number' || !Number.isSafeInteger(year) || year < 1900 || year > 2100) return undefined;
  // admissions: a partial record of the counters, whole numbers 0–366
  const admissions: YearToDateIn['admissions'] = {};
  if (v.admissions !== undefined) {
    if (!isObj(v.admissions)) return undefined;
    const a = v.admissions;
    for (const k in a) {
      const n = a[k];
      if (!(COUNTERS as readonly string[]).includes(k) || typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0 || n > 366) return undefined;
      admissions[k as (typeof COUNTERS)[number]] = n;
    }
  }
  const fundPaid = amountIn(v.fundPaid);
  if (fundPaid === undefined) return undefined;
  const outpatient = amounts(v.outpatient, ['deductibleBorne', 'fundPaid']);
  const specialDisease = amounts(v.specialDisease, ['fundPaid']);
  const singlePaymentDrug = amounts(v.singlePaymentDrug, ['fundPaid']);
  const largeExpense = amounts(v.largeExpense, ['burden', 'paid']);
  const criticalIllness = amounts(v.criticalIllness, ['burden', 'paid']);
  const supplementary = amounts(v.supplementary, ['specialPaid']);
  if (!outpatient || !specialDisease || !singlePaymentDrug || !largeExpense || !criticalIllness || !supplementary) return undefined;
  // chronic, with the fund paid by disease
  let chronic: YearToDateIn['chronic'];
  const c = v.chronic;
  if (c === undefined) chronic = { deductibleBorne: 0, fundPaid: 0, fundPaidByDisease: {} };
  else {
    if (!isObj(c) || !keysWithin(c, CHRONIC_KEYS)) return undefined;
    const deductibleBorne = amountIn(c.deductibleBorne);
    const paid = amountIn(c.fundPaid);
    if (deductibleBorne === undefined || paid === undefined) return undefined;
    const byDisease: Record<string, number> = {};
    if (c.fundPaidByDisease !== undefined) {
      if (!isObj(c.fundPaidByDisease)) return undefined;
      const d = c.fundPaidByDisease;
      for (const k in d) {
        const a = yuanIn(d[k]);
        if (k.length === 0 || k === '__proto__' || a === undefined) return undefined;
        byDisease[k] = a;
      }
    }
    chronic = { deductibleBorne, fundPaid: paid, fundPaidByDisease: byDisease };
  }
  // the year's last stay
  let lastStay: YearToDateIn['lastStay'] = null;
  const st = v.lastStay;
  if (st !== undefined && st !== null) {
    if (!isObj(st) || !keysWithin(st, STAY_KEYS)) return undefined;
    const { admissionDate, dischargeDate, level, counted } = st;
    const counter = st.counter === undefined ? 'all' : st.counter;
    const deductibleStandard = yuanIn(st.deductibleStandard);
    const deductibleBorne = yuanIn(st.deductibleBorne);
    const eligibleAmount = yuanIn(st.eligibleAmount);
    if (!isDate(admissionDate) || !isDate(dischargeDate) || typeof counted !== 'boolean') return undefined;
    if (level !== 0 && level !== 1 && level !== 2 && level !== 3) return undefined;
    if (counter !== 'all' && counter !== 'in_province' && counter !== 'cross_province') return undefined;
    if (deductibleStandard === undefined || deductibleBorne === undefined || eligibleAmount === undefined) return undefined;
    if (admissionDate > dischargeDate || deductibleBorne > eligibleAmount || deductibleBorne > deductibleStandard) return undefined;
    lastStay = { admissionDate, dischargeDate, level, counter, deductibleStandard, deductibleBorne, eligibleAmount, counted };
  }
  // The entry's own consistency rules (accumulators.ts, superRefine), in fen.
  const parts = fen(outpatient.fundPaid) + fen(chronic.fundPaid) + fen(specialDisease.fundPaid) + fen(singlePaymentDrug.fundPaid);
  if (parts > fen(fundPaid)) return undefined;
  let byDiseaseTotal = 0;
  for (const k in chronic.fundPaidByDisease) byDiseaseTotal += fen(chronic.fundPaidByDisease[k]!);
  if (byDiseaseTotal > fen(chronic.fundPaid)) return undefined;
  if (lastStay) {
    if (Number(lastStay.dischargeDate.slice(0, 4)) !== year) return undefined;
    if (lastStay.counted && (admissions[lastStay.counter] ?? 0) < 1 && Number(lastStay.admissionDate.slice(0, 4)) === year) return undefined;
  }
  return {
    year,
    admissions,
    fundPaid,
    outpatient: outpatient as YearToDateIn['outpatient'],
    chronic,
    specialDisease: specialDisease as YearToDateIn['specialDisease'],
    singlePaymentDrug: singlePaymentDrug as YearToDateIn['singlePaymentDrug'],
    largeExpense: largeExpense as YearToDateIn['largeExpense'],
    criticalIllness: criticalIllness as YearToDateIn['criticalIllness'],
    supplementary: supplementary as YearToDateIn['supplementary'],
    lastStay,
  };
}

/** The plainly valid yearToDate of a request (request.ts: unique years). */
function yearToDateOf(v: unknown): YearToDateIn[] | undefined {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return undefined;
  const list: unknown[] = v;
  const out: YearToDateIn[] = [];
  for (let i = 0; i < list.length; i++) {
    const y = yearEntry(list[i]);
    if (!y) return undefined;
    for (const prev of out) if (prev.year === y.year) return undefined;
    out.push(y);
  }
  return out;
}

/**
 * The normalised request when the input is plainly valid; undefined when zod must decide. With
 * `sinkFor`, each claim's items go to the sink it gives for the claim, if any, instead of being kept.
 */
export function fastParse(input: unknown, sinkFor?: ItemSinkFor): SettleRequest | undefined {
  if (!isObj(input) || !topKeysOnly(input)) return undefined;
  const r = input;
  if (!isRegionId(r.region)) return undefined;
  if (r.scheme !== undefined && r.scheme !== 'employee' && r.scheme !== 'resident') return undefined;
  // context
  let averageWage: Record<string, number> | undefined;
  let largeExpenseDeductible: number | undefined;
  if (r.context !== undefined) {
    if (!isObj(r.context) || !keysWithin(r.context, CONTEXT)) return undefined;
    const w = r.context.averageWage;
    if (w !== undefined) {
      if (!isObj(w)) return undefined;
      for (const k in w) {
        if (!YEAR.test(k) || !yuan(w[k])) return undefined;
        const y = Number(k);
        if (y < MIN_YEAR || y > MAX_YEAR) return undefined;
      }
      const wages: Record<string, number> = {};
      for (const k in w) wages[k] = fen(w[k] as number);
      averageWage = wages;
    }
    if (!optYuan(r.context.largeExpenseDeductible)) return undefined;
    if (r.context.largeExpenseDeductible !== undefined) largeExpenseDeductible = fen(r.context.largeExpenseDeductible as number);
  }
  // person
  const person = personOf(r.person);
  if (!person) return undefined;
  // claims
  if (!Array.isArray(r.claims) || r.claims.length === 0 || r.claims.length > MAX_CLAIMS) return undefined;
  const rawClaims: unknown[] = r.claims;
  const claims: ClaimOut[] = new Array<ClaimOut>(rawClaims.length);
  const ids = rawClaims.length > 1 ? new Set<string>() : undefined;
  let items = 0;
  const region = r.region;
  const scheme = (r.scheme ?? 'employee') as 'employee' | 'resident';
  for (let i = 0; i < rawClaims.length; i++) {
    const c = claim(rawClaims[i], i, region, scheme, sinkFor);
    if (!c) return undefined;
    items += claimItemCount;
    // The bounds of the request, and a birth before the care (request.ts superRefine).
    if (items > MAX_ITEMS || (person.birthDate !== undefined && (c.admissionDate ?? c.date) < person.birthDate)) return undefined;
    if (ids) {
      if (ids.has(c.id)) return undefined;
      ids.add(c.id);
    }
    claims[i] = c;
  }
  const yearToDate = yearToDateOf(r.yearToDate);
  if (!yearToDate) return undefined;
  return {
    region,
    scheme,
    context: { averageWage, largeExpenseDeductible },
    person,
    yearToDate,
    claims,
  } as unknown as SettleRequest;
}
