/**
 * Invariants over random claims of every type in every region (fast-check):
 *  - medfee = fulamt + overlmt + preselfpay + inscp = fund_pay_sumamt + psn_part; psn_part = acct + cash
 *  - fund_pay_sumamt = hifp + hifob + hifmi + oth (the funds this engine pays)
 *  - the deductible applied never exceeds the eligible amount
 *  - the pooled fund never pays beyond its annual cap, 大额 and 大病 never beyond theirs,
 *    across any sequence of claims; the account never goes negative
 *  - every amount is a non-negative whole number of fen
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { settle } from '../src/index.js';
import { YibaoError } from '../src/engine/errors.js';
import type { ClaimResult } from '../src/engine/settle.js';

const fen = (yuan: number) => Math.round(yuan * 100);

type Region = 'cangzhou' | 'langfang' | 'ziyang' | 'suihua';
const REGIONS: Record<Region, { years: number[]; cap: number; largeExpenseCap?: number }> = {
  cangzhou: { years: [2024, 2025, 2026], cap: 15_000_000 },
  langfang: { years: [2024, 2025, 2026], cap: 35_000_000 },
  ziyang: { years: [2023, 2024, 2025], cap: 6 * 8_000_000 },
  suihua: { years: [2026, 2027], cap: 12_000_000, largeExpenseCap: 30_000_000 },
};
const RESIDENT = { cap: 10_000_000, criticalIllnessCap: 30_000_000 };

const money = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((f) => f / 100);
const item = fc.oneof(
  fc
    .record({
      category: fc.constantFrom('drug', 'service', 'material'),
      class: fc.constantFrom('A', 'B', 'C'),
      amount: money(50_000),
      negotiatedCancerDrug: fc.boolean(),
      singlePaymentDrug: fc.boolean(),
      highValueDrug: fc.boolean(),
    })
    .map((i) => (i.category === 'drug' ? i : { category: i.category, class: i.class, amount: i.amount })),
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
    dailyPrice: money(500),
    days: fc.integer({ min: 1, max: 60 }),
  }),
);

const DISEASES = ['高血压病', '糖尿病', '冠心病', '恶性肿瘤门诊治疗', '白血病', '高血压', '血友病', '肺动脉高压'];

const claim = (years: readonly number[]) =>
  fc
    .record({
      type: fc.constantFrom('inpatient', 'inpatient', 'outpatient', 'chronic', 'special'),
      year: fc.constantFrom(...years),
      month: fc.integer({ min: 7, max: 12 }),
      dayOfMonth: fc.integer({ min: 1, max: 28 }),
      level: fc.constantFrom(0, 1, 2, 3),
      grade: fc.constantFrom('A', 'B'),
      tcm: fc.boolean(),
      pharmacy: fc.boolean(),
      place: fc.constantFrom('local', 'in_province', 'jingjin', 'cross_province'),
      registration: fc.constantFrom('none', 'referral', 'temporary', 'long_term', 'emergency'),
      cancerTherapy: fc.boolean(),
      disease: fc.constantFrom(...DISEASES),
      items: fc.array(item, { minLength: 0, maxLength: 8 }),
    })
    .map((c) => {
      const date = `${c.year}-${String(c.month).padStart(2, '0')}-${String(c.dayOfMonth).padStart(2, '0')}`;
      const common = {
        type: c.type,
        hospital: { level: c.level, grade: c.grade, tcm: c.tcm, ...(c.type !== 'inpatient' && c.pharmacy ? { kind: 'pharmacy' } : {}) },
        place: c.place,
        registration: c.registration,
        items: c.items,
      };
      if (c.type === 'inpatient') return { ...common, admissionDate: date, dischargeDate: date, cancerTherapy: c.cancerTherapy };
      return { ...common, visitDate: date, ...(c.type === 'outpatient' ? {} : { disease: c.disease }) };
    });

const recognised = fc.array(
  fc.record({ name: fc.constantFrom(...DISEASES), recognizedOn: fc.constantFrom('2020-01-01', '2025-09-01'), class: fc.constantFrom(1, 2, 3) }),
  { maxLength: 3 },
);

const scenario = fc.constantFrom(...(Object.keys(REGIONS) as Region[])).chain((region) =>
  fc.record({
    region: fc.constant(region),
    scheme: region === 'suihua' ? fc.constantFrom('employee', 'resident') : fc.constant('employee'),
    status: fc.constantFrom('employed', 'retired'),
    birthYear: fc.integer({ min: 1930, max: 2000 }),
    tags: fc.subarray(['model_worker', 'special_disease_class1', 'aids', 'pre1949_worker', 'poverty', 'supplementary_insured']),
    enrolment: region === 'ziyang' ? fc.constantFrom('combined', 'pool_only') : fc.constant('combined'),
    chronic: recognised,
    special: recognised,
    accountBalance: fc.option(money(20_000), { nil: undefined }),
    claims: fc.array(claim(REGIONS[region].years), { minLength: 1, maxLength: 6 }),
  }),
);

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function requestOf(s: Scenario) {
  return {
    region: s.region,
    scheme: s.scheme,
    context: { averageWage: { '2022': 80000, '2023': 80000, '2024': 80000 } },
    person: {
      status: s.status,
      birthDate: `${s.birthYear}-06-15`,
      tags: s.tags,
      enrolment: s.enrolment,
      chronicDiseases: s.chronic.map((d) => ({ name: d.name, recognizedOn: d.recognizedOn })),
      specialDiseases: s.special,
      ...(s.accountBalance !== undefined && s.scheme === 'employee' && s.enrolment === 'combined' ? { accountBalance: s.accountBalance } : {}),
    },
    claims: s.claims.map((c, i) => ({ ...c, id: `C${i}` })),
  };
}

/** Settles, or returns undefined for the refusals the texts call for. */
function trySettle(req: unknown, explain = false): ClaimResult[] | undefined {
  try {
    return settle(req, { explain }).results;
  } catch (e) {
    expect(e).toBeInstanceOf(YibaoError);
    expect(['registration_required', 'unsupported', 'invalid_input', 'policy_not_in_force']).toContain((e as YibaoError).code);
    if ((e as YibaoError).code === 'invalid_input') expect((e as YibaoError).path).toMatch(/disease|class|birthDate/);
    return undefined;
  }
}

