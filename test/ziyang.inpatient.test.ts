/**
 * 资阳 inpatient (资府办规〔2022〕7号 第十二、十八、二十、三十四条).
 * The annual cap needs the previous year's city average wage (context).
 */
import { describe, expect, it } from 'vitest';
import { amounts, errorOf, expected, inpatient, request, run, type Json } from './helpers.js';

const ZY = 'ziyang';
const day = { admissionDate: '2024-05-01', dischargeDate: '2024-05-10' };
const context = { context: { averageWage: { '2023': 80000, '2024': 85000 } } };
const zy = (claims: Json[], person: Json = {}) => request(ZY, claims, person, context);

describe('资阳 inpatient', () => {
  it('level 3 grade A, local, employed: 1000 and 80%', () => {
    // (10000 − 1000) × 80% = 7200
    const [r] = run(zy([inpatient(day)]));
    expect(amounts(r!)).toEqual(expected({ medfee: 10000, inscp: 10000, deductible: 1000, hifp: 7200, ratio: 0.8 }));
  });

  it('levels 2 and 3 need the grade', () => {
    const e = errorOf(zy([inpatient({ ...day, hospital: { level: 3 } })]));
    expect(e.code).toBe('invalid_input');
    expect(e.path).toBe('claims[0].hospital.grade');
  });

  it('retirees: deductible 200 lower, ratio +5', () => {
    // level 2 grade B: 400 − 200 = 200; 85 + 5 = 90%: (10000 − 200) × 90% = 8820
    const [r] = run(zy([inpatient({ ...day, hospital: { level: 2, grade: 'B' } })], { status: 'retired', birthDate: '1960-01-01' }));
    expect(amounts(r!)).toEqual(expected({ medfee: 10000, inscp: 10000, deductible: 200, hifp: 8820, ratio: 0.9 }));
  });

  it('the deductible is never below 100; the ratio never above 100%', () => {
    // level 0 local retired: 100 − 200 → 100; 95 + 5 = 100%: (10000 − 100) × 100% = 9900
    const [r] = run(zy([inpatient({ ...day, hospital: { level: 0 } })], { status: 'retired', birthDate: '1960-01-01' }));
    expect(amounts(r!)).toEqual(expected({ medfee: 10000, inscp: 10000, deductible: 100, hifp: 9900, ratio: 1 }));
  });

  it('aged 70 and over: +5 on the retiree ratio (age on the admission date)', () => {
    // born 1954-05-01: 70 on 2024-05-01. level 3 A retired: 80 + 5 + 5 = 90%: (10000 − 800) × 90% = 8280
    // born 1954-05-02: 69 on admission: 85%: (10000 − 800) × 85% = 7820
    const [a] = run(zy([inpatient(day)], { status: 'retired', birthDate: '1954-05-01' }));
    const [b] = run(zy([inpatient(day)], { status: 'retired', birthDate: '1954-05-02' }));
    expect([a!.pool_prop_selfpay, a!.hifp_pay, b!.pool_prop_selfpay, b!.hifp_pay]).toEqual([0.9, 8280, 0.85, 7820]);
  });

  it('class-1 special disease: +5 more; capped at 100%', () => {
    // level 1 retired, 72, class 1: 90 + 5 + 5 + 5 = 105 → 100%; deductible 200 − 200 → 100
    const [r] = run(zy([inpatient({ ...day, hospital: { level: 1 } })], { status: 'retired', birthDate: '1952-01-01', tags: ['special_disease_class1'] }));
    expect(amounts(r!)).toEqual(expected({ medfee: 10000, inscp: 10000, deductible: 100, hifp: 9900, ratio: 1 }));
  });

  it('a class-1 special disease is known from the record, from its recognition date (第十八条（一）5、（二）3)', () => {
    // employed, level 3 A, 80% base. Recognised 2024-03-01 as class 1 (恶性肿瘤):
    // stay of 2024-02 (before recognition): 1000; (10000 − 1000) × 80% = 7200;
    // stay of 2024-04 (after): the year's 2nd admission bears no deductible (only the first does), ratio 80 + 5 = 85%:
    // 10000 × 85% = 8500
    const record = { specialDiseases: [{ name: '恶性肿瘤', recognizedOn: '2024-03-01', class: 1 }] };
    const rs = run(zy([inpatient({ admissionDate: '2024-02-01', dischargeDate: '2024-02-05' }), inpatient({ admissionDate: '2024-04-01', dischargeDate: '2024-04-10' })], record));
    expect(rs.map((r) => [r.act_pay_dedc, r.pool_prop_selfpay, r.hifp_pay])).toEqual([
      [1000, 0.8, 7200],
      [0, 0.85, 8500],
    ]);
    // a class-2 record changes nothing: 2nd admission 1000 − 50 = 950; (10000 − 950) × 80% = 7240
    const class2 = run(zy([inpatient({ admissionDate: '2024-02-01', dischargeDate: '2024-02-05' }), inpatient({ admissionDate: '2024-04-01', dischargeDate: '2024-04-10' })], { specialDiseases: [{ name: '尿毒症', recognizedOn: '2024-01-01', class: 2 }] }));
    expect(class2.map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [1000, 7200],
      [950, 7240],
    ]);
    // the legacy tag may not contradict the record
    const e = errorOf(zy([inpatient({ admissionDate: '2024-02-01', dischargeDate: '2024-02-05' })], { ...record, tags: ['special_disease_class1'] }));
    expect([e.code, e.path]).toEqual(['invalid_input', 'person.tags[0]']);
  });

  it('out-of-area without a 第三十四条 registration: out-of-area deductible and ratio', () => {
    // level 3 A: 1200, 60%: (10000 − 1200) × 60% = 5280
    const [r] = run(zy([inpatient({ ...day, place: 'in_province' })]));
    expect(amounts(r!)).toEqual(expected({ medfee: 10000, inscp: 10000, deductible: 1200, hifp: 5280, ratio: 0.6 }));
  });

  it('registered referral, long-term residence, temporary stay or emergency: settled as local (第三十四条)', () => {
    for (const registration of ['referral', 'long_term', 'temporary', 'emergency']) {
      const [r] = run(zy([inpatient({ ...day, place: 'cross_province', registration })]));
      expect([registration, r!.act_pay_dedc, r!.hifp_pay]).toEqual([registration, 1000, 7200]);
    }
  });

  it('each earlier admission lowers the deductible by 50, never below 100', () => {
    // level 1 employed: 200, 150, 100, 100
    const claims = [1, 2, 3, 4].map((m) => inpatient({ admissionDate: `2024-0${m}-01`, dischargeDate: `2024-0${m}-05`, hospital: { level: 1 } }));
    const rs = run(zy(claims));
    expect(rs.map((r) => r.act_pay_dedc)).toEqual([200, 150, 100, 100]);
    // (10000 − 150) × 90% = 8865
    expect(rs[1]!.hifp_pay).toBe(8865);
  });

  it('aged 80 and over, class-1 special disease, AIDS: only the year’s first admission bears a deductible', () => {
    // 2nd admission: 0 → 10000 × 80% = 8000 (employed AIDS patient, level 3 A)
    const two = [inpatient({ admissionDate: '2024-02-01', dischargeDate: '2024-02-05' }), inpatient(day)];
    const aids = run(zy(two, { tags: ['aids'] }));
    expect(aids.map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [1000, 7200],
      [0, 8000],
    ]);
    // 80 on admission, retired: first 1000 − 200 = 800; then 0; ratio 80 + 5 + 5 = 90%
    const old = run(zy([inpatient({ admissionDate: '2024-02-01', dischargeDate: '2024-02-05' }), inpatient(day)], { status: 'retired', birthDate: '1944-01-15' }));
    expect(old.map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [800, 8280],
      [0, 9000],
    ]);
  });

  it('pre-self-pay: class-B drugs 10%, services and materials by unit-price bracket', () => {
    // drug B 1000 × 10% = 100
    // service B unit 300 × 2: bracket ≤300 → 10% of 600 = 60
    // service B unit 300.01: bracket 300–1000 → 20% = 60.00 (300.01 × 20% = 60.002 → 60.00)
    // service B unit 3000: bracket 1000–3000 (含) → 30% = 900
    // service B unit 3000.01: above 3000 → 40% = 1200.004 → 1200.00
    // total 1000 + 600 + 300.01 + 3000 + 3000.01 = 7900.02; pre-self-pay 100 + 60 + 60 + 900 + 1200 = 2320
    // eligible: 900 + 540 + 240.01 + 2100 + 1800.01 = 5580.02; (5580.02 − 1000) × 80% = 3664.016 → 3664.02
    const [r] = run(
      zy([
        inpatient({
          ...day,
          items: [
            { category: 'drug', class: 'B', amount: 1000 },
            { category: 'service', class: 'B', unitPrice: 300, quantity: 2 },
            { category: 'service', class: 'B', unitPrice: 300.01, quantity: 1 },
            { category: 'service', class: 'B', unitPrice: 3000, quantity: 1 },
            { category: 'service', class: 'B', unitPrice: 3000.01, quantity: 1 },
          ],
        }),
      ]),
    );
    expect(amounts(r!)).toEqual(
      expected({ medfee: 7900.02, preselfpay: 2320, inscp: 5580.02, deductible: 1000, hifp: 3664.02, ratio: 0.8 }),
    );
  });

  it('materials: brackets by unit price; without a price cap only 60,000 a unit is paid', () => {
    // 70000 without cap: over 10000; 60000 in the 30000–60000 bracket: 50% = 30000; eligible 30000
    // 600 × 2 with cap 500: over 200; unit 500 → 10%: 1000 × 10% = 100; eligible 900
    // (30900 − 1000) × 80% = 23920
    const [r] = run(
      zy([
        inpatient({
          ...day,
          items: [
            { category: 'material', class: 'B', unitPrice: 70000, quantity: 1 },
            { category: 'material', class: 'B', unitPrice: 600, quantity: 2, priceCap: 500 },
          ],
        }),
      ]),
    );
    expect(amounts(r!)).toEqual(expected({ medfee: 71200, overlmt: 10200, preselfpay: 30100, inscp: 30900, deductible: 1000, hifp: 23920, ratio: 0.8 }));
  });

  it('a class-A material without a price cap is also paid only up to 60,000 a unit', () => {
    // 70000: over 10000; class A, no pre-self-pay: eligible 60000; (60000 − 1000) × 80% = 47200
    const [r] = run(zy([inpatient({ ...day, items: [{ category: 'material', class: 'A', unitPrice: 70000, quantity: 1 }] })]));
    expect(amounts(r!)).toEqual(expected({ medfee: 70000, overlmt: 10000, inscp: 60000, deductible: 1000, hifp: 47200, ratio: 0.8 }));
  });

  it('an employed person aged 70 gets the age increase only', () => {
    // employed, 74 on admission, level 3 A: 80 + 5 = 85%: (10000 − 1000) × 85% = 7650
    const [r] = run(zy([inpatient(day)], { status: 'employed', birthDate: '1950-01-01' }));
    expect([r!.pool_prop_selfpay, r!.hifp_pay]).toEqual([0.85, 7650]);
  });

  it('a referred transfer within 24 hours: the difference of deductibles (第十八条（一）6)', () => {
    // level 2 A: 600 → (10000 − 600) × 85% = 7990; level 3 A referred the same day: 1000 − 600 = 400 → (10000 − 400) × 80% = 7680
    const rs = run(
      zy([
        inpatient({ admissionDate: '2024-03-01', dischargeDate: '2024-03-05', hospital: { level: 2, grade: 'A' } }),
        inpatient({ admissionDate: '2024-03-05', dischargeDate: '2024-03-15', registration: 'referral' }),
      ]),
    );
    expect(rs.map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [600, 7990],
      [400, 7680],
    ]);
  });

  it('bed caps by level and ward (第十二条（二）)', () => {
    // level 3: general 25/日, isolation 50/日. 40 × 10 → over 150; 60 × 3 isolation → over 30
    // eligible 250 + 150 + 10000 = 10400; (10400 − 1000) × 80% = 7520
    const [r] = run(
      zy([
        inpatient({
          ...day,
          items: [
            { category: 'bed', ward: 'general', dailyPrice: 40, days: 10 },
            { category: 'bed', ward: 'isolation', dailyPrice: 60, days: 3 },
            { category: 'drug', class: 'A', amount: 10000 },
          ],
        }),
      ]),
    );
    expect(amounts(r!)).toEqual(expected({ medfee: 10580, overlmt: 180, inscp: 10400, deductible: 1000, hifp: 7520, ratio: 0.8 }));
  });

  it('annual cap: 6 × the previous year’s average wage, from context', () => {
    // 6 × 80000 = 480000; level 0 local: (600000 − 100) × 95% = 569905 → 480000
    const [r] = run(zy([inpatient({ ...day, hospital: { level: 0 }, items: [{ category: 'drug', class: 'A', amount: 600000 }] })]));
    expect(r!.hifp_pay).toBe(480000);
    const e = errorOf(request(ZY, [inpatient(day)], {}, { context: { averageWage: { '2024': 85000 } } }));
    expect(e.code).toBe('missing_context');
    expect(e.path).toBe('context.averageWage.2023');
  });

  it('in force 2023-01-01 to 2027-12-31', () => {
    expect(errorOf(zy([inpatient({ admissionDate: '2022-12-20', dischargeDate: '2022-12-31' })])).code).toBe('policy_not_in_force');
    expect(errorOf(request(ZY, [inpatient({ admissionDate: '2028-01-01', dischargeDate: '2028-01-05' })], {}, { context: { averageWage: { '2027': 90000 } } })).code).toBe(
      'policy_not_in_force',
    );
  });
});
