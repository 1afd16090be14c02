/**
 * The hand-written fast path must never accept what the zod schema (the reference)
 * rejects, and must parse what it accepts exactly as zod does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastParse } from '../src/engine/request-fast.js';
import { normalise, SettleRequestIn } from '../src/engine/request.js';

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
      hospital: { level: 3, grade: 'A', tcm: false },
      place: 'cross_province',
      registration: 'referral',
      cancerTherapy: true,
      items: [
        { category: 'drug', class: 'B', amount: 4000, negotiatedCancerDrug: true, name: 'x' },
        { category: 'service', class: 'B', unitPrice: 500, quantity: 2.5, largeEquipment: true, selfPayRatio: 0.15 },
        { category: 'material', class: 'B', unitPrice: 2000, quantity: 1, priceCap: 1800 },
        { category: 'bed', ward: 'icu', dailyPrice: 40, days: 10 },
      ],
    },
    { id: 'V1', type: 'chronic', visitDate: '2024-09-01', disease: '高血压病', hospital: { level: 0, kind: 'pharmacy' }, items: [{ category: 'drug', class: 'A', amount: 0.01, highValueDrug: true, singlePaymentDrug: true }] },
  ],
});

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
  .constantFrom<unknown>(null, 'x', -1, -0, NaN, 1e-7, 12.345, 1.005, 0, 0.1, true, false, {}, [], 'A', 'C', 3, 4, 1e21, 9007199254740993, '2024-02-30', '2024-02-29', 'local', 'employee', 'referral', '', 2.00001, 99999999999, '1899-12-31', '2101-01-01', '2027-01-01', '2024-07-21', '2024-09-02', 730, 731, '1899')
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
        }
      }),
      { numRuns: 3000 },
    );
  });
});
