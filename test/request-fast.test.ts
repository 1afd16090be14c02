/**
 * The hand-written fast path must never accept what the zod schema (the reference)
 * rejects, and must parse what it accepts exactly as zod does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastParse } from '../src/engine/settlement/request-fast.js';
import { normalise, SettleRequestIn } from '../src/engine/settlement/request.js';
import { MemberDate } from '../src/policy/schema.js';

const base = () => ({
  region: 'cangzhou',
  scheme: 'employee',
  context: { averageWage: { '2023': 80000.5 }, largeExpenseDeductible: 30000 },
  person: {
    status: 'retired',
    birthDate: '1950-02-28',
    sex: 'female',
    tags: ['aids', 'poverty'],
    chronicDiseases: [{ name: '高血压病', recognizedOn: '2024-01-01' }],
    specialDiseases: [{ name: '甲亢', recognizedOn: '2023-01-01', class: 2 }],
    enrolment: 'combined',
    accountBalance: 1234.56,
  },
  claims: [
    {
      id: 'C1',
      type: 'inpatient',
      admissionDate: '2024-07-20',
      dischargeDate: '2024-08-01',
      hospital: { level: 3, grade: 'A', tcm: false, designated: true },
      place: 'cross_province',
      registration: 'referral',
      cancerTherapy: true,
      claimedOn: '2024-08-02',
      items: [
        { category: 'drug', class: 'B', amount: 4000, negotiatedCancerDrug: true, name: 'x' },
        { category: 'service', class: 'B', unitPrice: 500, quantity: 2.5, largeEquipment: true, selfPayRatio: 0.15 },
        { category: 'material', class: 'B', unitPrice: 2000, quantity: 1, priceCap: 1800 },
        { category: 'bed', ward: 'icu', dailyPrice: 40, days: 10 },
      ],
    },
    { id: 'V1', type: 'chronic', visitDate: '2024-09-01', disease: '高血压病', hospital: { level: 0, kind: 'pharmacy', designated: false }, items: [{ category: 'drug', class: 'A', amount: 0.01, highValueDrug: true, singlePaymentDrug: true }] },
  ],
  yearToDate: [
    {
      year: 2024,
      admissions: { all: 1, in_province: 0 },
      fundPaid: 5000.5,
      outpatient: { deductibleBorne: 100, fundPaid: 200 },
      chronic: { deductibleBorne: 0, fundPaid: 300, fundPaidByDisease: { 高血压病: 300 } },
      specialDisease: { fundPaid: 0 },
      largeExpense: { burden: 12.34, paid: 0 },
      lastStay: { admissionDate: '2024-03-01', dischargeDate: '2024-03-10', level: 2, deductibleStandard: 600, deductibleBorne: 600, eligibleAmount: 8000, counted: true },
    },
    { year: 2023, fundPaid: 1, lastStay: null },
  ],
});

/** Whether the fast path accepted a request; where it did, zod accepts it and parses it to the same value. */
function agree(r: unknown): boolean {
  const outcome = (f: () => unknown) => {
    try {
      return { value: f() };
    } catch (e) {
      return { error: (e as Error).message };
    }
  };
  const fast = outcome(() => fastParse(r));
  const ref = SettleRequestIn.safeParse(r);
  if ('error' in fast || fast.value !== undefined) {
    expect(ref.success).toBe(true);
    expect(fast).toEqual(outcome(() => normalise(ref.data!)));
    return true;
  }
  return false;
}

type Node = Record<string, unknown> | unknown[];
function nodes(v: unknown, out: Node[] = []): Node[] {
  if (v !== null && typeof v === 'object') {
    out.push(v as Node);
    for (const child of Object.values(v as object)) nodes(child, out);
  }
  return out;
}

// Fresh objects each time (a JSON request is a tree: no value is shared or cyclic).
const junk = fc
  .constantFrom<unknown>(null, 'x', -1, -0, NaN, 1e-7, 12.345, 1.005, 0, 0.1, true, false, {}, [], 'A', 'C', 3, 4, 1e21, 9007199254740993, '2024-02-30', '2024-02-29', 'local', 'employee', 'referral', '', 2.00001, 99999999999, 'a_1', '_a', 'a-b', 'zy2', '1899-12-31', '2101-01-01', '2027-01-01', '2024-07-21', '2024-09-02', 730, 731, '1899')
  .map((v) => (typeof v === 'object' && v !== null ? structuredClone(v) : v));

