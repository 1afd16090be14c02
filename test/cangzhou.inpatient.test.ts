/**
 * 沧州 inpatient (沧政规〔2024〕1号 第六十六、六十九–七十三、九十四、一百二十条).
 * Each case states the arithmetic from the articles.
 */
import { describe, expect, it } from 'vitest';
import { amounts, errorOf, expected, inpatient, request, run } from './helpers.js';

const CZ = 'cangzhou';
const day = { admissionDate: '2024-07-20', dischargeDate: '2024-08-01' };

describe('沧州 inpatient', () => {
  it('the README example: item split, level-3 deductible 900, 90%', () => {
    // 第六十九条 乙类药品 4000 × 5% = 200 → 3800 eligible
    // 第七十条 大型设备 500 × 2 = 1000, × 10% = 100 → 900
    // 第七十一条 材料 2000 capped at 1800: over 200; 1800 × 10% = 180 → 1620
    // 第七十二条 床位 40/日 × 10, level-3 cap 30/日: over 100; 300 eligible
    // 丙类 1000 fully self-paid (第六十四条)
    // eligible 3800 + 900 + 1620 + 300 = 6620; (6620 − 900) × 90% = 5148 (第六十六条)
    const [r] = run(
      request(CZ, [
        inpatient({
          ...day,
          items: [
            { category: 'drug', class: 'B', amount: 4000 },
            { category: 'service', class: 'B', unitPrice: 500, quantity: 2, largeEquipment: true },
            { category: 'material', class: 'B', unitPrice: 2000, quantity: 1, priceCap: 1800 },
            { category: 'bed', ward: 'general', dailyPrice: 40, days: 10 },
            { category: 'drug', class: 'C', amount: 1000 },
          ],
        }),
      ]),
    );
    expect(amounts(r!)).toEqual(
      expected({ medfee: 8400, fulamt: 1000, overlmt: 300, preselfpay: 480, inscp: 6620, deductible: 900, hifp: 5148, ratio: 0.9 }),
    );
    expect(r!.acct_pay).toBe(0);
    expect(r!.psn_cash_pay).toBe(3252);
    expect(r!.year).toBe(2024);
    expect(r!.steps.some((s) => s.source === '沧政规〔2024〕1号 第七十二条' && s.amount === 100)).toBe(true);
  });

  it('retirees at level 3 are paid 93%', () => {
    // (10000 − 900) × 93% = 8463
    const [r] = run(request(CZ, [inpatient(day)], { status: 'retired' }));
    expect(amounts(r!)).toEqual(expected({ medfee: 10000, inscp: 10000, deductible: 900, hifp: 8463, ratio: 0.93 }));
  });

  it('TCM hospitals: deductible 100 lower than the same level', () => {
    // level 2 TCM: 600 − 100 = 500; (10000 − 500) × 95% = 9025
    const [r] = run(request(CZ, [inpatient({ ...day, hospital: { level: 2, tcm: true } })]));
    expect(amounts(r!)).toEqual(expected({ medfee: 10000, inscp: 10000, deductible: 500, hifp: 9025, ratio: 0.95 }));
  });

  it('below level 1 is paid as level 1: 300 and 98%', () => {
    // (10000 − 300) × 98% = 9506
    const [r] = run(request(CZ, [inpatient({ ...day, hospital: { level: 0 } })]));
    expect(amounts(r!)).toEqual(expected({ medfee: 10000, inscp: 10000, deductible: 300, hifp: 9506, ratio: 0.98 }));
  });

  it('2nd admission halves the 2nd hospital’s own deductible; from the 3rd none', () => {
    // 1st at level 3: 900 → (10000 − 900) × 90% = 8190
    // 2nd at level 2: 600 / 2 = 300 → (10000 − 300) × 95% = 9215
    // 3rd at level 3: 0 → 10000 × 90% = 9000
    const rs = run(
      request(CZ, [
        inpatient({ admissionDate: '2024-07-01', dischargeDate: '2024-07-05' }),
        inpatient({ admissionDate: '2024-08-01', dischargeDate: '2024-08-05', hospital: { level: 2 } }),
        inpatient({ admissionDate: '2024-09-01', dischargeDate: '2024-09-05' }),
      ]),
    );
    expect(rs.map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [900, 8190],
      [300, 9215],
      [0, 9000],
    ]);
  });

  it('an admission not above its deductible does not count as an admission (第六十六条（一）5)', () => {
    // 1st: eligible 800 ≤ 900: pays 800 deductible, fund 0, not counted
    // 2nd: still the first admission: 900 → (10000 − 900) × 90% = 8190
    const rs = run(
      request(CZ, [
        inpatient({ admissionDate: '2024-07-01', dischargeDate: '2024-07-02', items: [{ category: 'drug', class: 'A', amount: 800 }] }),
        inpatient(day),
      ]),
    );
    expect(amounts(rs[0]!)).toEqual(expected({ medfee: 800, inscp: 800, deductible: 800, hifp: 0, ratio: 0.9 }));
    expect(amounts(rs[1]!)).toEqual(expected({ medfee: 10000, inscp: 10000, deductible: 900, hifp: 8190, ratio: 0.9 }));
  });

  it('cancer radio/chemotherapy: no deductible from the 2nd admission', () => {
    // 1st: 900; 2nd (cancerTherapy): 0 → 10000 × 90% = 9000
    const rs = run(
      request(CZ, [
        inpatient({ admissionDate: '2024-07-01', dischargeDate: '2024-07-05', cancerTherapy: true }),
        inpatient({ ...day, cancerTherapy: true }),
      ]),
    );
    expect(rs.map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [900, 8190],
      [0, 9000],
    ]);
  });

  it('cross-province with referral: deductible 1800 at level 3, ratio 90 − 10 = 80%', () => {
    // (10000 − 1800) × 80% = 6560
    const [r] = run(request(CZ, [inpatient({ ...day, place: 'cross_province', registration: 'referral' })]));
    expect(amounts(r!)).toEqual(expected({ medfee: 10000, inscp: 10000, deductible: 1800, hifp: 6560, ratio: 0.8 }));
  });

  it('a temporary or emergency registration is not a referral: −20 (第六十六条（二）2)', () => {
    // level 3: 1800; 90 − 20 = 70%: (10000 − 1800) × 70% = 5740
    for (const registration of ['temporary', 'emergency']) {
      const [r] = run(request(CZ, [inpatient({ ...day, place: 'cross_province', registration })]));
      expect([registration, r!.act_pay_dedc, r!.pool_prop_selfpay, r!.hifp_pay]).toEqual([registration, 1800, 0.7, 5740]);
    }
  });

  it('cross-province without registration: ratio 20 points lower', () => {
    // level 2: 1200; 95 − 20 = 75%; (10000 − 1200) × 75% = 6600
    const [r] = run(request(CZ, [inpatient({ ...day, hospital: { level: 2 }, place: 'cross_province' })]));
    expect(amounts(r!)).toEqual(expected({ medfee: 10000, inscp: 10000, deductible: 1200, hifp: 6600, ratio: 0.75 }));
  });

  it('in-province, Beijing–Tianjin and registered long-term residents are settled as local', () => {
    // each: (10000 − 900) × 90% = 8190, each the first admission of its own person
    for (const [place, registration] of [
      ['in_province', 'none'],
      ['jingjin', 'none'],
      ['cross_province', 'long_term'],
    ]) {
      const [r] = run(request(CZ, [inpatient({ ...day, place, registration })]));
      expect([place, r!.act_pay_dedc, r!.hifp_pay]).toEqual([place, 900, 8190]);
    }
  });

  it('in-province and cross-province admissions are counted apart', () => {
    // local 1st: 900 → 8190; cross-province referral 1st of its count: 1800 → 6560;
    // local 2nd: 900 / 2 = 450 → (10000 − 450) × 90% = 8595
    const rs = run(
      request(CZ, [
        inpatient({ admissionDate: '2024-07-01', dischargeDate: '2024-07-05' }),
        inpatient({ admissionDate: '2024-07-10', dischargeDate: '2024-07-15', place: 'cross_province', registration: 'referral' }),
        inpatient({ admissionDate: '2024-08-10', dischargeDate: '2024-08-15' }),
      ]),
    );
    expect(rs.map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [900, 8190],
      [1800, 6560],
      [450, 8595],
    ]);
  });

  it('the pooled fund pays at most 150,000 a year (第七十三条)', () => {
    // level 1: (200000 − 300) × 98% = 195706 → capped at 150000; the next claim gets 0
    // next year the cap is new: (10000 − 300) × 98% = 9506
    const big = [{ category: 'drug', class: 'A', amount: 200000 }];
    const rs = run(
      request(CZ, [
        inpatient({ admissionDate: '2024-07-01', dischargeDate: '2024-07-30', hospital: { level: 1 }, items: big }),
        inpatient({ admissionDate: '2024-09-01', dischargeDate: '2024-09-05', hospital: { level: 1 } }),
        inpatient({ admissionDate: '2025-02-01', dischargeDate: '2025-02-05', hospital: { level: 1 } }),
      ]),
    );
    expect(rs.map((r) => r.hifp_pay)).toEqual([150000, 0, 9506]);
    expect(rs[1]!.act_pay_dedc).toBe(150);
    expect(rs[1]!.psn_part_amt).toBe(10000);
    expect(rs[2]!.act_pay_dedc).toBe(300);
  });

  it('bed caps: ICU 130/day, laminar 200/day', () => {
    // ICU 150 × 5 = 750; cap 130 × 5 = 650; over 100
    // laminar 180 × 2 = 360 within 200/day
    // eligible 650 + 360 + 9000 = 10010; (10010 − 900) × 90% = 8199
    const [r] = run(
      request(CZ, [
        inpatient({
          ...day,
          items: [
            { category: 'bed', ward: 'icu', dailyPrice: 150, days: 5 },
            { category: 'bed', ward: 'laminar', dailyPrice: 180, days: 2 },
            { category: 'drug', class: 'A', amount: 9000 },
          ],
        }),
      ]),
    );
    expect(amounts(r!)).toEqual(expected({ medfee: 10110, overlmt: 100, inscp: 10010, deductible: 900, hifp: 8199, ratio: 0.9 }));
  });

  it('negotiated anti-cancer western drugs pre-self-pay 20%', () => {
    // 10000 × 20% = 2000; eligible 8000; (8000 − 900) × 90% = 6390
    const [r] = run(request(CZ, [inpatient({ ...day, items: [{ category: 'drug', class: 'B', amount: 10000, negotiatedCancerDrug: true }] })]));
    expect(amounts(r!)).toEqual(expected({ medfee: 10000, preselfpay: 2000, inscp: 8000, deductible: 900, hifp: 6390, ratio: 0.9 }));
  });

  it('rounds half-up to the fen where a payment is computed', () => {
    // 乙类 0.10 × 5% = 0.005 → 0.01; class A 1000.01
    // eligible 0.09 + 1000.01 = 1000.10; (1000.10 − 900) × 90% = 90.09
    const [r] = run(
      request(CZ, [
        inpatient({
          ...day,
          items: [
            { category: 'drug', class: 'B', amount: 0.1 },
            { category: 'drug', class: 'A', amount: 1000.01 },
          ],
        }),
      ]),
    );
    expect(amounts(r!)).toEqual(expected({ medfee: 1000.11, preselfpay: 0.01, inscp: 1000.1, deductible: 900, hifp: 90.09, ratio: 0.9 }));
  });

  it('a referred transfer continues the stay: only the difference of deductibles (第六十六条（一）4)', () => {
    // level 2, 07-01 → 07-05: 600; (10000 − 600) × 95% = 8930
    // referred to level 3, admitted 07-05: 900 − 600 = 300; (10000 − 300) × 90% = 8730; not a new admission
    // next admission 08-10 at level 3 is the year's 2nd: 450; (10000 − 450) × 90% = 8595
    const rs = run(
      request(CZ, [
        inpatient({ admissionDate: '2024-07-01', dischargeDate: '2024-07-05', hospital: { level: 2 } }),
        inpatient({ admissionDate: '2024-07-05', dischargeDate: '2024-07-15', registration: 'referral' }),
        inpatient({ admissionDate: '2024-08-10', dischargeDate: '2024-08-15' }),
      ]),
    );
    expect(rs.map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [600, 8930],
      [300, 8730],
      [450, 8595],
    ]);
    // from level 3 down to level 2: no further deductible; 10000 × 95% = 9500
    const down = run(
      request(CZ, [inpatient({ admissionDate: '2024-07-01', dischargeDate: '2024-07-05' }), inpatient({ admissionDate: '2024-07-06', dischargeDate: '2024-07-15', hospital: { level: 2 }, registration: 'referral' })]),
    );
    expect(down.map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [900, 8190],
      [0, 9500],
    ]);
  });

  it('a stay across the new year bears one deductible (第九十一条)', () => {
    // year-end settlement 2024-12-20 → 12-31: 900; (5000 − 900) × 90% = 3690
    // discharge 2025-01-10, admitted 2024-12-20: no deductible; 5000 × 90% = 4500; not a new admission,
    // so the next 2025 admission is the year's first: 900 → (10000 − 900) × 90% = 8190
    const rs = run(
      request(CZ, [
        inpatient({ admissionDate: '2024-12-20', dischargeDate: '2024-12-31', items: [{ category: 'drug', class: 'A', amount: 5000 }] }),
        inpatient({ admissionDate: '2024-12-20', dischargeDate: '2025-01-10', items: [{ category: 'drug', class: 'A', amount: 5000 }] }),
        inpatient({ admissionDate: '2025-03-01', dischargeDate: '2025-03-10' }),
      ]),
    );
    expect(rs.map((r) => [r.year, r.act_pay_dedc, r.hifp_pay])).toEqual([
      [2024, 900, 3690],
      [2025, 0, 4500],
      [2025, 900, 8190],
    ]);
    expect(rs[1]!.steps.some((s) => s.source === '沧政规〔2024〕1号 第九十一条' && s.rule === 'inpatient.deductible')).toBe(true);
  });

  it('a transfer course is one stay and one admission, counted once its eligible total exceeds its standard (第六十六条（一）4、5)', () => {
    // level 1, eligible 200 ≤ 300: bears 200, fund 0, not yet an admission;
    // referred to level 3 the next day: the course's standard is 900, 200 borne: 补齐 700; (10000 − 700) × 90% = 8370;
    // the course's eligible 10200 > 900: one admission, so the next stay is the 2nd: 450; (10000 − 450) × 90% = 8595
    const rs = run(
      request(CZ, [
        inpatient({ admissionDate: '2024-07-01', dischargeDate: '2024-07-03', hospital: { level: 1 }, items: [{ category: 'drug', class: 'A', amount: 200 }] }),
        inpatient({ admissionDate: '2024-07-04', dischargeDate: '2024-07-15', registration: 'referral' }),
        inpatient({ admissionDate: '2024-09-01', dischargeDate: '2024-09-10' }),
      ]),
    );
    expect(rs.map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [200, 0],
      [700, 8370],
      [450, 8595],
    ]);
    expect(rs[1]!.accumulators.admissions).toEqual({ in_province: 1 });
    expect(rs[1]!.accumulators.lastStay).toMatchObject({ admissionDate: '2024-07-01', deductibleStandard: 900, deductibleBorne: 900, eligibleAmount: 10200, counted: true });
  });

  it('high → low bears nothing more, even when the higher hospital bore less than its standard (第六十六条（一）4)', () => {
    // level 3, eligible 500 ≤ 900: bears 500; referred to level 1: 不再另计起付标准, 10000 × 98% = 9800;
    // the course's 10500 > 900 counts it: the next stay is the 2nd, 900 halved = 450
    const rs = run(
      request(CZ, [
        inpatient({ admissionDate: '2024-07-01', dischargeDate: '2024-07-03', items: [{ category: 'drug', class: 'A', amount: 500 }] }),
        inpatient({ admissionDate: '2024-07-03', dischargeDate: '2024-07-15', hospital: { level: 1 }, registration: 'referral' }),
        inpatient({ admissionDate: '2024-09-01', dischargeDate: '2024-09-10' }),
      ]),
    );
    expect(rs.map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [500, 0],
      [0, 9800],
      [450, 8595],
    ]);
  });

  it('a year-end part below the deductible: the whole stay goes to the new year with a first-admission deductible (第九十一条)', () => {
    // 2024-12-20 → 12-31 at level 3, eligible 500 ≤ 900: bears 500, fund 0, not an admission of 2024;
    // discharged 2025-01-10: 2025's first-admission 900 less the 500 borne = 400; (10000 − 400) × 90% = 8640;
    // the stay is 2025's first admission, so the next stay of 2025 is the 2nd: 450; (10000 − 450) × 90% = 8595
    const rs = run(
      request(CZ, [
        inpatient({ admissionDate: '2024-12-20', dischargeDate: '2024-12-31', items: [{ category: 'drug', class: 'A', amount: 500 }] }),
        inpatient({ admissionDate: '2024-12-20', dischargeDate: '2025-01-10' }),
        inpatient({ admissionDate: '2025-03-01', dischargeDate: '2025-03-10' }),
      ]),
    );
    expect(rs.map((r) => [r.year, r.act_pay_dedc, r.hifp_pay])).toEqual([
      [2024, 500, 0],
      [2025, 400, 8640],
      [2025, 450, 8595],
    ]);
    expect(rs[0]!.accumulators.admissions).toEqual({});
    expect(rs[1]!.accumulators.admissions).toEqual({ in_province: 1 });
    expect(rs[1]!.steps.some((s) => s.source === '沧政规〔2024〕1号 第九十一条' && s.amount === 400)).toBe(true);
  });

  it('a year-end part equal to the standard has not exceeded it (第九十一条): the stay is the new year\'s first admission', () => {
    // December part eligible 900 at level 3: bears 900, not an admission of 2024 (第六十六条（一）5);
    // the January part: 900 − 900 borne = 0 more, 1000 × 90% = 900; the stay is 2025's first admission,
    // so the next stay is the 2nd: 450; (2000 − 450) × 90% = 1395
    const rs = run(
      request(CZ, [
        inpatient({ admissionDate: '2024-12-20', dischargeDate: '2024-12-31', items: [{ category: 'drug', class: 'A', amount: 900 }] }),
        inpatient({ admissionDate: '2024-12-20', dischargeDate: '2025-01-10', items: [{ category: 'drug', class: 'A', amount: 1000 }] }),
        inpatient({ admissionDate: '2025-03-01', dischargeDate: '2025-03-10', items: [{ category: 'drug', class: 'A', amount: 2000 }] }),
      ]),
    );
    expect(rs.map((r) => [r.year, r.act_pay_dedc, r.hifp_pay])).toEqual([
      [2024, 900, 0],
      [2025, 0, 900],
      [2025, 450, 1395],
    ]);
  });

  it('a transfer out of a stay counted last year is no admission of the new year (第九十一条、第六十六条（一）4)', () => {
    // D: level 2, 12-24 → 12-31, 1000: bears 600, counted in 2024. J: its new-year part, 1000 × 95% = 950.
    // T: referred to level 3 on 01-23: 900 − 600 = 300, (1000 − 300) × 90% = 630. N: March, 2025's first stay:
    // 900, (1000 − 900) × 90% = 90
    const rs = run(
      request(CZ, [
        inpatient({ admissionDate: '2024-12-24', dischargeDate: '2024-12-31', hospital: { level: 2 }, items: [{ category: 'drug', class: 'A', amount: 1000 }] }),
        inpatient({ admissionDate: '2024-12-24', dischargeDate: '2025-01-23', hospital: { level: 2 }, items: [{ category: 'drug', class: 'A', amount: 1000 }] }),
        inpatient({ admissionDate: '2025-01-23', dischargeDate: '2025-02-01', registration: 'referral', items: [{ category: 'drug', class: 'A', amount: 1000 }] }),
        inpatient({ admissionDate: '2025-03-01', dischargeDate: '2025-03-10', items: [{ category: 'drug', class: 'A', amount: 1000 }] }),
      ]),
    );
    expect(rs.map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [600, 380],
      [0, 950],
      [300, 630],
      [900, 90],
    ]);
  });

  it('before 2024-06-27 no inpatient rule is in force in the seeds', () => {
    const e = errorOf(request(CZ, [inpatient({ admissionDate: '2024-06-20', dischargeDate: '2024-06-26' })]));
    expect(e.code).toBe('policy_not_in_force');
    expect(e.path).toBe('claims[0].dischargeDate');
    // the day it starts settles
    const [r] = run(request(CZ, [inpatient({ admissionDate: '2024-06-20', dischargeDate: '2024-06-27' })]));
    expect(r!.hifp_pay).toBe(8190);
  });

  it('pre-1949 workers are paid through their original channel (第一百二十条): unsupported', () => {
    const e = errorOf(request(CZ, [inpatient(day)], { tags: ['pre1949_worker'] }));
    expect(e.code).toBe('unsupported');
    expect(e.message).toContain('第一百二十条');
  });
});
