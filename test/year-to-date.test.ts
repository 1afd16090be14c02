/**
 * The year's totals as data: a request's `yearToDate` and each result's `accumulators`.
 *
 * The identity: settling claims one request at a time, each request carrying the latest
 * accumulators of every benefit year seen so far (and the account balance left), gives the
 * results of one request with all the claims — across year ends, transfers and every claim type.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { settle } from '../src/index.js';
import { YibaoError } from '../src/engine/errors.js';
import type { ClaimResult } from '../src/engine/settlement/settle.js';
import { errorOf, inpatient, request, run, visit, type Json } from './helpers.js';
import { money, REGIONS, type Region } from './scenarios.js';

const DISEASES = ['高血压病', '糖尿病', '冠心病', '恶性肿瘤门诊治疗', '白血病', '高血压', '血友病', '肺动脉高压'];
/** The visit kinds each region's texts define, with diseases they list (others are refused and tested elsewhere). */
const VISITS: Record<Region, { kinds: string[]; chronic: string[]; special: string[] }> = {
  cangzhou: { kinds: ['outpatient', 'chronic', 'special'], chronic: ['高血压病', '糖尿病', '冠心病'], special: ['恶性肿瘤门诊治疗', '白血病', '血友病'] },
  langfang: { kinds: ['outpatient'], chronic: [], special: [] },
  ziyang: { kinds: ['outpatient', 'special'], chronic: [], special: DISEASES },
  suihua: { kinds: ['outpatient', 'chronic'], chronic: ['高血压', '糖尿病'], special: [] },
};

const iso = (t: number): string => new Date(t * 86_400_000).toISOString().slice(0, 10);
const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

const items = fc.array(
  fc.oneof(
    fc.record({ category: fc.constantFrom('drug', 'service', 'material'), class: fc.constantFrom('A', 'B', 'C'), amount: money(30_000) }),
    fc.record({ category: fc.constant('drug'), class: fc.constant('B'), amount: money(20_000), singlePaymentDrug: fc.boolean(), highValueDrug: fc.boolean() }),
    fc.record({ category: fc.constant('bed'), ward: fc.constantFrom('general', 'icu'), dailyPrice: money(300), days: fc.integer({ min: 1, max: 20 }) }),
  ),
  { minLength: 1, maxLength: 5 },
);

/** One step of a person's year: what happens and how many days after the previous claim. */
const step = fc.record({
  kind: fc.constantFrom('stay', 'stay', 'transfer', 'year_end', 'outpatient', 'chronic', 'special'),
  after: fc.integer({ min: 0, max: 90 }),
  length: fc.integer({ min: 0, max: 15 }),
  level: fc.constantFrom(0, 1, 2, 3),
  grade: fc.constantFrom('A', 'B'),
  place: fc.constantFrom('local', 'local', 'in_province', 'cross_province'),
  registration: fc.constantFrom('none', 'referral', 'long_term', 'emergency'),
  designated: fc.constantFrom(true, true, true, false),
  disease: fc.constantFrom(...DISEASES),
  items,
  janItems: items,
});

const person = fc.record({
  status: fc.constantFrom('employed', 'retired'),
  birthYear: fc.integer({ min: 1930, max: 2000 }),
  tags: fc.subarray(['model_worker', 'special_disease_class1', 'aids', 'poverty', 'supplementary_insured']),
  chronic: fc.subarray(DISEASES, { maxLength: 3 }),
  special: fc.array(fc.record({ name: fc.constantFrom(...DISEASES), class: fc.constantFrom(1, 2, 3) }), { maxLength: 2 }),
  accountBalance: fc.option(money(5_000), { nil: undefined }),
  retiresAfter: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
});

