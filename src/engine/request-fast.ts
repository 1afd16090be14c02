/**
 * A fast path for validating settle requests: the same rules as the zod schema in
 * request.ts, hand-written for the common case. It answers only "valid, and here is
 * the parsed value" or "not sure": anything it does not accept goes through zod,
 * which is the reference and gives the error with its path. A property test
 * checks that whatever this accepts, zod accepts and parses to the same value.
 */
import { checkScaled, checkYuan } from './money.js';
import { inYears, isIsoDate, Tag } from './policy/schema.js';
import { claimItems, fen, MAX_CLAIMS, MAX_ITEMS, MAX_ITEMS_PER_CLAIM, MAX_STAY_DAYS, stayDays, type SettleRequest, type SettleRequestParsed } from './request.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function keysWithin(o: Obj, allowed: ReadonlySet<string>): boolean {
  for (const k in o) if (!allowed.has(k)) return false;
  return true;
}

const optBool = (v: unknown) => v === undefined || typeof v === 'boolean';
const optEnum = (v: unknown, values: readonly string[]) => v === undefined || (typeof v === 'string' && values.includes(v));
const yuan = (v: unknown) => typeof v === 'number' && typeof checkYuan(v) === 'number';
const optYuan = (v: unknown) => v === undefined || yuan(v);
const date = (v: unknown) => typeof v === 'string' && isIsoDate(v) && inYears(v);
const optDate = (v: unknown) => v === undefined || date(v);
const optString = (v: unknown) => v === undefined || typeof v === 'string';

const TOP = new Set(['region', 'scheme', 'context', 'person', 'claims']);
const CONTEXT = new Set(['averageWage', 'largeExpenseDeductible']);
const PERSON = new Set(['status', 'birthDate', 'sex', 'tags', 'chronicDiseases', 'specialDiseases', 'enrolment', 'accountBalance']);
const DISEASE = new Set(['name', 'recognizedOn', 'class']);
const CLAIM = new Set(['id', 'type', 'admissionDate', 'dischargeDate', 'visitDate', 'hospital', 'place', 'registration', 'cancerTherapy', 'disease', 'claimedOn', 'items']);
const HOSPITAL = new Set(['level', 'grade', 'tcm', 'kind', 'designated']);
const ITEM = new Set([
  'category',
  'class',
  'amount',
  'unitPrice',
  'quantity',
  'priceCap',
  'negotiatedCancerDrug',
  'largeEquipment',
  'highValueDrug',
  'singlePaymentDrug',
  'selfPayRatio',
  'ward',
  'dailyPrice',
  'days',
  'name',
  'code',
]);
const TAGS: readonly string[] = Tag.options;
const CLAIM_TYPES = ['inpatient', 'outpatient', 'chronic', 'special'];
const PLACES = ['local', 'in_province', 'jingjin', 'cross_province'];
const REGISTRATIONS = ['none', 'referral', 'temporary', 'long_term', 'emergency'];
const CATEGORIES = ['drug', 'service', 'material', 'bed'];
const CLASSES = ['A', 'B', 'C'];
const WARDS = ['general', 'icu', 'laminar', 'isolation'];
const REGION = /^[a-z][a-z0-9_]*$/;
const YEAR = /^\d{4}$/;

function diseases(v: unknown): SettleRequestParsed['person']['chronicDiseases'] | undefined {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return undefined;
  const out: SettleRequestParsed['person']['chronicDiseases'] = [];
  for (const d of v) {
    if (!isObj(d) || !keysWithin(d, DISEASE)) return undefined;
    if (typeof d.name !== 'string' || d.name.length === 0 || !date(d.recognizedOn)) return undefined;
    if (d.class !== undefined && d.class !== 1 && d.class !== 2 && d.class !== 3) return undefined;
    out.push(d.class === undefined ? { name: d.name, recognizedOn: d.recognizedOn as string } : { name: d.name, recognizedOn: d.recognizedOn as string, class: d.class });
  }
  return out;
}

