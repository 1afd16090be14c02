/**
 * 资阳 outpatient and layers: 普通门诊 (第十六条), 特殊疾病 (第十七条), 单行支付药品 and
 * 高值药品 (第二十条), 大额 (第二十七条), 商业补充医疗保险 (第三十一条).
 * Context: the 2023 city average wage 80,000 → annual cap 480,000, 大额 deductible ≤ 40,000.
 */
import { describe, expect, it } from 'vitest';
import { drugA, errorOf, inpatient, request, run, visit, type Json } from './helpers.js';

const ZY = 'ziyang';
const context = { context: { averageWage: { '2023': 80000 } } };
const zy = (claims: Json[], person: Json = {}, extra: Json = {}) => request(ZY, claims, person, { ...context, ...extra });
const day = '2024-05-01';

describe('资阳 general outpatient', () => {
  it('combined enrolment: deductible 200 / 150, level 3 and pharmacies 50%, level 2 and below 60%, retirees +10', () => {
    // level 3 employed: (1000 − 200) × 50% = 400
    // level 2 employed: (1000 − 200) × 60% = 480
    // level 3 retired: (1000 − 150) × 60% = 510
    // pharmacy retired: (1000 − 150) × 60% = 510
    const [a] = run(zy([visit('outpatient', { visitDate: day, hospital: { level: 3, grade: 'A' } })]));
    const [b] = run(zy([visit('outpatient', { visitDate: day, hospital: { level: 2, grade: 'B' } })]));
    const [c] = run(zy([visit('outpatient', { visitDate: day, hospital: { level: 3, grade: 'A' } })], { status: 'retired' }));
    const [d] = run(zy([visit('outpatient', { visitDate: day, hospital: { level: 0, kind: 'pharmacy' } })], { status: 'retired' }));
    expect([a!.hifp_pay, b!.hifp_pay, c!.hifp_pay, d!.hifp_pay]).toEqual([400, 480, 510, 510]);
    expect([a!.act_pay_dedc, c!.act_pay_dedc]).toEqual([200, 150]);
  });

  it('caps 2,000 / 2,500 combined, 800 / 1,000 pool-only without deductible', () => {
    // combined employed level 2: (10000 − 200) × 60% = 5880 → 2000
    // pool-only employed level 2: 2000 × 60% = 1200 → 800; retired 1000
    const [a] = run(zy([visit('outpatient', { visitDate: day, items: drugA(10000), hospital: { level: 2, grade: 'A' } })]));
    const [b] = run(zy([visit('outpatient', { visitDate: day, items: drugA(2000), hospital: { level: 2, grade: 'A' } })], { enrolment: 'pool_only' }));
    const [c] = run(zy([visit('outpatient', { visitDate: day, items: drugA(2000), hospital: { level: 2, grade: 'A' } })], { enrolment: 'pool_only', status: 'retired' }));
    expect([a!.hifp_pay, b!.act_pay_dedc, b!.hifp_pay, c!.hifp_pay]).toEqual([2000, 0, 800, 1000]);
  });

  it('out of the area: settled as local when registered per 第三十四条, refused otherwise', () => {
    const [r] = run(zy([visit('outpatient', { visitDate: day, place: 'cross_province', registration: 'referral', hospital: { level: 3, grade: 'A' } })]));
    expect(r!.hifp_pay).toBe(400);
    expect(errorOf(zy([visit('outpatient', { visitDate: day, place: 'in_province' })])).code).toBe('unsupported');
  });

  it('pool-only enrolees have no personal account (第十条)', () => {
    expect(errorOf(zy([visit('outpatient', { visitDate: day, hospital: { level: 2, grade: 'A' } })], { enrolment: 'pool_only', accountBalance: 100 })).path).toBe(
      'person.accountBalance',
    );
  });
});

