/**
 * 绥化: employee outpatient (第二十一条（二）) and 大额 (第二十八条); resident outpatient
 * (第二十三条（二）), 门诊“两病” (第二十三条（三）) and 大病保险 (第二十九条); deferred
 * chronic and special rules (第二十五条).
 */
import { describe, expect, it } from 'vitest';
import { drugA, errorOf, inpatient, request, run, visit, type Json } from './helpers.js';

const SH = 'suihua';
const day = '2026-03-01';
const resident = (claims: Json[], person: Json = {}) => request(SH, claims, person, { scheme: 'resident' });

describe('绥化 employee outpatient', () => {
  it('deductible 500 a year; 70/60/50% by level, retirees +5; cap 2,000', () => {
    // level 1 employed: (2000 − 500) × 70% = 1050; level 3 retired: (2000 − 500) × 55% = 825
    // then level 1 employed 5000 × 70% = 3500 → 2000 − 1050 = 950
    const rs = run(request(SH, [visit('outpatient', { visitDate: day, hospital: { level: 1 }, items: drugA(2000) }), visit('outpatient', { visitDate: '2026-04-01', hospital: { level: 1 }, items: drugA(5000) })]));
    const [b] = run(request(SH, [visit('outpatient', { visitDate: day, hospital: { level: 3 }, items: drugA(2000) })], { status: 'retired' }));
    expect(rs.map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [500, 1050],
      [0, 950],
    ]);
    expect([b!.pool_prop_selfpay, b!.hifp_pay]).toEqual([0.55, 825]);
  });

  it('out of the city: referred 45%, self-referred 40% at any level; resident elsewhere as local', () => {
    // (2000 − 500) × 45% = 675; × 40% = 600; long-term level 2: × 60% = 900
    const [a] = run(request(SH, [visit('outpatient', { visitDate: day, place: 'in_province', registration: 'referral', items: drugA(2000) })]));
    const [b] = run(request(SH, [visit('outpatient', { visitDate: day, place: 'cross_province', items: drugA(2000) })], { status: 'retired' }));
    const [c] = run(request(SH, [visit('outpatient', { visitDate: day, place: 'cross_province', registration: 'long_term', items: drugA(2000) })]));
    expect([a!.hifp_pay, b!.hifp_pay, c!.hifp_pay]).toEqual([675, 600, 900]);
  });

  it('the text sets no pharmacy rate: refused', () => {
    expect(errorOf(request(SH, [visit('outpatient', { visitDate: day, hospital: { level: 0, kind: 'pharmacy' } })])).code).toBe('unsupported');
  });

  it('chronic and special rules are made elsewhere (第二十五条)', () => {
    const e = errorOf(request(SH, [visit('chronic', { visitDate: day, disease: '高血压' })]));
    expect(e.code).toBe('unsupported');
    expect(e.message).toContain('第二十五条');
  });
});

describe('绥化 employee 大额医疗费用补助 (第二十八条)', () => {
  it('beyond the point where the pooled fund reached its cap, 90%', () => {
    // level 1: (200000 − 300) × 90% = 179730 → 120000, which covers 120000 ÷ 90% = 133333.33
    // beyond: 199700 − 133333.33 = 66366.67 × 90% = 59730.003 → 59730.00
    // next admission 10000 at level 1: the cap was reached before it, so its whole eligible
    // amount is above that point: 10000 × 90% = 9000 from 大额 (the pooled fund pays 0)
    // then an outpatient visit of 1000: 1000 × 90% = 900
    const rs = run(
      request(SH, [
        inpatient({ admissionDate: '2026-02-01', dischargeDate: '2026-02-20', hospital: { level: 1 }, items: drugA(200000) }),
        inpatient({ admissionDate: '2026-04-01', dischargeDate: '2026-04-05', hospital: { level: 1 }, items: drugA(10000) }),
        visit('outpatient', { visitDate: '2026-05-01', items: drugA(1000) }),
      ]),
    );
    expect(rs.map((r) => [r.hifp_pay, r.hifob_pay, r.fund_pay_sumamt])).toEqual([
      [120000, 59730, 179730],
      [0, 9000, 9000],
      [0, 900, 900],
    ]);
    expect(rs[0]!.setldetail.map((d) => d.fund_pay_type)).toEqual(['310100', '330100']);
  });

  it('at most 300,000 a year', () => {
    // (600000 − 300) × 90%: fund 120000; beyond 599700 − 133333.33 = 466366.67 × 90% = 419730 → 300000
    const [r] = run(request(SH, [inpatient({ admissionDate: '2026-02-01', dischargeDate: '2026-02-20', hospital: { level: 1 }, items: drugA(600000) })]));
    expect([r!.hifp_pay, r!.hifob_pay]).toEqual([120000, 300000]);
  });

  it('nothing below the cap', () => {
    const [r] = run(request(SH, [inpatient({ admissionDate: '2026-02-01', dischargeDate: '2026-02-20' })]));
    expect(r!.hifob_pay).toBe(0);
  });
});

