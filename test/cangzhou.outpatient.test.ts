/**
 * 沧州 outpatient claims: general outpatient under 沧政办发〔2021〕10号 第十条 (2022-01-01 →
 * 2024-06-26) and 沧政规〔2024〕1号 第六十八条 (2024-06-27 →); chronic and special diseases
 * (第六十七条); the personal account (第九十九条); no 大额 rule in the texts (第一百一十七条).
 */
import { describe, expect, it } from 'vitest';
import { drugA, errorOf, inpatient, request, run, visit } from './helpers.js';

const CZ = 'cangzhou';

describe('沧州 general outpatient across the 2024-06-27 change', () => {
  it('claims under both rules share the year’s deductible and the amount already paid', () => {
    // 2024-05-01 (2021 rules): deductible 100; (1000 − 100) × 50% = 450
    // 2024-08-01 (2024 rules): deductible already borne; 1000 × 60% = 600
    // 2024-09-01: 10000 × 60% = 6000, but the 3500 cap leaves 3500 − 450 − 600 = 2450
    const rs = run(
      request(CZ, [
        visit('outpatient', { visitDate: '2024-05-01', items: drugA(1000) }),
        visit('outpatient', { visitDate: '2024-08-01', items: drugA(1000) }),
        visit('outpatient', { visitDate: '2024-09-01', items: drugA(10000) }),
      ]),
    );
    expect(rs.map((r) => [r.act_pay_dedc, r.pool_prop_selfpay, r.hifp_pay])).toEqual([
      [100, 0.5, 450],
      [0, 0.6, 600],
      [0, 0.6, 2450],
    ]);
    expect(rs[0]!.steps.some((s) => s.source.startsWith('沧政办发〔2021〕10号 第十三条'))).toBe(true);
    expect(rs[1]!.steps.some((s) => s.source.startsWith('沧政规〔2024〕1号 第六十八条'))).toBe(true);
  });

  it('the rules change between 2024-06-26 and 2024-06-27', () => {
    // 2024-06-26: (1000 − 100) × 50% = 450 (沧政办发〔2021〕10号 第十条)
    // 2024-06-27: deductible borne; 1000 × 60% = 600 (沧政规〔2024〕1号 第六十八条)
    const rs = run(request(CZ, [visit('outpatient', { visitDate: '2024-06-26' }), visit('outpatient', { visitDate: '2024-06-27' })]));
    expect(rs.map((r) => [r.pool_prop_selfpay, r.hifp_pay])).toEqual([
      [0.5, 450],
      [0.6, 600],
    ]);
  });

  it('the 2021 cap of 1,200 binds before the change; the 2024 cap counts what was paid', () => {
    // 2024-03-01: (5000 − 100) × 50% = 2450 → 1200; 2024-07-01: 5000 × 60% = 3000 → 3500 − 1200 = 2300
    const rs = run(
      request(CZ, [visit('outpatient', { visitDate: '2024-03-01', items: drugA(5000) }), visit('outpatient', { visitDate: '2024-07-01', items: drugA(5000) })]),
    );
    expect(rs.map((r) => r.hifp_pay)).toEqual([1200, 2300]);
  });

  it('retirees: 60% and 1,500 before, 70% and 5,000 after', () => {
    // (1000 − 100) × 60% = 540; then 1000 × 70% = 700
    const rs = run(
      request(CZ, [visit('outpatient', { visitDate: '2024-05-01', items: drugA(1000) }), visit('outpatient', { visitDate: '2024-08-01', items: drugA(1000) })], { status: 'retired' }),
    );
    expect(rs.map((r) => r.hifp_pay)).toEqual([540, 700]);
  });

  it('designated pharmacies are paid like hospitals (2021 第十一条)', () => {
    // (1000 − 100) × 60% = 540
    const [r] = run(request(CZ, [visit('outpatient', { visitDate: '2025-03-01', hospital: { level: 0, kind: 'pharmacy' } })]));
    expect(r!.hifp_pay).toBe(540);
  });

  it('before 2022-01-01 no outpatient rule is in the seeds', () => {
    expect(errorOf(request(CZ, [visit('outpatient', { visitDate: '2021-12-31' })])).code).toBe('policy_not_in_force');
  });

  it('no regional pre-self-pay in the 2021 period; 5% on class-B drugs after', () => {
    // 2024-05: class B 1000 fully eligible: (1000 − 100) × 50% = 450
    // 2024-08: class B 1000: 50 pre-self-pay; 950 × 60% = 570
    const items = [{ category: 'drug', class: 'B', amount: 1000 }];
    const rs = run(request(CZ, [visit('outpatient', { visitDate: '2024-05-01', items }), visit('outpatient', { visitDate: '2024-08-01', items })]));
    expect(rs.map((r) => [r.preselfpay_amt, r.inscp_scp_amt, r.hifp_pay])).toEqual([
      [0, 1000, 450],
      [50, 950, 570],
    ]);
  });

  it('an inpatient claim before 2024-06-27 is still refused', () => {
    expect(errorOf(request(CZ, [inpatient({ admissionDate: '2024-05-01', dischargeDate: '2024-05-05' })])).code).toBe('policy_not_in_force');
  });
});