describe('fast request validation agrees with the zod schema', () => {
  it('accepts the plain valid request, parsed as zod parses it', () => {
    const r = base();
    const fast = fastParse(r);
    const ref = SettleRequestIn.safeParse(r);
    expect(fast).toBeDefined();
    expect(ref.success).toBe(true);
    expect(fast).toEqual(normalise(ref.data!));
  });

  it('never accepts a mutation zod rejects, and agrees on every one it accepts', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('delete', 'set', 'add')), { minLength: 1, maxLength: 3 }), fc.array(junk, { minLength: 3, maxLength: 3 }), (edits, values) => {
        const r = base();
        edits.forEach(([at, key, op], i) => {
          const all = nodes(r);
          const node = all[at % all.length]!;
          const keys = Object.keys(node);
          if (op === 'add' && !Array.isArray(node)) (node as Record<string, unknown>)[`extra${key % 3}`] = values[i];
          else if (keys.length) {
            const k = keys[key % keys.length]!;
            if (op === 'delete') {
              if (Array.isArray(node)) node.splice(Number(k), 1);
              else delete (node as Record<string, unknown>)[k];
            } else (node as Record<string, unknown>)[k] = values[i];
          }
        });
        agree(r);
      }),
      { numRuns: 3000 },
    );
  });

  // Items drawn field by field (valid and invalid values, in any combination), and claims, hospitals
  // and dates likewise: the fast path reads each key once, so every combination must agree with zod.
  const num = fc.oneof(
    fc.constantFrom(0, -0, 0.01, 0.1, 0.2, 1, 2.5, 3, 12.345, 1.005, 0.00005, 0.0001, 1e-7, -1, NaN, Infinity, 1e9, 1e9 + 0.01, 999999999.99, 1e11, 2 ** 53, 1e21),
    fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 100),
    fc.integer({ min: 0, max: 100_000 }).map((n) => n / 10_000),
    fc.double({ noNaN: false }),
  );
  const any = fc.oneof(num, fc.constantFrom<unknown>(undefined, null, true, false, '', 'x', 'A', 'C', 'drug', 'bed', 'icu', [], {}));
  const ITEM_KEYS = ['category', 'class', 'amount', 'unitPrice', 'quantity', 'priceCap', 'negotiatedCancerDrug', 'largeEquipment', 'highValueDrug', 'singlePaymentDrug', 'selfPayRatio', 'ward', 'dailyPrice', 'days', 'name', 'code', 'extra'];
  const CLAIM_KEYS = ['id', 'type', 'admissionDate', 'dischargeDate', 'visitDate', 'hospital', 'place', 'registration', 'cancerTherapy', 'disease', 'items', 'extra'];
  const valueArb = fc.oneof(
    any,
    fc.constantFrom<unknown>('drug', 'service', 'material', 'bed', 'A', 'B', 'general', 'icu', 'laminar', 'isolation', 'inpatient', 'outpatient', 'chronic', 'special', 'pharmacy', 'hospital', 'in_province', 'cross_province', 'temporary', '2024-08-01', '2024-09-30', 1, 2, 3, 4, 7, 400),
  );
  // A valid object with 0–3 of its keys deleted, set to undefined, or set to another value (or an unknown key added).
  const perturbed = (valid: fc.Arbitrary<Record<string, unknown>>, keys: string[], values: fc.Arbitrary<unknown>) =>
    fc.tuple(valid, fc.array(fc.tuple(fc.constantFrom(...keys), fc.constantFrom('delete', 'undefined', 'set'), values), { maxLength: 3 })).map(([o, edits]) => {
      const out: Record<string, unknown> = { ...o };
      for (const [k, op, v] of edits) {
        if (op === 'delete') delete out[k];
        else out[k] = op === 'undefined' ? undefined : v;
      }
      return out;
    });
  const flags = fc.record({ negotiatedCancerDrug: fc.boolean(), largeEquipment: fc.boolean(), highValueDrug: fc.boolean(), singlePaymentDrug: fc.boolean(), name: fc.string(), code: fc.string(), priceCap: num, selfPayRatio: num }, { requiredKeys: [] });
  const validItem = fc.oneof(
    fc.record({ category: fc.constant('bed'), ward: fc.constantFrom('general', 'icu', 'laminar', 'isolation'), dailyPrice: num, days: fc.integer({ min: 1, max: 400 }) }, { requiredKeys: ['category', 'dailyPrice', 'days'] }),
    fc.tuple(fc.record({ category: fc.constantFrom('drug', 'service', 'material'), class: fc.constantFrom('A', 'B', 'C'), amount: num }), flags).map(([a, b]) => ({ ...a, ...b })),
    fc.tuple(fc.record({ category: fc.constantFrom('drug', 'service', 'material'), class: fc.constantFrom('A', 'B', 'C'), unitPrice: num, quantity: num }), flags).map(([a, b]) => ({ ...a, ...b })),
  ) as fc.Arbitrary<Record<string, unknown>>;
  const itemArb = perturbed(validItem, ITEM_KEYS, fc.oneof(valueArb, num));
  const dateArb = fc.oneof(
    fc.date({ min: new Date('1899-01-01'), max: new Date('2101-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
    fc.constantFrom('2024-02-29', '2023-02-29', '1900-02-29', '2000-02-29', '2024-1-01', '2024-01-01 ', '２０２４-01-01', '2024/01/01', '+024-01-01', '2024-01-0a', ''),
    fc.string({ minLength: 10, maxLength: 10 }),
  );
  const claimDate = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('2024-01-01', '2024-02-29', '2024-08-01', '2024-08-10', '2024-12-31') }, { weight: 1, arbitrary: dateArb });
  const hospitalArb = perturbed(
    fc.record({ level: fc.constantFrom(0, 1, 2, 3), grade: fc.constantFrom('A', 'B'), tcm: fc.boolean(), kind: fc.constantFrom('hospital', 'pharmacy') }, { requiredKeys: ['level'] }),
    ['level', 'grade', 'tcm', 'kind', 'extra'],
    valueArb,
  );
  const common = { hospital: hospitalArb, place: fc.constantFrom('local', 'in_province', 'jingjin', 'cross_province'), registration: fc.constantFrom('none', 'referral', 'temporary', 'long_term', 'emergency'), cancerTherapy: fc.boolean(), items: fc.array(itemArb, { maxLength: 3 }) };
  const validClaim = fc.oneof(
    fc.record({ id: fc.constantFrom('C1', 'C2'), type: fc.constant('inpatient'), admissionDate: claimDate, dischargeDate: claimDate, disease: fc.constantFrom('', '高血压病'), ...common }, { requiredKeys: ['id', 'type', 'admissionDate', 'dischargeDate', 'hospital', 'items'] }),
    fc.record({ id: fc.constantFrom('C1', 'C2'), type: fc.constantFrom('outpatient', 'chronic', 'special'), visitDate: claimDate, disease: fc.constantFrom('', '高血压病'), ...common }, { requiredKeys: ['id', 'type', 'visitDate', 'hospital', 'items'] }),
  ) as fc.Arbitrary<Record<string, unknown>>;
  const claimArb = perturbed(validClaim, CLAIM_KEYS, fc.oneof(valueArb, dateArb));


  it('agrees with zod on items drawn field by field', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(itemArb, { minLength: 1, maxLength: 3 }), (items) => {
        const r = base();
        r.claims[0]!.items = items as (typeof r.claims)[0]['items'];
        if (agree(r)) accepted++;
      }),
      { numRuns: 5000 },
    );
    expect(accepted).toBeGreaterThan(50);
  });

  it('agrees with zod on claims drawn field by field', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(claimArb, { minLength: 1, maxLength: 2 }), (claims) => {
        const r = base();
        (r as { claims: unknown[] }).claims = claims;
        if (agree(r)) accepted++;
      }),
      { numRuns: 5000 },
    );
    expect(accepted).toBeGreaterThan(25);
  });

  it('reads dates as the schema does', () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        // one claim and no year before it: the date alone decides
        const r = { ...base(), yearToDate: [] as unknown[] };
        r.claims = r.claims.slice(0, 1);
        delete (r.claims[0] as { claimedOn?: string }).claimedOn;
        r.claims[0]!.dischargeDate = d;
        r.claims[0]!.admissionDate = d;
        agree(r);
        // a birth on the day of the stay is plausible: accepted by the fast path whenever the date is a bounded date
        expect(agree({ ...r, person: { ...r.person, birthDate: d } }) || !MemberDate.safeParse(d).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
