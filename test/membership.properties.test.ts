/**
 * Invariants of the membership commands over random inputs (fast-check):
 *  - contribution: total = employer + employee + unemploymentFund = toPooledFund + toPersonalAccount;
 *    the base within the region's floor and ceiling
 *  - retirement: qualifies exactly when no shortfall; the top-up splits exactly; more local months never
 *    raise the shortfall
 *  - eligibility: nothing before the first month contributed is covered; every covered date is on or
 *    after coveredFrom
 *  - maternity: medicalPaid + personPaid covers the cost; allowance = wage ÷ 30 × days
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contribution, eligibility, maternity, retirement } from '../src/index.js';
import { YibaoError } from '../src/engine/errors.js';

const fen = (y: number) => Math.round(y * 100);
const yuan = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((f) => f / 100);
const month = (years: number[]) => fc.record({ y: fc.constantFrom(...years), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`);
const YEARS: Record<string, number[]> = { cangzhou: [2024, 2025], langfang: [2024, 2025, 2026], ziyang: [2023, 2024, 2025], suihua: [2026, 2027] };
const wages = { '2021': 60000, '2022': 64000, '2023': 70000, '2024': 75000, '2025': 80000, '2026': 82000 };

function attempt<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    expect(e).toBeInstanceOf(YibaoError);
    expect(['unsupported', 'policy_not_in_force']).toContain((e as YibaoError).code);
    return undefined;
  }
}

describe('membership invariants', () => {
  it('contribution shares add up', () => {
    const region = fc.constantFrom('cangzhou', 'langfang', 'ziyang', 'suihua');
    fc.assert(
      fc.property(
        region.chain((r) => fc.tuple(fc.constant(r), month(YEARS[r]!))),
        fc.constantFrom('employee', 'flexible', 'unemployed'),
        yuan(50000),
        fc.constantFrom('public_funded', 'other'),
        fc.boolean(),
        fc.constantFrom('combined', 'pool_only'),
        ([r, m], type, wage, employer, hardship, enrolment) => {
          const out = attempt(() =>
            contribution({ region: r, month: m, person: { type, monthlyWage: wage, employer: { type: employer, hardship }, enrolment: r === 'ziyang' ? enrolment : 'combined' }, context: { averageWage: wages } }),
          );
          if (!out || !('base' in out)) return;
          const v = { base: fen(out.base), employer: fen(out.employer), employee: fen(out.employee), fund: fen(out.unemploymentFund), total: fen(out.total), pooled: fen(out.toPooledFund), account: fen(out.toPersonalAccount) };
          expect(v.employer + v.employee + v.fund).toBe(v.total);
          expect(v.pooled + v.account).toBe(v.total);
          for (const x of Object.values(v)) expect(x).toBeGreaterThanOrEqual(0);
          const avgMonthly = fen(out.averageWage.monthly);
          if (type === 'employee' && r === 'ziyang') {
            expect(v.base).toBeGreaterThanOrEqual(avgMonthly - 1);
            expect(v.base).toBeLessThanOrEqual(3 * avgMonthly + 1);
          }
          if (type === 'employee' && r === 'suihua') expect(v.base).toBeLessThanOrEqual(3 * avgMonthly + 1);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('retirement: shortfall, qualification and top-up agree; more local months never hurt', () => {
    const months = fc.record({
      deemed: fc.integer({ min: 0, max: 200 }),
      local: fc.integer({ min: 0, max: 400 }),
      elsewhere: fc.integer({ min: 0, max: 200 }),
      military: fc.integer({ min: 0, max: 120 }),
      residentLocal: fc.integer({ min: 0, max: 240 }),
      pooling: fc.integer({ min: 0, max: 120 }),
    });
    fc.assert(
      fc.property(fc.constantFrom('cangzhou', 'langfang', 'ziyang', 'suihua'), fc.constantFrom('male', 'female'), months, fc.integer({ min: 1, max: 60 }), (region, sex, m, extra) => {
        const date = { cangzhou: '2025-03-01', langfang: '2025-09-01', ziyang: '2024-06-01', suihua: '2026-06-01' }[region]!;
        const req = (mm: typeof m) => ({ region, sex, retirementDate: date, person: { type: 'employee', base: 6000 }, months: { ...mm, pooling: region === 'ziyang' ? mm.pooling : 0 }, context: { averageWage: wages } });
        const a = retirement(req(m));
        const b = retirement(req({ ...m, local: m.local + extra }));
        expect(a.qualifies).toBe(a.shortfallMonths === 0);
        expect(a.shortfallMonths).toBe(Math.max(0, a.required.total - a.counted.total, a.required.local - a.counted.local));
        if (a.topUp) expect(fen(a.topUp.toPooledFund) + fen(a.topUp.toPersonalAccount)).toBe(fen(a.topUp.amount));
        else expect(a.qualifies).toBe(true);
        expect(b.shortfallMonths).toBeLessThanOrEqual(a.shortfallMonths);
      }),
      { numRuns: 400 },
    );
  });

  it('eligibility: nothing before the first month, nothing covered before coveredFrom', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('cangzhou', 'langfang', 'ziyang', 'suihua'),
        fc.constantFrom('new_employer', 'joined_employer', 'flexible_first', 'veteran', 'after_prison'),
        fc.constantFrom('employee', 'flexible'),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 14 })), { minLength: 1, maxLength: 18 }),
        fc.array(fc.integer({ min: 0, max: 29 }), { minLength: 1, maxLength: 6 }),
        (region, kind, type, raw, queries) => {
          const startYear = { cangzhou: 2024, langfang: 2025, ziyang: 2024, suihua: 2026 }[region]!;
          const at = (i: number) => `${startYear + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
          const seen = new Set<number>();
          const history = raw
            .filter(([i]) => (seen.has(i) ? false : (seen.add(i), true)))
            .map(([i, late]) => ({ month: at(i), paidOn: `${at(i + late)}-15` }));
          const dates = queries.map((q) => `${at(q)}-10`);
          const out = attempt(() => eligibility({ region, person: { type }, enrolment: { kind }, history, dates }));
          if (!out) return;
          const firstMonth = history.map((h) => h.month).sort()[0]!;
          for (const r of out.results) {
            if (r.date.slice(0, 7) < firstMonth) expect(r.covered).toBe(false);
            if (r.covered) expect(out.coveredFrom).not.toBeNull();
            if (r.covered) expect(r.date >= out.coveredFrom!).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('maternity: what is paid and what is left cover the cost; the allowance is wage ÷ 30 × days', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('ziyang', 'suihua'),
        fc.constantFrom('delivery', 'miscarriage', 'prenatal'),
        fc.constantFrom('natural', 'difficult', 'caesarean'),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 0, max: 3 }),
        yuan(20000),
        yuan(20000),
        fc.integer({ min: 0, max: 24 }),
        (region, kind, delivery, gestation, level, cost, wage, continuous) => {
          const out = attempt(() =>
            maternity({
              region,
              date: region === 'ziyang' ? '2024-05-01' : '2026-05-01',
              person: { sex: 'female', type: 'employee', continuousMonths: continuous, employer: { averageMonthlyWage: wage } },
              event: { kind, delivery, gestationMonths: gestation, hospitalLevel: level, cost },
            }),
          );
          if (!out) return;
          expect(fen(out.medicalPaid) + fen(out.personPaid)).toBeGreaterThanOrEqual(fen(cost));
          expect(fen(out.personPaid)).toBe(Math.max(0, fen(cost) - fen(out.medicalPaid)));
          expect(fen(out.allowance)).toBe(Math.floor((fen(wage) * out.allowanceDays * 2 + 30) / 60));
          if (continuous < 12) expect(out.allowanceDays).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
