/**
 * 绥化 inpatient, employee (第二十、二十一条) and resident (第二十三条) schemes.
 */
import { describe, expect, it } from 'vitest';
import { amounts, errorOf, expected, inpatient, request, run, type Json } from './helpers.js';

const SH = 'suihua';
const day = { admissionDate: '2026-03-01', dischargeDate: '2026-03-10' };
const resident = (claims: Json[], person: Json = {}) => request(SH, claims, person, { scheme: 'resident' });

describe('绥化 employee inpatient', () => {
  it('level 3 employed: 900 and 85%; retired 87%', () => {
    // (10000 − 900) × 85% = 7735; retired (10000 − 900) × 87% = 7917
    const [a] = run(request(SH, [inpatient(day)]));
    const [b] = run(request(SH, [inpatient(day)], { status: 'retired' }));
    expect(amounts(a!)).toEqual(expected({ medfee: 10000, inscp: 10000, deductible: 900, hifp: 7735, ratio: 0.85 }));
    expect(amounts(b!)).toEqual(expected({ medfee: 10000, inscp: 10000, deductible: 900, hifp: 7917, ratio: 0.87 }));
  });

  it('level 1 and below: 300 and 90% / 95%; level 2: 600 and 87% / 90%', () => {
    // level 0 retired: (10000 − 300) × 95% = 9215; level 2 employed: (10000 − 600) × 87% = 8178
    const [a] = run(request(SH, [inpatient({ ...day, hospital: { level: 0 } })], { status: 'retired' }));
    const [b] = run(request(SH, [inpatient({ ...day, hospital: { level: 2 } })]));
    expect([a!.act_pay_dedc, a!.hifp_pay, b!.act_pay_dedc, b!.hifp_pay]).toEqual([300, 9215, 600, 8178]);
  });

  it('every admission bears its deductible', () => {
    const rs = run(request(SH, [inpatient({ admissionDate: '2026-01-05', dischargeDate: '2026-01-09' }), inpatient(day)]));
    expect(rs.map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [900, 7735],
      [900, 7735],
    ]);
  });

  it('out of the city: 900 at any level; referral: level-3 ratio − 10; self-referred − 20', () => {
    // level 1 referral employed: 85 − 10 = 75%: (10000 − 900) × 75% = 6825
    // level 1 self-referred retired: 87 − 20 = 67%: (10000 − 900) × 67% = 6097
    const [a] = run(request(SH, [inpatient({ ...day, hospital: { level: 1 }, place: 'in_province', registration: 'referral' })]));
    const [b] = run(request(SH, [inpatient({ ...day, hospital: { level: 1 }, place: 'cross_province' })], { status: 'retired' }));
    expect(amounts(a!)).toEqual(expected({ medfee: 10000, inscp: 10000, deductible: 900, hifp: 6825, ratio: 0.75 }));
    expect(amounts(b!)).toEqual(expected({ medfee: 10000, inscp: 10000, deductible: 900, hifp: 6097, ratio: 0.67 }));
  });

  it('resettled (long-term) members are settled as in the city', () => {
    // level 2: (10000 − 600) × 87% = 8178
    const [r] = run(request(SH, [inpatient({ ...day, hospital: { level: 2 }, place: 'cross_province', registration: 'long_term' })]));
    expect(r!.hifp_pay).toBe(8178);
  });

  it('pre-1949 workers: no deductible, 90%', () => {
    // 10000 × 90% = 9000
    const [r] = run(request(SH, [inpatient(day)], { tags: ['pre1949_worker'] }));
    expect(amounts(r!)).toEqual(expected({ medfee: 10000, inscp: 10000, deductible: 0, hifp: 9000, ratio: 0.9 }));
  });

  it('no pre-self-pay ratios in the text: only an item’s own selfPayRatio', () => {
    // drug B 1000: no ratio → eligible 1000; drug B 1000 with selfPayRatio 0.15 → 150 pre-self-pay
    // eligible 1000 + 850 + 9000 = 10850; (10850 − 900) × 85% = 8457.50
    const [r] = run(
      request(SH, [
        inpatient({
          ...day,
          items: [
            { category: 'drug', class: 'B', amount: 1000 },
            { category: 'drug', class: 'B', amount: 1000, selfPayRatio: 0.15 },
            { category: 'service', class: 'A', amount: 9000 },
          ],
        }),
      ]),
    );
    expect(amounts(r!)).toEqual(expected({ medfee: 11000, preselfpay: 150, inscp: 10850, deductible: 900, hifp: 8457.5, ratio: 0.85 }));
  });

  it('annual cap 120,000', () => {
    // (200000 − 300) × 90% = 179730 → 120000
    const [r] = run(request(SH, [inpatient({ ...day, hospital: { level: 1 }, items: [{ category: 'drug', class: 'A', amount: 200000 }] })]));
    expect(r!.hifp_pay).toBe(120000);
  });

  it('in force from 2026-01-01: a claim discharged 2025-12-31 is refused', () => {
    expect(errorOf(request(SH, [inpatient({ admissionDate: '2025-12-20', dischargeDate: '2025-12-31' })])).code).toBe('policy_not_in_force');
    // discharged 2026-01-02 after admission in 2025: settled under the 2026 rules (第二十条 按出院日期)
    const [r] = run(request(SH, [inpatient({ admissionDate: '2025-12-20', dischargeDate: '2026-01-02' })]));
    expect([r!.year, r!.hifp_pay]).toEqual([2026, 7735]);
  });
});

describe('绥化 resident inpatient (第二十三条)', () => {
  it('by level: 100/85%, 300/85%, 500/75%, 800/65%', () => {
    // (10000 − 100) × 85% = 8415; (10000 − 300) × 85% = 8245; (10000 − 500) × 75% = 7125; (10000 − 800) × 65% = 5980
    const got = [0, 1, 2, 3].map((level) => {
      const [r] = run(resident([inpatient({ ...day, hospital: { level } })]));
      return [r!.act_pay_dedc, r!.hifp_pay];
    });
    expect(got).toEqual([
      [100, 8415],
      [300, 8245],
      [500, 7125],
      [800, 5980],
    ]);
  });

  it('out of area: referral or emergency 1200 and same level − 18; others 1200 and level 3 − 28', () => {
    // level 2 referral: 75 − 18 = 57%: (10000 − 1200) × 57% = 5016
    // level 1 self-referred: 65 − 28 = 37%: (10000 − 1200) × 37% = 3256
    const [a] = run(resident([inpatient({ ...day, hospital: { level: 2 }, place: 'cross_province', registration: 'referral' })]));
    const [b] = run(resident([inpatient({ ...day, hospital: { level: 1 }, place: 'in_province' })]));
    expect(amounts(a!)).toEqual(expected({ medfee: 10000, inscp: 10000, deductible: 1200, hifp: 5016, ratio: 0.57 }));
    expect(amounts(b!)).toEqual(expected({ medfee: 10000, inscp: 10000, deductible: 1200, hifp: 3256, ratio: 0.37 }));
  });

  it('annual cap 100,000', () => {
    // (200000 − 100) × 85% = 169915 → 100000
    const [r] = run(resident([inpatient({ ...day, hospital: { level: 0 }, items: [{ category: 'drug', class: 'A', amount: 200000 }] })]));
    expect(r!.hifp_pay).toBe(100000);
  });

  it('other regions have no resident scheme in the seeds', () => {
    const e = errorOf(request('cangzhou', [inpatient({ admissionDate: '2024-07-01', dischargeDate: '2024-07-05' })], {}, { scheme: 'resident' }));
    expect(e.code).toBe('unsupported');
    expect(e.path).toBe('scheme');
  });
});