const scenario = fc.constantFrom(...(Object.keys(REGIONS) as Region[])).chain((region) =>
  fc.record({
    region: fc.constant(region),
    scheme: region === 'suihua' ? fc.constantFrom('employee', 'resident') : fc.constant('employee'),
    person,
    startOffset: fc.integer({ min: 150, max: 330 }),
    steps: fc.array(step, { minLength: 1, maxLength: 7 }),
  }),
);
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** The claims of a scenario, in date order: stays, transfers, stays split at the year end, visits. */
function requestOf(s: Scenario): Json {
  let day = dayOf(`${REGIONS[s.region].years[0]}-01-01`) + s.startOffset;
  let lastDischarge: number | undefined;
  const claims: Json[] = [];
  const hospital = (x: Scenario['steps'][number]) => ({ level: x.level, grade: x.grade, tcm: false, designated: x.designated });
  for (const x of s.steps) {
    const id = `C${claims.length}`;
    if (x.kind === 'transfer' && lastDischarge !== undefined) {
      const admitted = lastDischarge + (x.after % 2);
      lastDischarge = admitted + x.length;
      day = lastDischarge;
      claims.push({ id, type: 'inpatient', admissionDate: iso(admitted), dischargeDate: iso(lastDischarge), hospital: hospital(x), place: 'local', registration: 'referral', items: x.items });
      continue;
    }
    day += x.after;
    if (x.kind === 'year_end') {
      // Admitted in December, settled on 31 December, discharged in January (沧州 第九十一条, 廊坊 第四十七条（五）).
      const year = Number(iso(day).slice(0, 4));
      const admitted = Math.min(day, dayOf(`${year}-12-31`) - 1) - (x.length % 20);
      const admission = iso(Math.max(admitted, dayOf(`${year}-12-01`)));
      const discharge = dayOf(`${year + 1}-01-01`) + x.length;
      claims.push({ id, type: 'inpatient', admissionDate: admission, dischargeDate: `${year}-12-31`, hospital: hospital(x), place: x.place, registration: x.registration, items: x.items });
      claims.push({ id: `${id}b`, type: 'inpatient', admissionDate: admission, dischargeDate: iso(discharge), hospital: hospital(x), place: x.place, registration: x.registration, items: x.janItems });
      day = discharge;
      lastDischarge = discharge;
      continue;
    }
    if (x.kind === 'stay' || x.kind === 'transfer') {
      lastDischarge = day + x.length;
      claims.push({ id, type: 'inpatient', admissionDate: iso(day), dischargeDate: iso(lastDischarge), hospital: hospital(x), place: x.place, registration: x.registration, items: x.items });
      day = lastDischarge;
      continue;
    }
    lastDischarge = undefined;
    const visits = VISITS[s.region];
    const kind = visits.kinds.includes(x.kind) ? x.kind : 'outpatient';
    const names = kind === 'chronic' ? visits.chronic : visits.special;
    const base = { id, type: kind, visitDate: iso(day), hospital: { level: x.level, grade: x.grade }, place: 'local', registration: 'none', items: x.items };
    claims.push(kind === 'outpatient' ? base : { ...base, disease: names[x.after % names.length] });
  }
  const p = s.person;
  return {
    region: s.region,
    scheme: s.scheme,
    context: { averageWage: Object.fromEntries([2021, 2022, 2023, 2024, 2025, 2026, 2027].map((y) => [String(y), 80000])) },
    person: {
      status: p.status,
      birthDate: `${p.birthYear}-06-15`,
      tags: p.tags,
      chronicDiseases: VISITS[s.region].chronic.slice(0, p.chronic.length).map((name) => ({ name, recognizedOn: '2020-01-01' })),
      specialDiseases: p.special.filter((d) => VISITS[s.region].special.includes(d.name)).map((d) => ({ ...d, recognizedOn: '2020-01-01' })),
      ...(p.accountBalance !== undefined && s.scheme === 'employee' ? { accountBalance: p.accountBalance } : {}),
      ...(p.retiresAfter !== undefined && s.scheme === 'employee' && p.status === 'retired' ? { retiredOn: iso(dayOf(`${REGIONS[s.region].years[0]}-01-01`) + p.retiresAfter) } : {}),
    },
    claims,
  };
}

type Outcome = { results: ClaimResult[] } | { code: string };

function attempt(req: Json): Outcome {
  try {
    return settle(req, { explain: false });
  } catch (e) {
    if (!(e instanceof YibaoError)) throw e;
    return { code: e.code };
  }
}

/** The claims settled one request at a time, carrying the accumulators and the account balance. */
function oneByOne(req: Json): Outcome {
  const carried = new Map<number, unknown>();
  const person = req.person as Json;
  let balance = person.accountBalance;
  const results: ClaimResult[] = [];
  for (const claim of req.claims as Json[]) {
    const single = {
      ...req,
      person: balance === undefined ? person : { ...person, accountBalance: balance },
      claims: [claim],
      ...(carried.size ? { yearToDate: [...carried.values()] } : {}),
    };
    const out = attempt(single);
    if ('code' in out) return out;
    const r = out.results[0]!;
    results.push(r);
    carried.set(r.year, r.accumulators);
    if (balance !== undefined) balance = r.balc;
  }
  return { results };
}