describe('沧州 chronic diseases (第六十七条（一）)', () => {
  const hypertension = { name: '高血压3级', recognizedOn: '2024-07-01' };

  it('deductible 200 a year, 80%, cap 2,000 for one disease', () => {
    // 1st: (1000 − 200) × 80% = 640; 2nd: 5000 × 80% = 4000 → cap 2000 − 640 = 1360
    const rs = run(
      request(
        CZ,
        [visit('chronic', { visitDate: '2024-08-01', disease: '高血压病', items: drugA(1000) }), visit('chronic', { visitDate: '2024-09-01', disease: '高血压病', items: drugA(5000) })],
        { chronicDiseases: [hypertension] },
      ),
    );
    expect(rs.map((r) => [r.act_pay_dedc, r.pool_prop_selfpay, r.hifp_pay])).toEqual([
      [200, 0.8, 640],
      [0, 0.8, 1360],
    ]);
  });

  it('each further recognised disease adds 1,000, at most 5,000; retirees 83%', () => {
    // two diseases: cap 3000; 10000 − 200 = 9800 × 83% = 8134 → 3000
    const two = run(
      request(CZ, [visit('chronic', { visitDate: '2024-08-01', disease: '糖尿病', items: drugA(10000) })], { status: 'retired', chronicDiseases: [hypertension, { name: '2型糖尿病', recognizedOn: '2024-07-15' }] }),
    );
    expect(two[0]!.hifp_pay).toBe(3000);
    // five diseases: 2000 + 4 × 1000 = 6000 → at most 5000
    const five = ['高血压病', '糖尿病', '冠心病', '癫痫', '银屑病'].map((name) => ({ name, recognizedOn: '2024-07-01' }));
    const r5 = run(request(CZ, [visit('chronic', { visitDate: '2024-08-01', disease: '癫痫', items: drugA(10000) })], { chronicDiseases: five }));
    expect(r5[0]!.hifp_pay).toBe(5000);
  });

  it('costs before the recognition date are not paid (第六十七条（四）)', () => {
    const [r] = run(request(CZ, [visit('chronic', { visitDate: '2024-08-01', disease: '高血压病' })], { chronicDiseases: [{ name: '高血压病', recognizedOn: '2024-08-02' }] }));
    expect([r!.hifp_pay, r!.act_pay_dedc, r!.psn_part_amt]).toEqual([0, 0, 1000]);
    expect(r!.steps.some((s) => s.source === '沧政规〔2024〕1号 第六十七条（四）')).toBe(true);
  });

  it('a disease outside the 35 is refused', () => {
    const e = errorOf(request(CZ, [visit('chronic', { visitDate: '2024-08-01', disease: '感冒' })]));
    expect(e.code).toBe('invalid_input');
    expect(e.path).toBe('claims[0].disease');
  });
});