describe('绥化 resident outpatient and 两病', () => {
  it('general outpatient: 100 a year, 70/60/50%, cap 200; referral −10, other out-of-area −20', () => {
    // level 2: (500 − 100) × 60% = 240 → 200
    // level 2 referral: (300 − 100) × 50% = 100; level 2 self out of area: (300 − 100) × 40% = 80
    const [a] = run(resident([visit('outpatient', { visitDate: day, items: drugA(500) })]));
    const [b] = run(resident([visit('outpatient', { visitDate: day, place: 'in_province', registration: 'referral', items: drugA(300) })]));
    const [c] = run(resident([visit('outpatient', { visitDate: day, place: 'in_province', items: drugA(300) })]));
    expect([a!.hifp_pay, b!.hifp_pay, c!.hifp_pay]).toEqual([200, 100, 80]);
    expect(a!.setldetail[0]!.fund_pay_type).toBe('390100');
  });

  it('两病 pays outpatient medicines only (第二十三条（三）“门诊用药”)', () => {
    // diabetes at level 1: medicine 500 × 80% = 400; the examination 300 is in the policy scope but not paid by 两病
    const diseases = { chronicDiseases: [{ name: '糖尿病', recognizedOn: '2025-05-01' }] };
    const [r] = run(
      resident(
        [visit('chronic', { visitDate: day, disease: '糖尿病', hospital: { level: 1 }, items: [{ category: 'drug', class: 'A', amount: 500 }, { category: 'service', class: 'A', amount: 300 }] })],
        diseases,
      ),
    );
    expect([r!.medfee_sumamt, r!.fulamt_ownpay_amt, r!.inscp_scp_amt, r!.hifp_pay, r!.psn_part_amt]).toEqual([800, 0, 800, 400, 400]);
    expect(r!.steps.find((s) => s.rule === 'item.notCovered')).toMatchObject({ amount: 300, source: '绥化市医疗保险管理办法 第二十三条（三）' });
  });

  it('两病: no deductible, 80% / 70%, caps 400 and 600, both when both', () => {
    // hypertension level 1: 600 × 80% = 480 → 400; diabetes level 2: 1000 × 70% = 700 → 600
    const diseases = { chronicDiseases: [{ name: '高血压', recognizedOn: '2025-05-01' }, { name: '糖尿病', recognizedOn: '2025-05-01' }] };
    const rs = run(
      resident(
        [
          visit('chronic', { visitDate: day, disease: '高血压病', hospital: { level: 1 }, items: drugA(600) }),
          visit('chronic', { visitDate: day, disease: '糖尿病', hospital: { level: 2 }, items: drugA(1000) }),
        ],
        diseases,
      ),
    );
    expect(rs.map((r) => [r.act_pay_dedc, r.pool_prop_selfpay, r.hifp_pay])).toEqual([
      [0, 0.8, 400],
      [0, 0.7, 600],
    ]);
  });

  it('两病 at level 3 has no ratio in the text; other chronic diseases are made elsewhere', () => {
    const diseases = { chronicDiseases: [{ name: '高血压', recognizedOn: '2025-05-01' }] };
    expect(errorOf(resident([visit('chronic', { visitDate: day, disease: '高血压', hospital: { level: 3 } })], diseases)).code).toBe('unsupported');
    const e = errorOf(resident([visit('chronic', { visitDate: day, disease: '冠心病' })]));
    expect(e.code).toBe('unsupported');
    expect(e.message).toContain('第二十五条');
  });

  it('residents have no personal account', () => {
    expect(errorOf(resident([visit('outpatient', { visitDate: day })], { accountBalance: 100 })).path).toBe('person.accountBalance');
  });
});

describe('绥化 城乡居民大病保险 (第二十九条)', () => {
  it('on the year’s amount left after basic insurance: 15,000 deductible, 65 / 70 / 75% bands', () => {
    // level 3: (100000 − 800) × 65% = 64480; left 35520
    // 15000–20000 × 65% = 3250; 20000–35520 × 70% = 10864 → 14114
    const [r] = run(resident([inpatient({ admissionDate: '2026-02-01', dischargeDate: '2026-02-20', items: drugA(100000) })]));
    expect([r!.hifp_pay, r!.hifmi_pay, r!.fund_pay_sumamt]).toEqual([64480, 14114, 78594]);
    expect(r!.setldetail.map((d) => d.fund_pay_type)).toEqual(['390100', '390200']);
  });

  it('the poor: deductible 7,500, +5 points, no cap', () => {
    // 7500–20000 × 70% = 8750; 20000–35520 × 75% = 11640 → 20390
    const [r] = run(resident([inpatient({ admissionDate: '2026-02-01', dischargeDate: '2026-02-20', items: drugA(100000) })], { tags: ['poverty'] }));
    expect(r!.hifmi_pay).toBe(20390);
  });

  it('accumulates across the year’s claims; at most 300,000 a year', () => {
    // 1st: left 35520 → 14114 as above. 2nd: level 3 again (100000 − 800) × 65% = 64480, but the
    //   100,000 basic cap leaves 100000 − 64480 = 35520; left to the person 100000 − 35520 = 64480,
    //   cumulative 35520 → 100000: 35520–50000 × 70% = 10136; 50000–100000 × 75% = 37500 → 47636
    const rs = run(
      resident([
        inpatient({ admissionDate: '2026-02-01', dischargeDate: '2026-02-20', items: drugA(100000) }),
        inpatient({ admissionDate: '2026-05-01', dischargeDate: '2026-05-20', items: drugA(100000) }),
      ]),
    );
    expect(rs.map((r) => [r.hifp_pay, r.hifmi_pay])).toEqual([
      [64480, 14114],
      [35520, 47636],
    ]);
    // a very large year: basic cap 100000; left 1000000 − 800 − 100000 = 899200 → 75% bands far above 300000 → 300000
    const [big] = run(resident([inpatient({ admissionDate: '2026-02-01', dischargeDate: '2026-02-20', items: drugA(1000000) })]));
    expect([big!.hifp_pay, big!.hifmi_pay]).toEqual([100000, 300000]);
  });
});