describe('资阳 special diseases (第十七条)', () => {
  it('class 1 is paid as inpatient care without deductible, with the class-1 increase', () => {
    // level 3 local employed: 80% + 5 (第一类特殊疾病) = 85%: 10000 × 85% = 8500
    const [r] = run(
      zy([visit('special', { visitDate: day, disease: '尿毒症', hospital: { level: 3, grade: 'A' }, items: drugA(10000) })], {
        specialDiseases: [{ name: '尿毒症', recognizedOn: '2023-06-01', class: 1 }],
      }),
    );
    expect([r!.act_pay_dedc, r!.pool_prop_selfpay, r!.hifp_pay]).toEqual([0, 0.85, 8500]);
  });

  it('classes 2 and 3: 75% within 3,000 / 2,000 a year', () => {
    // class 2: 5000 × 75% = 3750 → 3000; class 3 alone: 2000 × 75% = 1500; then 2000 × 75% = 1500 → 500
    const [a] = run(zy([visit('special', { visitDate: day, disease: '甲亢', items: drugA(5000) })], { specialDiseases: [{ name: '甲亢', recognizedOn: '2023-01-01', class: 2 }] }));
    const b = run(
      zy([visit('special', { visitDate: day, disease: '银屑病', items: drugA(2000) }), visit('special', { visitDate: '2024-06-01', disease: '银屑病', items: drugA(2000) })], {
        specialDiseases: [{ name: '银屑病', recognizedOn: '2023-01-01', class: 3 }],
      }),
    );
    expect([a!.act_pay_dedc, a!.pool_prop_selfpay, a!.hifp_pay]).toEqual([0, 0.75, 3000]);
    expect(b.map((r) => r.hifp_pay)).toEqual([1500, 500]);
  });

  it('several class-2/3 diseases: the highest cap, +20% of it for each further one', () => {
    // class 2 (3000) and class 3 (2000): 3000 + 20% × 3000 = 3600; 10000 × 75% = 7500 → 3600
    const [r] = run(
      zy([visit('special', { visitDate: day, disease: '银屑病', items: drugA(10000) })], {
        specialDiseases: [
          { name: '甲亢', recognizedOn: '2023-01-01', class: 2 },
          { name: '银屑病', recognizedOn: '2023-01-01', class: 3 },
        ],
      }),
    );
    expect(r!.hifp_pay).toBe(3600);
  });

  it('the class comes from the person’s record; a chronic claim is not a Ziyang category', () => {
    const e = errorOf(zy([visit('special', { visitDate: day, disease: '甲亢' })], { specialDiseases: [{ name: '甲亢', recognizedOn: '2023-01-01' }] }));
    expect([e.code, e.path]).toEqual(['invalid_input', 'person.specialDiseases[0].class']);
    expect(errorOf(zy([visit('chronic', { visitDate: day, disease: '高血压' })])).code).toBe('unsupported');
  });
});

describe('资阳 drugs with their own rules (第二十条)', () => {
  it('single-payment drugs: no deductible, 70%, outside the item’s class pre-self-pay', () => {
    // single-payment 10000 (class B): 10000 × 70% = 7000
    // ordinary class A 10000 at level 3 A: (10000 − 1000) × 80% = 7200 → hifp 14200
    const [r] = run(
      zy([
        inpatient({
          admissionDate: day,
          dischargeDate: '2024-05-10',
          items: [
            { category: 'drug', class: 'B', amount: 10000, singlePaymentDrug: true },
            { category: 'drug', class: 'A', amount: 10000 },
          ],
        }),
      ]),
    );
    expect([r!.preselfpay_amt, r!.inscp_scp_amt, r!.act_pay_dedc, r!.hifp_pay]).toEqual([0, 20000, 1000, 14200]);
  });

  it('single-payment drugs: at most 200,000 a year', () => {
    // 300000 × 70% = 210000 → 200000; the ordinary part is empty
    const [r] = run(zy([visit('outpatient', { visitDate: day, hospital: { level: 3, grade: 'A' }, items: [{ category: 'drug', class: 'A', amount: 300000, singlePaymentDrug: true }] })]));
    expect(r!.hifp_pay).toBe(200000);
  });

  it('high-value drugs in outpatient care: class-B pre-self-pay, no deductible, the inpatient ratio; from a supplier at level 3', () => {
    // level 2 hospital: 10000 − 10% = 9000 × 85% = 7650
    // supplier (pharmacy): level-3 inpatient ratio 80%: 9000 × 80% = 7200
    const hv = [{ category: 'drug', class: 'B', amount: 10000, highValueDrug: true }];
    const [a] = run(zy([visit('outpatient', { visitDate: day, hospital: { level: 2, grade: 'A' }, items: hv })]));
    const [b] = run(zy([visit('outpatient', { visitDate: day, hospital: { level: 0, kind: 'pharmacy' }, items: hv })]));
    expect([a!.preselfpay_amt, a!.act_pay_dedc, a!.hifp_pay, b!.hifp_pay]).toEqual([1000, 0, 7650, 7200]);
  });
});