describe('沧州 special diseases (第六十七条（二）)', () => {
  const cancer = { specialDiseases: [{ name: '恶性肿瘤门诊治疗', recognizedOn: '2024-07-01' }] };

  it('no deductible, the inpatient ratio of the level; cross-province at the referral standard', () => {
    // level 3 employed: 10000 × 90% = 9000; cross-province: 90 − 10 = 80% → 8000
    const [a] = run(request(CZ, [visit('special', { visitDate: '2024-08-01', disease: '恶性肿瘤门诊放化疗', hospital: { level: 3 }, items: drugA(10000) })], cancer));
    const [b] = run(
      request(CZ, [visit('special', { visitDate: '2024-08-01', disease: '恶性肿瘤门诊治疗', hospital: { level: 3 }, place: 'cross_province', items: drugA(10000) })], cancer),
    );
    expect([a!.act_pay_dedc, a!.pool_prop_selfpay, a!.hifp_pay]).toEqual([0, 0.9, 9000]);
    expect([b!.pool_prop_selfpay, b!.hifp_pay]).toEqual([0.8, 8000]);
  });

  it('special-disease payments count toward the 150,000 annual cap and leave inpatient counts alone', () => {
    // inpatient level 1: (200000 − 300) × 98% → 150000; special then: 0
    const rs = run(
      request(
        CZ,
        [
          inpatient({ admissionDate: '2024-07-01', dischargeDate: '2024-07-20', hospital: { level: 1 }, items: drugA(200000) }),
          visit('special', { visitDate: '2024-08-01', disease: '白血病', hospital: { level: 3 }, items: drugA(10000) }),
        ],
        { specialDiseases: [{ name: '急性髓系白血病', recognizedOn: '2024-01-01' }] },
      ),
    );
    expect(rs.map((r) => r.hifp_pay)).toEqual([150000, 0]);
  });

  it('dialysis is paid under a policy the seeds do not contain: unsupported', () => {
    const e = errorOf(request(CZ, [visit('special', { visitDate: '2024-08-01', disease: '尿毒症透析治疗' })], { specialDiseases: [{ name: '尿毒症透析治疗', recognizedOn: '2024-01-01' }] }));
    expect(e.code).toBe('unsupported');
  });
});

describe('沧州 personal account and the layer above the cap', () => {
  it('the person’s share is paid from the account first, the balance carried (第九十九条)', () => {
    // inpatient: psn 10000 − 8190 = 1810; balance 1000 → acct 1000, cash 810, balc 0
    // outpatient: (1000 − 100) × 60% = 540; psn 460 → acct 0 (balance 0)
    const rs = run(
      request(CZ, [inpatient({ admissionDate: '2024-07-01', dischargeDate: '2024-07-05' }), visit('outpatient', { visitDate: '2024-08-01' })], { accountBalance: 1000 }),
    );
    expect(rs.map((r) => [r.psn_part_amt, r.acct_pay, r.psn_cash_pay, r.balc])).toEqual([
      [1810, 1000, 810, 0],
      [460, 0, 460, 0],
    ]);
    const [big] = run(request(CZ, [inpatient({ admissionDate: '2024-07-01', dischargeDate: '2024-07-05' })], { accountBalance: 5000.5 }));
    expect([big!.acct_pay, big!.psn_cash_pay, big!.balc]).toEqual([1810, 0, 3190.5]);
  });

  it('above the annual cap no 大额 rule is configured: the rest stays the person’s, and the explanation says so', () => {
    const [r] = run(request(CZ, [inpatient({ admissionDate: '2024-07-01', dischargeDate: '2024-07-20', hospital: { level: 1 }, items: drugA(200000) })]));
    expect([r!.hifp_pay, r!.hifob_pay, r!.psn_part_amt]).toEqual([150000, 0, 50000]);
    expect(r!.steps.some((s) => s.rule === 'largeExpense.none' && s.source === '沧政规〔2024〕1号 第一百一十七条')).toBe(true);
  });
});