describe('settlement invariants', () => {
  it('identities hold and no fund pays beyond its yearly cap', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const results = trySettle(requestOf(s));
        if (!results) return;
        const byYear = new Map<number, { hifp: number; hifob: number; hifmi: number }>();
        let lastBalance = s.accountBalance === undefined ? 0 : fen(s.accountBalance);
        for (const r of results) {
          const v = {
            medfee: fen(r.medfee_sumamt),
            ful: fen(r.fulamt_ownpay_amt),
            over: fen(r.overlmt_selfpay),
            pre: fen(r.preselfpay_amt),
            inscp: fen(r.inscp_scp_amt),
            ded: fen(r.act_pay_dedc),
            hifp: fen(r.hifp_pay),
            hifob: fen(r.hifob_pay),
            hifmi: fen(r.hifmi_pay),
            oth: fen(r.oth_pay),
            fund: fen(r.fund_pay_sumamt),
            psn: fen(r.psn_part_amt),
            acct: fen(r.acct_pay),
            cash: fen(r.psn_cash_pay),
            balc: fen(r.balc),
          };
          for (const [k, x] of Object.entries(v)) expect(x, k).toBeGreaterThanOrEqual(0);
          expect(v.ful + v.over + v.pre + v.inscp).toBe(v.medfee);
          expect(v.fund + v.psn).toBe(v.medfee);
          expect(v.acct + v.cash).toBe(v.psn);
          expect(v.hifp + v.hifob + v.hifmi + v.oth).toBe(v.fund);
          expect(v.ded).toBeLessThanOrEqual(v.inscp);
          expect(v.hifp).toBeLessThanOrEqual(v.inscp);
          expect(r.pool_prop_selfpay).toBeGreaterThanOrEqual(0);
          expect(r.pool_prop_selfpay).toBeLessThanOrEqual(1);
          if (s.accountBalance !== undefined && s.scheme === 'employee' && s.enrolment === 'combined') {
            expect(v.balc).toBe(lastBalance - v.acct);
            lastBalance = v.balc;
          }
          const y = byYear.get(r.year) ?? { hifp: 0, hifob: 0, hifmi: 0 };
          y.hifp += v.hifp;
          y.hifob += v.hifob;
          y.hifmi += v.hifmi;
          byYear.set(r.year, y);
        }
        const caps = s.scheme === 'resident' ? { cap: RESIDENT.cap } : REGIONS[s.region];
        for (const y of byYear.values()) {
          expect(y.hifp).toBeLessThanOrEqual(caps.cap);
          if (s.region === 'suihua' && s.scheme === 'employee') expect(y.hifob).toBeLessThanOrEqual(REGIONS.suihua.largeExpenseCap!);
          if (s.scheme === 'resident' && !s.tags.includes('poverty')) expect(y.hifmi).toBeLessThanOrEqual(RESIDENT.criticalIllnessCap);
          if (s.region !== 'suihua' && s.region !== 'ziyang') expect(y.hifob).toBe(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the explanation does not change a single amount', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const a = trySettle(requestOf(s), false);
        const b = trySettle(requestOf(s), true);
        if (!a || !b) return;
        expect(a.map(({ steps: _s, ...rest }) => rest)).toEqual(b.map(({ steps: _s, ...rest }) => rest));
        for (const r of b) for (const step of r.steps) expect(step.source, step.rule).toMatch(/第.+条/);
      }),
      { numRuns: 150 },
    );
  });

  it('amounts print with at most 2 decimals', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const results = trySettle(requestOf(s));
        for (const r of results ?? []) {
          for (const k of ['medfee_sumamt', 'preselfpay_amt', 'inscp_scp_amt', 'hifp_pay', 'hifob_pay', 'hifmi_pay', 'oth_pay', 'psn_part_amt', 'balc'] as const) {
            expect(JSON.stringify(r[k])).toMatch(/^\d+(\.\d{1,2})?$/);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('more eligible inpatient spending never lowers the pooled-fund payment', () => {
    fc.assert(
      fc.property(scenario, money(100_000), (s, extra) => {
        const base = requestOf({ ...s, claims: s.claims.slice(0, 1) });
        const first = base.claims[0]!;
        const more = { ...base, claims: [{ ...first, items: [...(first.items as unknown[]), { category: 'drug', class: 'A', amount: extra }] }] };
        const a = trySettle(base);
        const b = trySettle(more);
        if (!a || !b) return;
        expect(fen(b[0]!.hifp_pay)).toBeGreaterThanOrEqual(fen(a[0]!.hifp_pay));
      }),
      { numRuns: 300 },
    );
  });
});