describe('yearToDate and accumulators', () => {
  it('one claim at a time, carrying the accumulators, gives the answers of one request (all regions, across year ends)', () => {
    let settled = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        const req = requestOf(s);
        const whole = attempt(req);
        const chained = oneByOne(req);
        if ('code' in whole) {
          expect(chained).toEqual(whole);
          return;
        }
        settled += 1;
        expect(chained).toEqual(whole);
      }),
      { numRuns: 400 },
    );
    // The property says something only if most scenarios settle.
    expect(settled).toBeGreaterThan(200);
  });

  it('claims in any order chain too (late claims of earlier years, all regions)', () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.nat(), { minLength: 7, maxLength: 7 }), (s, keys) => {
        const req = requestOf(s);
        const claims = req.claims as Json[];
        // a permutation of the claims drawn from the keys
        const order = claims.map((c, i) => ({ c, k: keys[i % keys.length]! * 31 + i })).sort((a, b) => a.k - b.k).map((x) => x.c);
        const shuffled = { ...req, claims: order };
        const whole = attempt(shuffled);
        expect(oneByOne(shuffled)).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it('a claim of an earlier year settled after a later one (a late manual reimbursement, 沧州 第一百零四条) chains too', () => {
    // a 2025 stay, then a 2024 stay claimed on 2025-02-01: the 2025 totals travel along and are not read
    const req = request('cangzhou', [inpatient({ admissionDate: '2025-01-02', dischargeDate: '2025-01-10' }), inpatient({ admissionDate: '2024-12-01', dischargeDate: '2024-12-10', claimedOn: '2025-02-01' })]);
    const whole = settle(req, { explain: false }).results;
    expect(oneByOne(req)).toEqual({ results: whole });
    expect(whole.map((r) => [r.year, r.hifp_pay])).toEqual([
      [2025, 8190],
      [2024, 8190],
    ]);
  });

  it('the accumulators after a claim are the year so far, in yuan', () => {
    // 沧州 2024: a level-3 stay, eligible 10000: 900 borne, (10000 − 900) × 90% = 8190 paid by the pooled fund.
    const [r] = run(request('cangzhou', [inpatient({ admissionDate: '2024-07-01', dischargeDate: '2024-07-10' })]));
    expect(r!.accumulators).toEqual({
      year: 2024,
      admissions: { in_province: 1 },
      fundPaid: 8190,
      outpatient: { deductibleBorne: 0, fundPaid: 0 },
      chronic: { deductibleBorne: 0, fundPaid: 0, fundPaidByDisease: {} },
      specialDisease: { fundPaid: 0 },
      singlePaymentDrug: { fundPaid: 0 },
      largeExpense: { burden: 0, paid: 0 },
      criticalIllness: { burden: 0, paid: 0 },
      supplementary: { specialPaid: 0 },
      lastStay: {
        admissionDate: '2024-07-01',
        dischargeDate: '2024-07-10',
        level: 3,
        counter: 'in_province',
        deductibleStandard: 900,
        deductibleBorne: 900,
        eligibleAmount: 10000,
        counted: true,
      },
    });
  });

  it('admissions before the changeover count when the caller gives them (沧州 第六十六条（一）3)', () => {
    // One stay before 2024-06-27 given as yearToDate: the stay of 2024-07 is the 2nd, 900 halved = 450;
    // (10000 − 450) × 90% = 8595.
    const [r] = run(request('cangzhou', [inpatient({ admissionDate: '2024-07-01', dischargeDate: '2024-07-10' })], {}, { yearToDate: [{ year: 2024, admissions: { in_province: 1 } }] }));
    expect([r!.act_pay_dedc, r!.hifp_pay]).toEqual([450, 8595]);
    expect(r!.accumulators.admissions).toEqual({ in_province: 2 });
  });

  it('the annual cap counts what the fund paid before the request (沧州 第七十三条: 150000)', () => {
    // 149000 paid already: of (10000 − 900) × 90% = 8190 the fund pays the 1000 left.
    const [r] = run(request('cangzhou', [inpatient({ admissionDate: '2024-07-01', dischargeDate: '2024-07-10' })], {}, { yearToDate: [{ year: 2024, fundPaid: 149000 }] }));
    expect(r!.hifp_pay).toBe(1000);
    expect(r!.accumulators.fundPaid).toBe(150000);
  });

  it('the outpatient deductible and cap carried in (沧州 第六十八条: 100 a year; employed 60%, cap 3500)', () => {
    const v = () => visit('outpatient', { visitDate: '2024-08-01', items: [{ category: 'drug', class: 'A', amount: 1000 }] });
    // nothing carried: (1000 − 100) × 60% = 540
    expect(run(request('cangzhou', [v()]))[0]!).toMatchObject({ act_pay_dedc: 100, hifp_pay: 540 });
    // the deductible already borne: 1000 × 60% = 600
    const borne = run(request('cangzhou', [v()], {}, { yearToDate: [{ year: 2024, fundPaid: 3400, outpatient: { deductibleBorne: 100, fundPaid: 0 } }] }))[0]!;
    expect(borne).toMatchObject({ act_pay_dedc: 0, hifp_pay: 600 });
    // and 3400 of the 3500 cap already paid: 100 left
    const capped = run(request('cangzhou', [v()], {}, { yearToDate: [{ year: 2024, fundPaid: 3400, outpatient: { deductibleBorne: 100, fundPaid: 3400 } }] }))[0]!;
    expect(capped).toMatchObject({ act_pay_dedc: 0, hifp_pay: 100 });
    expect(capped.accumulators.outpatient).toEqual({ deductibleBorne: 100, fundPaid: 3500 });
  });

  it('totals that contradict each other or the claim are invalid_input with their path', () => {
    const claim = () => inpatient({ admissionDate: '2024-07-01', dischargeDate: '2024-07-10' });
    const cases: [Json, string][] = [
      [{ year: 2024, fundPaid: -1 }, 'yearToDate[0].fundPaid'],
      [{ year: 2024, fundPaid: 150000.01 }, 'yearToDate[0].fundPaid'],
      [{ year: 2024, fundPaid: 100, outpatient: { deductibleBorne: 0, fundPaid: 200 } }, 'yearToDate[0].fundPaid'],
      [{ year: 2024, admissions: { in_province: 1.5 } }, 'yearToDate[0].admissions.in_province'],
      [{ year: 2024, admissions: { abroad: 1 } }, 'yearToDate[0].admissions.abroad'],
      [{ year: 2024, unknown: 1 }, 'yearToDate[0].unknown'],
      [
        { year: 2024, lastStay: { admissionDate: '2023-12-01', dischargeDate: '2023-12-31', level: 3, counter: 'in_province', deductibleStandard: 900, deductibleBorne: 900, eligibleAmount: 5000, counted: false } },
        'yearToDate[0].lastStay.dischargeDate',
      ],
      [
        { year: 2024, lastStay: { admissionDate: '2024-06-01', dischargeDate: '2024-06-10', level: 3, counter: 'in_province', deductibleStandard: 900, deductibleBorne: 900, eligibleAmount: 5000, counted: true } },
        'yearToDate[0].lastStay.counted',
      ],
      [
        { year: 2024, lastStay: { admissionDate: '2024-06-01', dischargeDate: '2024-06-10', level: 3, counter: 'in_province', deductibleStandard: 900, deductibleBorne: 900, eligibleAmount: 500, counted: false } },
        'yearToDate[0].lastStay.deductibleBorne',
      ],
    ];
    for (const [entry, path] of cases) {
      const e = errorOf(request('cangzhou', [claim()], {}, { yearToDate: [entry] }));
      expect([e.code, e.path], JSON.stringify(entry)).toEqual(['invalid_input', path]);
    }
    const twice = errorOf(request('cangzhou', [claim()], {}, { yearToDate: [{ year: 2024 }, { year: 2024 }] }));
    expect([twice.code, twice.path]).toEqual(['invalid_input', 'yearToDate[1].year']);
  });
});

