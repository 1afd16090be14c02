/**
 * Invariants over random claims in every region (fast-check):
 *  - medfee = fulamt + overlmt + preselfpay + inscp = fund_pay_sumamt + psn_part; psn_part = acct + cash
 *  - the deductible applied never exceeds the eligible amount
 *  - the fund never pays more than (eligible − deductible) × 100%, nor more than the year's cap
 *  - every amount is a non-negative whole number of fen
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { settle } from '../src/index.js';
import { YibaoError } from '../src/engine/errors.js';

const fen = (yuan: number) => Math.round(yuan * 100);

const REGIONS = {
  cangzhou: { years: [2024, 2025, 2026], from: '2024-06-27', cap: 15_000_000 },
  langfang: { years: [2024, 2025, 2026], from: '2024-01-01', cap: 35_000_000 },
  ziyang: { years: [2023, 2024, 2025], from: '2023-01-01', cap: 6 * 8_000_000 },
  suihua: { years: [2026, 2027], from: '2026-01-01', cap: 12_000_000 },
} as const;

const money = fc.integer({ min: 0, max: 5_000_000 }).map((f) => f / 100);
const item = fc.oneof(
  fc.record({
    category: fc.constantFrom('drug', 'service', 'material'),
    class: fc.constantFrom('A', 'B', 'C'),
    amount: money,
    negotiatedCancerDrug: fc.boolean(),
  }).map((i) => (i.category === 'drug' ? i : { category: i.category, class: i.class, amount: i.amount })),
  fc.record({
    category: fc.constant('material'),
    class: fc.constantFrom('A', 'B'),
    unitPrice: fc.integer({ min: 1, max: 9_000_000 }).map((f) => f / 100),
    quantity: fc.integer({ min: 1, max: 40_000 }).map((q) => q / 10_000),
    priceCap: fc.option(fc.integer({ min: 1, max: 9_000_000 }).map((f) => f / 100), { nil: undefined }),
  }),
  fc.record({
    category: fc.constant('service'),
    class: fc.constantFrom('A', 'B'),
    unitPrice: fc.integer({ min: 1, max: 800_000 }).map((f) => f / 100),
    quantity: fc.integer({ min: 1, max: 5 }),
    largeEquipment: fc.boolean(),
    selfPayRatio: fc.option(fc.integer({ min: 0, max: 10_000 }).map((r) => r / 10_000), { nil: undefined }),
  }),
  fc.record({
    category: fc.constant('bed'),
    ward: fc.constantFrom('general', 'icu', 'laminar', 'isolation'),
    dailyPrice: fc.integer({ min: 0, max: 50_000 }).map((f) => f / 100),
    days: fc.integer({ min: 1, max: 60 }),
  }),
);

const claim = (years: readonly number[]) =>
  fc
    .record({
      year: fc.constantFrom(...years),
      month: fc.integer({ min: 7, max: 12 }),
      dayOfMonth: fc.integer({ min: 1, max: 28 }),
      level: fc.constantFrom(0, 1, 2, 3),
      grade: fc.constantFrom('A', 'B'),
      tcm: fc.boolean(),
      place: fc.constantFrom('local', 'in_province', 'jingjin', 'cross_province'),
      registration: fc.constantFrom('none', 'referral', 'temporary', 'long_term', 'emergency'),
      cancerTherapy: fc.boolean(),
      items: fc.array(item, { minLength: 0, maxLength: 8 }),
    })
    .map((c) => {
      const date = `${c.year}-${String(c.month).padStart(2, '0')}-${String(c.dayOfMonth).padStart(2, '0')}`;
      return {
        type: 'inpatient',
        admissionDate: date,
        dischargeDate: date,
        hospital: { level: c.level, grade: c.grade, tcm: c.tcm },
        place: c.place,
        registration: c.registration,
        cancerTherapy: c.cancerTherapy,
        items: c.items,
      };
    });

const scenario = fc.constantFrom(...(Object.keys(REGIONS) as (keyof typeof REGIONS)[])).chain((region) =>
  fc.record({
    region: fc.constant(region),
    status: fc.constantFrom('employed', 'retired'),
    birthYear: fc.integer({ min: 1930, max: 2000 }),
    tags: fc.subarray(['model_worker', 'special_disease_class1', 'aids', 'pre1949_worker']),
    claims: fc.array(claim(REGIONS[region].years), { minLength: 1, maxLength: 6 }),
  }),
);

describe('settlement invariants', () => {
  it('identities hold and no fund pays more than allowed', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const req = {
          region: s.region,
          scheme: 'employee',
          context: { averageWage: { '2022': 80000, '2023': 80000, '2024': 80000 } },
          person: { status: s.status, birthDate: `${s.birthYear}-06-15`, tags: s.tags },
          claims: s.claims.map((c, i) => ({ ...c, id: `C${i}` })),
        };
        let results;
        try {
          results = settle(req, { explain: false }).results;
        } catch (e) {
          // only the refusals the texts call for
          expect(e).toBeInstanceOf(YibaoError);
          const code = (e as YibaoError).code;
          expect(['registration_required', 'unsupported']).toContain(code);
          return;
        }
        const paidByYear = new Map<number, number>();
        for (const r of results) {
          const v = {
            medfee: fen(r.medfee_sumamt),
            ful: fen(r.fulamt_ownpay_amt),
            over: fen(r.overlmt_selfpay),
            pre: fen(r.preselfpay_amt),
            inscp: fen(r.inscp_scp_amt),
            ded: fen(r.act_pay_dedc),
            hifp: fen(r.hifp_pay),
            fund: fen(r.fund_pay_sumamt),
            psn: fen(r.psn_part_amt),
            acct: fen(r.acct_pay),
            cash: fen(r.psn_cash_pay),
          };
          for (const [k, x] of Object.entries(v)) expect(x, k).toBeGreaterThanOrEqual(0);
          expect(v.ful + v.over + v.pre + v.inscp).toBe(v.medfee);
          expect(v.fund + v.psn).toBe(v.medfee);
          expect(v.acct + v.cash).toBe(v.psn);
          expect(v.fund).toBe(v.hifp);
          expect(v.ded).toBeLessThanOrEqual(v.inscp);
          expect(v.hifp).toBeLessThanOrEqual(v.inscp - v.ded);
          expect(r.pool_prop_selfpay).toBeGreaterThanOrEqual(0);
          expect(r.pool_prop_selfpay).toBeLessThanOrEqual(1);
          paidByYear.set(r.year, (paidByYear.get(r.year) ?? 0) + v.hifp);
        }
        for (const paid of paidByYear.values()) expect(paid).toBeLessThanOrEqual(REGIONS[s.region].cap);
      }),
      { numRuns: 400 },
    );
  });

  it('amounts print with at most 2 decimals', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        try {
          const { results } = settle({
            region: s.region,
            context: { averageWage: { '2022': 80000, '2023': 80000, '2024': 80000 } },
            person: { status: s.status, birthDate: `${s.birthYear}-06-15`, tags: [] },
            claims: s.claims.map((c, i) => ({ ...c, id: `C${i}` })),
          });
          for (const r of results) {
            for (const k of ['medfee_sumamt', 'preselfpay_amt', 'inscp_scp_amt', 'hifp_pay', 'psn_part_amt'] as const) {
              expect(JSON.stringify(r[k])).toMatch(/^\d+(\.\d{1,2})?$/);
            }
          }
        } catch (e) {
          expect(e).toBeInstanceOf(YibaoError);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('more eligible spending never lowers the pooled-fund payment', () => {
    fc.assert(
      fc.property(scenario, money, (s, extra) => {
        const base = {
          region: s.region,
          context: { averageWage: { '2022': 80000, '2023': 80000, '2024': 80000 } },
          person: { status: s.status, birthDate: `${s.birthYear}-06-15`, tags: [] },
          claims: [{ ...s.claims[0]!, id: 'C1' }],
        };
        const more = { ...base, claims: [{ ...base.claims[0]!, items: [...(base.claims[0]!.items as unknown[]), { category: 'drug', class: 'A', amount: extra }] }] };
        let a, b;
        try {
          a = settle(base, { explain: false }).results[0]!;
          b = settle(more, { explain: false }).results[0]!;
        } catch (e) {
          expect(e).toBeInstanceOf(YibaoError);
          return;
        }
        expect(fen(b.hifp_pay)).toBeGreaterThanOrEqual(fen(a.hifp_pay));
      }),
      { numRuns: 300 },
    );
  });
});
