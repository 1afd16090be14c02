/**
 * Random settlement scenarios (fast-check) shared by the property tests: a region, a person and
 * up to six claims of every type in the years each region's rules cover.
 */
import fc from 'fast-check';

export const fen = (yuan: number) => Math.round(yuan * 100);

export type Region = 'cangzhou' | 'langfang' | 'ziyang' | 'suihua';
export const REGIONS: Record<Region, { years: number[]; cap: number; largeExpenseCap?: number }> = {
  cangzhou: { years: [2024, 2025, 2026], cap: 15_000_000 },
  langfang: { years: [2024, 2025, 2026], cap: 35_000_000 },
  ziyang: { years: [2023, 2024, 2025], cap: 6 * 8_000_000 },
  suihua: { years: [2026, 2027], cap: 12_000_000, largeExpenseCap: 30_000_000 },
};
export const RESIDENT = { cap: 10_000_000, criticalIllnessCap: 30_000_000 };

export const money = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((f) => f / 100);
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

export const scenario = fc.constantFrom(...(Object.keys(REGIONS) as Region[])).chain((region) =>
  fc.record({
    region: fc.constant(region),
    scheme: region === 'suihua' ? fc.constantFrom('employee', 'resident') : fc.constant('employee'),
    status: fc.constantFrom('employed', 'retired'),
    birthYear: fc.integer({ min: 1930, max: 2000 }),
    tags: fc.subarray(['model_worker', 'aids', 'pre1949_worker', 'poverty', 'supplementary_insured']),
    enrolment: region === 'ziyang' ? fc.constantFrom('combined', 'pool_only') : fc.constant('combined'),
    chronic: recognised,
    special: recognised,
    accountBalance: fc.option(money(20_000), { nil: undefined }),
    claims: fc.array(claim(REGIONS[region].years), { minLength: 1, maxLength: 6 }),
  }),
);

export type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

export function requestOf(s: Scenario) {
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