/** Whether a raw item is plainly valid (request.ts ItemIn and its refinements). */
function validItem(v: unknown): v is Obj {
  if (!isObj(v) || !keysWithin(v, ITEM)) return false;
  const i = v;
  if (typeof i.category !== 'string' || !CATEGORIES.includes(i.category)) return false;
  if (!optEnum(i.class, CLASSES) || !optEnum(i.ward, WARDS)) return false;
  if (!optYuan(i.amount) || !optYuan(i.unitPrice) || !optYuan(i.priceCap) || !optYuan(i.dailyPrice)) return false;
  if (i.quantity !== undefined) {
    if (typeof i.quantity !== 'number') return false;
    const q = checkScaled(i.quantity, 10_000);
    if (typeof q === 'string' || q === 0) return false;
  }
  if (i.selfPayRatio !== undefined) {
    if (typeof i.selfPayRatio !== 'number') return false;
    const r = checkScaled(i.selfPayRatio, 10_000);
    if (typeof r === 'string' || r > 10_000) return false;
  }
  if (i.days !== undefined && !(typeof i.days === 'number' && Number.isSafeInteger(i.days) && i.days > 0 && i.days <= MAX_STAY_DAYS)) return false;
  if (!optBool(i.negotiatedCancerDrug) || !optBool(i.largeEquipment) || !optBool(i.highValueDrug) || !optBool(i.singlePaymentDrug)) return false;
  if (!optString(i.name) || !optString(i.code)) return false;
  // The item's own consistency rules (request.ts ItemIn.superRefine).
  if (i.category === 'bed') {
    if (i.dailyPrice === undefined || i.days === undefined) return false;
    if (i.amount !== undefined || i.unitPrice !== undefined || i.quantity !== undefined) return false;
  } else {
    if (i.ward !== undefined || i.dailyPrice !== undefined || i.days !== undefined) return false;
    if (i.class === undefined) return false;
    const byAmount = i.amount !== undefined;
    const byUnit = i.unitPrice !== undefined || i.quantity !== undefined;
    if (byAmount === byUnit) return false;
    if (byUnit && (i.unitPrice === undefined || i.quantity === undefined)) return false;
  }
  const negotiatedCancerDrug = i.negotiatedCancerDrug === true;
  const largeEquipment = i.largeEquipment === true;
  const highValueDrug = i.highValueDrug === true;
  const singlePaymentDrug = i.singlePaymentDrug === true;
  if ((negotiatedCancerDrug || highValueDrug || singlePaymentDrug) && i.category !== 'drug') return false;
  if (largeEquipment && i.category !== 'service') return false;
  return true;
}

type ClaimOut = SettleRequest['claims'][number];

/** Validates a raw claim; returns how to build it once the whole request is known valid. */
function claim(v: unknown, index: number): { id: string; items: number; first: string; build: () => ClaimOut } | undefined {
  if (!isObj(v) || !keysWithin(v, CLAIM)) return undefined;
  const c = v;
  if (typeof c.id !== 'string' || c.id.length === 0) return undefined;
  if (typeof c.type !== 'string' || !CLAIM_TYPES.includes(c.type)) return undefined;
  if (!optDate(c.admissionDate) || !optDate(c.dischargeDate) || !optDate(c.visitDate)) return undefined;
  if (!optEnum(c.place, PLACES) || !optEnum(c.registration, REGISTRATIONS) || !optBool(c.cancerTherapy) || !optString(c.disease)) return undefined;
  const h = c.hospital;
  if (!isObj(h) || !keysWithin(h, HOSPITAL)) return undefined;
  if (h.level !== 0 && h.level !== 1 && h.level !== 2 && h.level !== 3) return undefined;
  if (!optEnum(h.grade, ['A', 'B']) || !optBool(h.tcm) || !optEnum(h.kind, ['hospital', 'pharmacy']) || !optBool(h.designated)) return undefined;
  if (!optDate(c.claimedOn)) return undefined;
  if (!Array.isArray(c.items) || c.items.length > MAX_ITEMS_PER_CLAIM) return undefined;
  for (const raw of c.items) if (!validItem(raw)) return undefined;
  // The claim's date rules (request.ts ClaimIn.superRefine).
  const kind = h.kind === undefined ? 'hospital' : h.kind;
  if (c.type === 'inpatient') {
    if (c.admissionDate === undefined || c.dischargeDate === undefined || c.visitDate !== undefined || kind === 'pharmacy') return undefined;
    if ((c.admissionDate as string) > (c.dischargeDate as string)) return undefined;
    if (stayDays(c.admissionDate as string, c.dischargeDate as string) > MAX_STAY_DAYS) return undefined;
  } else if (c.visitDate === undefined || c.admissionDate !== undefined || c.dischargeDate !== undefined) return undefined;
  if ((c.type === 'chronic' || c.type === 'special') && !c.disease) return undefined;
  if (c.claimedOn !== undefined && (c.claimedOn as string) < ((c.type === 'inpatient' ? c.dischargeDate : c.visitDate) as string)) return undefined;
  const build = (): ClaimOut =>
    ({
    id: c.id,
    type: c.type,
    admissionDate: c.admissionDate,
    dischargeDate: c.dischargeDate,
    visitDate: c.visitDate,
    hospital: { level: h.level, grade: h.grade, tcm: h.tcm === true, kind, designated: h.designated !== false },
    place: c.place ?? 'local',
    registration: c.registration ?? 'none',
    cancerTherapy: c.cancerTherapy === true,
    disease: c.disease,
    claimedOn: c.claimedOn,
    index,
    date: (c.type === 'inpatient' ? c.dischargeDate : c.visitDate) as string,
    items: claimItems(c.items as unknown as Parameters<typeof claimItems>[0], index),
    }) as ClaimOut;
  return { id: c.id, items: c.items.length, first: (c.type === 'inpatient' ? c.admissionDate : c.visitDate) as string, build };
}