describe('admission counters', () => {
  it('admissions under a counter the region does not keep are refused, not ignored (廊坊 counts all stays together)', () => {
    const e = errorOf(request('langfang', [inpatient({ admissionDate: '2024-05-01', dischargeDate: '2024-05-05' })], {}, { yearToDate: [{ year: 2024, admissions: { in_province: 1 } }] }));
    expect([e.code, e.path]).toEqual(['invalid_input', 'yearToDate[0].admissions.in_province']);
    // the same under `all`: the 2nd admission, 600 − 100 = 500; (10000 − 500) × 88% = 8360
    const [r] = run(request('langfang', [inpatient({ admissionDate: '2024-05-01', dischargeDate: '2024-05-05' })], {}, { yearToDate: [{ year: 2024, admissions: { all: 1 } }] }));
    expect([r!.act_pay_dedc, r!.hifp_pay]).toEqual([500, 8360]);
  });

  it('the accumulators keep the counters in the order yearToDate gave them (the next request carries them as they came)', () => {
    // 沧州 counts in-province and cross-province stays apart; a local stay counts in_province.
    const req = request('cangzhou', [inpatient({ admissionDate: '2025-05-01', dischargeDate: '2025-05-05' })], {}, { yearToDate: [{ year: 2025, admissions: { cross_province: 1 } }] });
    const [r] = run(req);
    expect(JSON.stringify(r!.accumulators.admissions)).toBe('{"cross_province":1,"in_province":1}');
  });
});