describe('资阳 大额医疗费用补助 (第二十七条)', () => {
  it('bands on the year’s personal amount, from the deductible at 50% of last year’s average wage', () => {
    // deductible: 80000 × 50% = 40000
    // 1st: level 3 A: (200000 − 1000) × 80% = 159200; personal 200000 − 159200 = 40800
    //      band 40000–40800 × 70% = 560
    // 2nd: 2nd admission 1000 − 50 = 950: (100000 − 950) × 80% = 79240; personal + 20760 = 61560
    //      40800–50000 × 70% = 6440; 50000–61560 × 80% = 9248 → 15688
    const rs = run(
      zy([
        inpatient({ admissionDate: '2024-02-01', dischargeDate: '2024-02-20', items: drugA(200000) }),
        inpatient({ admissionDate: '2024-05-01', dischargeDate: '2024-05-20', items: drugA(100000) }),
      ]),
    );
    expect(rs.map((r) => [r.hifp_pay, r.hifob_pay])).toEqual([
      [159200, 560],
      [79240, 15688],
    ]);
    expect(rs[0]!.steps.some((s) => s.rule === 'largeExpense.deductible' && s.text.includes('40000.00'))).toBe(true);
  });

  it('the agency’s lower deductible from context; above the bound is refused', () => {
    // deductible 30000: (40800 − 30000) × 70% = 7560
    const [r] = run(zy([inpatient({ admissionDate: '2024-02-01', dischargeDate: '2024-02-20', items: drugA(200000) })], {}, { context: { averageWage: { '2023': 80000 }, largeExpenseDeductible: 30000 } }));
    expect(r!.hifob_pay).toBe(7560);
    const e = errorOf(zy([inpatient({ admissionDate: '2024-02-01', dischargeDate: '2024-02-20' })], {}, { context: { averageWage: { '2023': 80000 }, largeExpenseDeductible: 45000 } }));
    expect([e.code, e.path]).toEqual(['invalid_input', 'context.largeExpenseDeductible']);
  });

  it('out of the area: 50% in the first band', () => {
    // out-of-area level 3 A: 1200, 60%: (200000 − 1200) × 60% = 119280; personal 80720
    // 40000–50000 × 50% = 5000; 50000–80720 × 60% = 18432 → 23432
    const [r] = run(zy([inpatient({ admissionDate: '2024-02-01', dischargeDate: '2024-02-20', place: 'in_province', items: drugA(200000) })]));
    expect([r!.hifp_pay, r!.hifob_pay]).toEqual([119280, 23432]);
  });
});

describe('资阳 commercial supplementary insurance (第三十一条)', () => {
  it('inpatient: (eligible − deductible − basic − 大额) × 60% local', () => {
    // (200000 − 1000 − 159200 − 560) × 60% = 39240 × 60% = 23544
    const [r] = run(zy([inpatient({ admissionDate: '2024-02-01', dischargeDate: '2024-02-20', items: drugA(200000) })], { tags: ['supplementary_insured'] }));
    expect([r!.hifp_pay, r!.hifob_pay, r!.oth_pay, r!.fund_pay_sumamt, r!.psn_part_amt]).toEqual([159200, 560, 23544, 183304, 16696]);
  });

  it('inpatient out of the area: 40%', () => {
    // out-of-area level 3 A: basic 119280, 大额 23432 (as above); (200000 − 1200 − 119280 − 23432) × 40% = 22435.20
    const [r] = run(zy([inpatient({ admissionDate: '2024-02-01', dischargeDate: '2024-02-20', place: 'in_province', items: drugA(200000) })], { tags: ['supplementary_insured'] }));
    expect([r!.hifob_pay, r!.oth_pay]).toEqual([23432, 22435.2]);
  });

  it('class-1 special-disease claims count with inpatient care for 大额 (视同住院)', () => {
    // class 1 at level 3 A: 85%: 300000 × 85% = 255000; personal 45000 → (45000 − 40000) × 70% = 3500
    const [r] = run(
      zy([visit('special', { visitDate: day, disease: '尿毒症', hospital: { level: 3, grade: 'A' }, items: drugA(300000) })], {
        specialDiseases: [{ name: '尿毒症', recognizedOn: '2023-06-01', class: 1 }],
      }),
    );
    expect([r!.hifp_pay, r!.hifob_pay]).toEqual([255000, 3500]);
  });

  it('class-2/3 costs above the basic cap at 60%, at most 1,000 a year', () => {
    // class 2: 5000 × 75% = 3750 → 3000 covers 4000; 1000 beyond × 60% = 600
    // again: basic 0 left; 5000 beyond × 60% = 3000 → 1000 − 600 = 400
    const rs = run(
      zy([visit('special', { visitDate: day, disease: '甲亢', items: drugA(5000) }), visit('special', { visitDate: '2024-06-01', disease: '甲亢', items: drugA(5000) })], {
        tags: ['supplementary_insured'],
        specialDiseases: [{ name: '甲亢', recognizedOn: '2023-01-01', class: 2 }],
      }),
    );
    expect(rs.map((r) => [r.hifp_pay, r.oth_pay])).toEqual([
      [3000, 600],
      [0, 400],
    ]);
  });
});
