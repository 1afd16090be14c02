/**
 * 廊坊 inpatient (实施办法（征求意见稿） 第四十七、五十一、六十七、七十九、八十四条).
 */
import { describe, expect, it } from 'vitest';
import { settle } from '../src/index.js';
import { amounts, errorOf, expected, inpatient, request, run } from './helpers.js';

const LF = 'langfang';
const day = { admissionDate: '2024-05-01', dischargeDate: '2024-05-10' };

describe('廊坊 inpatient', () => {
  it('level 3, employed: deductible 600, 88%', () => {
    // (10000 − 600) × 88% = 8272
    const [r] = run(request(LF, [inpatient(day)]));
    expect(amounts(r!)).toEqual(expected({ medfee: 10000, inscp: 10000, deductible: 600, hifp: 8272, ratio: 0.88 }));
  });

  it('retirees: deductible 100 lower, ratio from the retiree column', () => {
    // level 2: 400 − 100 = 300; (10000 − 300) × 96% = 9312
    const [r] = run(request(LF, [inpatient({ ...day, hospital: { level: 2 } })], { status: 'retired' }));
    expect(amounts(r!)).toEqual(expected({ medfee: 10000, inscp: 10000, deductible: 300, hifp: 9312, ratio: 0.96 }));
  });

  it('TCM hospitals take the deductible one level lower', () => {
    // level-3 TCM → level-2 deductible 400; ratio stays level 3: (10000 − 400) × 88% = 8448
    // level-1 TCM → stays 200 (no lower tier): (10000 − 200) × 96% = 9408
    const [a] = run(request(LF, [inpatient({ ...day, hospital: { level: 3, tcm: true } })]));
    const [b] = run(request(LF, [inpatient({ ...day, hospital: { level: 1, tcm: true } })]));
    expect([a!.act_pay_dedc, a!.hifp_pay, b!.act_pay_dedc, b!.hifp_pay]).toEqual([400, 8448, 200, 9408]);
  });

  it('each earlier admission of the year lowers the deductible by 100', () => {
    // retired, level 1: 200 − 100 = 100, then − 100 → 0, then − 200 → 0 (never negative)
    // fund: (10000 − 100) × 99% = 9801; 10000 × 99% = 9900; 9900
    const rs = run(
      request(
        LF,
        [
          inpatient({ admissionDate: '2024-02-01', dischargeDate: '2024-02-05', hospital: { level: 1 } }),
          inpatient({ admissionDate: '2024-03-01', dischargeDate: '2024-03-05', hospital: { level: 1 } }),
          inpatient({ admissionDate: '2024-04-01', dischargeDate: '2024-04-05', hospital: { level: 1 } }),
        ],
        { status: 'retired' },
      ),
    );
    expect(rs.map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [100, 9801],
      [0, 9900],
      [0, 9900],
    ]);
  });

  it('a transfer (转院) on consecutive dates takes the higher hospital’s deductible once (第四十七条（一）1)', () => {
    // level 2: 400 → (10000 − 400) × 93% = 8928; level 3 the next day: 600 − 400 = 200 → (10000 − 200) × 88% = 8624
    // dates not consecutive: a new admission, 600 − 100 = 500 → (10000 − 500) × 88% = 8360
    const rs = run(
      request(LF, [
        inpatient({ admissionDate: '2024-05-01', dischargeDate: '2024-05-05', hospital: { level: 2 } }),
        inpatient({ admissionDate: '2024-05-06', dischargeDate: '2024-05-15', registration: 'referral' }),
        inpatient({ admissionDate: '2024-06-01', dischargeDate: '2024-06-05' }),
      ]),
    );
    expect(rs.map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [400, 8928],
      [200, 8624],
      [500, 8360],
    ]);
  });

  it('a chain of transfers is one stay bearing the highest standard once: 1→2→3 bears 600 in all (第四十七条（一）1)', () => {
    // level 1: 200, (10000 − 200) × 96% = 9408; level 2: 400 − 200 = 200, (10000 − 200) × 93% = 9114;
    // level 3: 600 − 400 = 200, (10000 − 200) × 88% = 8624
    const rs = run(
      request(LF, [
        inpatient({ admissionDate: '2024-05-01', dischargeDate: '2024-05-05', hospital: { level: 1 } }),
        inpatient({ admissionDate: '2024-05-05', dischargeDate: '2024-05-10', hospital: { level: 2 }, registration: 'referral' }),
        inpatient({ admissionDate: '2024-05-11', dischargeDate: '2024-05-20', registration: 'referral' }),
      ]),
    );
    expect(rs.map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [200, 9408],
      [200, 9114],
      [200, 8624],
    ]);
    expect(rs[2]!.accumulators.admissions).toEqual({ all: 1 });
  });

  it('level 3 with 300 borne, then level 1: the stay bears the remaining 300 of the higher standard (第四十七条（一）1)', () => {
    // level 3, eligible 300 < 600: bears 300; transferred to level 1: 600 − 300 = 300; (10000 − 300) × 96% = 9312
    const rs = run(
      request(LF, [
        inpatient({ admissionDate: '2024-05-01', dischargeDate: '2024-05-05', items: [{ category: 'drug', class: 'A', amount: 300 }] }),
        inpatient({ admissionDate: '2024-05-06', dischargeDate: '2024-05-15', hospital: { level: 1 }, registration: 'referral' }),
      ]),
    );
    expect(rs.map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [300, 0],
      [300, 9312],
    ]);
  });

  it('a stay across the year end bears one standard in all (第四十七条（五）)', () => {
    // 2024-12-20 → 12-31 at level 3, eligible 300: bears 300 of 600 (an admission of 2024);
    // discharged 2025-01-10: the remaining 300, (10000 − 300) × 88% = 8536, no new admission;
    // the next stay of 2025 is its first: 600, (10000 − 600) × 88% = 8272
    const rs = run(
      request(LF, [
        inpatient({ admissionDate: '2024-12-20', dischargeDate: '2024-12-31', items: [{ category: 'drug', class: 'A', amount: 300 }] }),
        inpatient({ admissionDate: '2024-12-20', dischargeDate: '2025-01-10' }),
        inpatient({ admissionDate: '2025-03-01', dischargeDate: '2025-03-10' }),
      ]),
    );
    expect(rs.map((r) => [r.year, r.act_pay_dedc, r.hifp_pay])).toEqual([
      [2024, 300, 0],
      [2025, 300, 8536],
      [2025, 600, 8272],
    ]);
  });

  it('a transfer out of the new-year part of a stay, explained: no crash, no second admission (第四十七条（一）1、（五）)', () => {
    // D: level 3, 12-20 → 12-31, 10000: 600, (10000 − 600) × 88% = 8272 (an admission of 2024). J: 10000 × 88% = 8800.
    // T: referred to level 1 the next day: nothing more (600 borne ≥ 600), 10000 × 96% = 9600.
    // N: March, 2025's first stay: 600, (10000 − 600) × 88% = 8272
    const rs = settle(
      request(LF, [
        inpatient({ admissionDate: '2024-12-20', dischargeDate: '2024-12-31' }),
        inpatient({ admissionDate: '2024-12-20', dischargeDate: '2025-01-10' }),
        inpatient({ admissionDate: '2025-01-11', dischargeDate: '2025-01-20', hospital: { level: 1 }, registration: 'referral' }),
        inpatient({ admissionDate: '2025-03-01', dischargeDate: '2025-03-10' }),
      ]),
    ).results;
    expect(rs.map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [600, 8272],
      [0, 8800],
      [0, 9600],
      [600, 8272],
    ]);
  });

  it('an admission below its deductible still counts (no such rule in Langfang)', () => {
    // 1st: eligible 300 < 600: pays 300; 2nd: 600 − 100 = 500 → (10000 − 500) × 88% = 8360
    const rs = run(
      request(LF, [inpatient({ ...day, items: [{ category: 'drug', class: 'A', amount: 300 }] }), inpatient({ admissionDate: '2024-06-01', dischargeDate: '2024-06-03' })]),
    );
    expect(rs.map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [300, 0],
      [500, 8360],
    ]);
  });

  it('model workers and the others of 第七十九条: +10 points, never above 100%', () => {
    // employed level 3: 88 + 10 = 98%: (10000 − 600) × 98% = 9212
    // retired level 1: 99 + 10 → 100%: (10000 − 100) × 100% = 9900
    const [a] = run(request(LF, [inpatient(day)], { tags: ['model_worker'] }));
    const [b] = run(request(LF, [inpatient({ ...day, hospital: { level: 1 } })], { status: 'retired', tags: ['model_worker'] }));
    expect([a!.pool_prop_selfpay, a!.hifp_pay, b!.pool_prop_selfpay, b!.hifp_pay]).toEqual([0.98, 9212, 1, 9900]);
  });

  it('pre-self-pay: class-B drugs, services and their disposables 5%, negotiated anti-cancer 20%, class A none', () => {
    // drug B 2000 × 5% = 100; service B 1000 × 5% = 50; material B 400 × 5% = 20;
    // negotiated 1000 × 20% = 200; material A 600 → 0
    // eligible 1900 + 950 + 380 + 800 + 600 = 4630; (4630 − 600) × 88% = 3546.40
    const [r] = run(
      request(LF, [
        inpatient({
          ...day,
          items: [
            { category: 'drug', class: 'B', amount: 2000 },
            { category: 'service', class: 'B', amount: 1000 },
            { category: 'material', class: 'B', amount: 400 },
            { category: 'drug', class: 'B', amount: 1000, negotiatedCancerDrug: true },
            { category: 'material', class: 'A', amount: 600 },
          ],
        }),
      ]),
    );
    expect(amounts(r!)).toEqual(expected({ medfee: 5000, preselfpay: 370, inscp: 4630, deductible: 600, hifp: 3546.4, ratio: 0.88 }));
  });

  it('no bed-fee cap in the text: the whole bed fee is eligible', () => {
    // bed 300 × 10 = 3000 eligible; (3000 − 600) × 88% = 2112
    const [r] = run(request(LF, [inpatient({ ...day, items: [{ category: 'bed', ward: 'icu', dailyPrice: 300, days: 10 }] })]));
    expect(amounts(r!)).toEqual(expected({ medfee: 3000, inscp: 3000, deductible: 600, hifp: 2112, ratio: 0.88 }));
  });

  it('cross-province temporary care: local deductible, then 10% self-paid, then the local ratio', () => {
    // 10600 − 600 = 10000; 10% = 1000 pre-self-pay; 9000 × 88% = 7920
    // inscp = 10600 − 1000 = 9600
    const [r] = run(
      request(LF, [inpatient({ ...day, place: 'cross_province', registration: 'temporary', items: [{ category: 'drug', class: 'A', amount: 10600 }] })]),
    );
    expect(amounts(r!)).toEqual(expected({ medfee: 10600, preselfpay: 1000, inscp: 9600, deductible: 600, hifp: 7920, ratio: 0.88 }));
  });

  it('an emergency admission counts as registered; a long-term resident is local', () => {
    // emergency: (10000 − 600) × 90% × 88% → 940 self-paid first, 8460 × 88% = 7444.80
    // long-term: (10000 − 600) × 88% = 8272
    const [a] = run(request(LF, [inpatient({ ...day, place: 'cross_province', registration: 'emergency' })]));
    const [b] = run(request(LF, [inpatient({ ...day, place: 'cross_province', registration: 'long_term' })]));
    expect([a!.preselfpay_amt, a!.hifp_pay, b!.preselfpay_amt, b!.hifp_pay]).toEqual([940, 7444.8, 0, 8272]);
  });

  it('unregistered cross-province care cannot be settled directly (第六十七条)', () => {
    const e = errorOf(request(LF, [inpatient({ ...day, place: 'cross_province', registration: 'none' })]));
    expect(e.code).toBe('registration_required');
    expect(e.path).toBe('claims[0].registration');
    expect(e.message).toContain('第六十七条');
  });

  it('in-province and Beijing–Tianjin care are settled as local without registration', () => {
    const [a] = run(request(LF, [inpatient({ ...day, place: 'in_province' })]));
    const [b] = run(request(LF, [inpatient({ ...day, place: 'jingjin' })]));
    expect([a!.hifp_pay, b!.hifp_pay]).toEqual([8272, 8272]);
  });

  it('annual cap 350,000 (第五十一条)', () => {
    // level 1: (400000 − 200) × 96% = 383808 → 350000
    const [r] = run(request(LF, [inpatient({ ...day, hospital: { level: 1 }, items: [{ category: 'drug', class: 'A', amount: 400000 }] })]));
    expect(r!.hifp_pay).toBe(350000);
    expect(r!.psn_part_amt).toBe(50000);
  });

  it('in force from 2024-01-01 for five years: 2023-12-31 and 2029-01-01 are refused', () => {
    expect(errorOf(request(LF, [inpatient({ admissionDate: '2023-12-20', dischargeDate: '2023-12-31' })])).code).toBe('policy_not_in_force');
    expect(errorOf(request(LF, [inpatient({ admissionDate: '2028-12-20', dischargeDate: '2029-01-01' })])).code).toBe('policy_not_in_force');
    const rs = run(
      request(LF, [inpatient({ admissionDate: '2023-12-20', dischargeDate: '2024-01-01' }), inpatient({ admissionDate: '2028-12-20', dischargeDate: '2028-12-31' })]),
    );
    expect(rs.map((r) => r.hifp_pay)).toEqual([8272, 8272]);
  });
});