/** The normalised request when the input is plainly valid; undefined when zod must decide. */
export function fastParse(input: unknown): SettleRequest | undefined {
  if (!isObj(input) || !keysWithin(input, TOP)) return undefined;
  const r = input;
  if (typeof r.region !== 'string' || !REGION.test(r.region)) return undefined;
  if (!optEnum(r.scheme, ['employee', 'resident'])) return undefined;
  // context
  const context: { averageWage?: Obj; largeExpenseDeductible?: unknown } = {};
  if (r.context !== undefined) {
    if (!isObj(r.context) || !keysWithin(r.context, CONTEXT)) return undefined;
    const w = r.context.averageWage;
    if (w !== undefined) {
      if (!isObj(w)) return undefined;
      for (const k in w) if (!YEAR.test(k) || !inYears(k) || !yuan(w[k])) return undefined;
      const wages: Record<string, number> = {};
      for (const k in w) wages[k] = fen(w[k] as number);
      context.averageWage = wages;
    }
    if (!optYuan(r.context.largeExpenseDeductible)) return undefined;
    if (r.context.largeExpenseDeductible !== undefined) context.largeExpenseDeductible = fen(r.context.largeExpenseDeductible as number);
  }
  // person
  const p = r.person;
  if (!isObj(p) || !keysWithin(p, PERSON)) return undefined;
  if (!optEnum(p.status, ['employed', 'retired']) || !optDate(p.birthDate) || !optEnum(p.sex, ['male', 'female'])) return undefined;
  if (!optEnum(p.enrolment, ['combined', 'pool_only']) || !optYuan(p.accountBalance)) return undefined;
  let tags: string[] = [];
  if (p.tags !== undefined) {
    if (!Array.isArray(p.tags)) return undefined;
    for (const t of p.tags) if (typeof t !== 'string' || !TAGS.includes(t)) return undefined;
    tags = p.tags as string[];
  }
  const chronicDiseases = diseases(p.chronicDiseases);
  const specialDiseases = diseases(p.specialDiseases);
  if (!chronicDiseases || !specialDiseases) return undefined;
  const person = {
    status: p.status ?? 'employed',
    birthDate: p.birthDate,
    sex: p.sex,
    tags: [...tags],
    chronicDiseases,
    specialDiseases,
    enrolment: p.enrolment ?? 'combined',
    accountBalance: p.accountBalance === undefined ? undefined : fen(p.accountBalance as number),
  };
  // claims
  if (!Array.isArray(r.claims) || r.claims.length === 0 || r.claims.length > MAX_CLAIMS) return undefined;
  const builders: (() => ClaimOut)[] = [];
  const ids = new Set<string>();
  let items = 0;
  for (let i = 0; i < r.claims.length; i++) {
    const c = claim(r.claims[i], i);
    if (!c || ids.has(c.id)) return undefined;
    items += c.items;
    if (items > MAX_ITEMS || (person.birthDate !== undefined && c.first < (person.birthDate as string))) return undefined;
    ids.add(c.id);
    builders.push(c.build);
  }
  // Valid throughout: now work out the amounts (which may still refuse an item too large, as zod's path does).
  const claims = builders.map((b) => b());
  return {
    region: r.region,
    scheme: (r.scheme ?? 'employee') as 'employee' | 'resident',
    context: { averageWage: context.averageWage as Record<string, number> | undefined, largeExpenseDeductible: context.largeExpenseDeductible as number | undefined },
    person,
    yearToDate: [],
    claims,
  } as unknown as SettleRequest;
}
