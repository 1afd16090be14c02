/** Bad input is refused with code invalid_input and the field's path; nothing is settled. */
import { describe, expect, it } from 'vitest';
import { errorOf, inpatient, request, run, type Json } from './helpers.js';

const day = { admissionDate: '2024-07-20', dischargeDate: '2024-08-01' };
const item = (it: Json) => request('cangzhou', [inpatient({ ...day, items: [it] })]);

describe('input validation', () => {
  it.each([
    ['more than 2 decimals', { category: 'drug', class: 'A', amount: 1.005 }, 'claims[0].items[0].amount'],
    ['a negative amount', { category: 'drug', class: 'A', amount: -1 }, 'claims[0].items[0].amount'],
    ['an amount as a string', { category: 'drug', class: 'A', amount: '100' }, 'claims[0].items[0].amount'],
    ['no class', { category: 'drug', amount: 100 }, 'claims[0].items[0].class'],
    ['amount and unitPrice together', { category: 'drug', class: 'A', amount: 100, unitPrice: 1, quantity: 1 }, 'claims[0].items[0].amount'],
    ['unitPrice without quantity', { category: 'drug', class: 'A', unitPrice: 1 }, 'claims[0].items[0].quantity'],
    ['a bed without days', { category: 'bed', dailyPrice: 40 }, 'claims[0].items[0].dailyPrice'],
    ['an unknown field', { category: 'drug', class: 'A', amount: 1, colour: 'red' }, 'claims[0].items[0].colour'],
    ['selfPayRatio above 1', { category: 'drug', class: 'A', amount: 1, selfPayRatio: 1.5 }, 'claims[0].items[0].selfPayRatio'],
  ])('refuses %s', (_name, bad, path) => {
    const e = errorOf(item(bad));
    expect(e.code).toBe('invalid_input');
    expect(e.path).toBe(path);
  });

  it('refuses NaN-like and unknown regions, statuses and dates', () => {
    expect(errorOf({ ...request('cangzhou', [inpatient(day)]), region: 'beijing' }).path).toBe('region');
    expect(errorOf(request('cangzhou', [inpatient(day)], { status: 'student' })).path).toBe('person.status');
    expect(errorOf(request('cangzhou', [inpatient({ admissionDate: '2024-02-30', dischargeDate: '2024-03-01' })])).path).toBe('claims[0].admissionDate');
    expect(errorOf(request('cangzhou', [inpatient({ admissionDate: '2024-08-02', dischargeDate: '2024-08-01' })])).path).toBe('claims[0].dischargeDate');
    expect(errorOf(request('cangzhou', [inpatient({ ...day, hospital: { level: 4 } })])).path).toBe('claims[0].hospital.level');
    expect(errorOf(request('cangzhou', [inpatient(day), inpatient({ ...day, id: 'C-dup' }), inpatient({ ...day, id: 'C-dup' })])).path).toBe('claims[2].id');
  });

  it('a later claim that fails refuses the whole request (nothing half-settled)', () => {
    const e = errorOf(request('cangzhou', [inpatient(day), inpatient({ admissionDate: '2024-01-01', dischargeDate: '2024-01-05' })]));
    expect(e.code).toBe('policy_not_in_force');
    expect(e.path).toBe('claims[1].dischargeDate');
  });

  it('accepts quantities with decimals and rounds the line half-up', () => {
    // 33.33 × 1.5 = 49.995 → 50.00; class A, eligible; below the deductible
    const [r] = run(request('cangzhou', [inpatient({ ...day, items: [{ category: 'drug', class: 'A', unitPrice: 33.33, quantity: 1.5 }] })]));
    expect([r!.medfee_sumamt, r!.inscp_scp_amt, r!.act_pay_dedc, r!.hifp_pay]).toEqual([50, 50, 50, 0]);
  });

  it('an outpatient claim needs visitDate, not admission and discharge dates', () => {
    const e = errorOf(request('cangzhou', [{ ...inpatient(day), type: 'outpatient' }]));
    expect(e.code).toBe('invalid_input');
    expect(e.path).toBe('claims[0].visitDate');
  });

  it('a chronic claim names its disease', () => {
    const e = errorOf(request('cangzhou', [{ id: 'X', type: 'chronic', visitDate: '2024-08-01', hospital: { level: 2 }, items: [] }]));
    expect(e.code).toBe('invalid_input');
    expect(e.path).toBe('claims[0].disease');
  });

  it('an age rule without birthDate asks for it', () => {
    const e = errorOf(
      request('ziyang', [inpatient({ admissionDate: '2024-05-01', dischargeDate: '2024-05-03' })], { birthDate: undefined, status: 'retired' }, {
        context: { averageWage: { '2023': 80000 } },
      }),
    );
    expect(e.code).toBe('invalid_input');
    expect(e.path).toBe('person.birthDate');
  });
});

describe('plausibility and bounds (issue §5)', () => {
  const refused = (req: Json, path: string, code = 'invalid_input') => {
    const e = errorOf(req);
    expect([e.code, e.path], e.message).toEqual([code, path]);
  };

  it('a birth date after the claim is refused, not computed', () => {
    refused(request('cangzhou', [inpatient(day)], { birthDate: '2024-07-21' }), 'person.birthDate');
    // the day of the admission itself is a plausible birth (a newborn's stay)
    expect(run(request('cangzhou', [inpatient(day)], { birthDate: '2024-07-20' }))).toHaveLength(1);
  });

  it('dates are years 1900–2100; a stay is at most 730 days; bed days at most 730', () => {
    refused(request('cangzhou', [inpatient(day)], { birthDate: '0000-01-01' }), 'person.birthDate');
    refused(request('cangzhou', [inpatient({ admissionDate: '2024-07-20', dischargeDate: '9999-12-31' })]), 'claims[0].dischargeDate');
    refused(request('cangzhou', [inpatient({ admissionDate: '2014-07-20', dischargeDate: '2024-08-01' })]), 'claims[0].dischargeDate');
    refused(item({ category: 'bed', ward: 'general', dailyPrice: 30, days: 731 }), 'claims[0].items[0].days');
    refused(request('cangzhou', [inpatient(day)], { specialDiseases: [{ name: '白血病', recognizedOn: '1899-12-31' }] }), 'person.specialDiseases[0].recognizedOn');
  });

  it('context.averageWage.__proto__ is refused like any other key that is not a year', () => {
    const req = JSON.parse('{"region":"cangzhou","context":{"averageWage":{"__proto__":1}},"person":{},"claims":[]}') as Json;
    refused({ ...req, claims: [inpatient(day)] }, 'context.averageWage.__proto__');
    refused({ ...request('cangzhou', [inpatient(day)]), context: { averageWage: { '1899': 1 } } }, 'context.averageWage.1899');
  });

  it('a claim totalling more than 1,000,000,000 yuan is refused (sums stay exact)', () => {
    const big = { category: 'drug', class: 'A', amount: 999_999_999 };
    refused(request('cangzhou', [inpatient({ ...day, items: [big, big] })]), 'claims[0].items');
  });

  it('a request is bounded: 10,000 claims, 20,000 items a claim', () => {
    const claims = Array.from({ length: 10_001 }, (_, i) => ({ id: `C${i}`, type: 'outpatient', visitDate: '2024-08-01', hospital: { level: 1 }, items: [] }));
    refused(request('cangzhou', claims), 'claims');
    const items = Array.from({ length: 20_001 }, () => ({ category: 'drug', class: 'A', amount: 1 }));
    refused(request('cangzhou', [inpatient({ ...day, items })]), 'claims[0].items');
  });

  it('a pool-only (单建统筹) resident is refused at person.enrolment', () => {
    const req = request('suihua', [{ id: 'V', type: 'outpatient', visitDate: '2026-03-01', hospital: { level: 1 }, items: [] }], { enrolment: 'pool_only' }, { scheme: 'resident' });
    refused(req, 'person.enrolment', 'unsupported');
  });

  it('1,000 recognised diseases × 1,000 claims settle in near-linear time', () => {
    const specialDiseases = Array.from({ length: 1000 }, (_, i) => ({ name: `病${i}`, recognizedOn: '2020-01-01', class: 2 }));
    const chronicDiseases = Array.from({ length: 1000 }, (_, i) => ({ name: `慢${i}`, recognizedOn: '2020-01-01' }));
    chronicDiseases.push({ name: '高血压病', recognizedOn: '2020-01-01' });
    const claims = Array.from({ length: 1000 }, (_, i) => ({ id: `V${i}`, type: 'chronic', disease: '高血压病', visitDate: '2024-08-01', hospital: { level: 1 }, items: [{ category: 'drug', class: 'A', amount: 10 }] }));
    // every claim settles (the vitest timeout bounds the time; it took 22 s before the recognition index)
    expect(run(request('cangzhou', claims, { chronicDiseases, specialDiseases }))).toHaveLength(1000);
  });
});

describe('stay length arithmetic', () => {
  it('agrees with the calendar on random date pairs', async () => {
    const { stayDays } = await import('../src/engine/settlement/limits.js');
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), (a, b) => {
        const iso = (d: Date) => d.toISOString().slice(0, 10);
        const expected = Math.round((Date.parse(iso(b)) - Date.parse(iso(a))) / 86_400_000);
        expect(stayDays(iso(a), iso(b))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('the stay bound: within 730 days exactly when the day count says so (dates a year apart skip the count)', async () => {
    const { stayDays, withinStayBound, MAX_STAY_DAYS } = await import('../src/engine/settlement/limits.js');
    // 2023-01-01 → 2024-12-31: 365 + 365 = 730 days (the longest a year apart); 2024-01-01 → 2025-12-31: 366 + 364 = 730.
    expect([stayDays('2023-01-01', '2024-12-31'), withinStayBound('2023-01-01', '2024-12-31')]).toEqual([730, true]);
    expect([stayDays('2024-01-01', '2025-12-31'), withinStayBound('2024-01-01', '2025-12-31')]).toEqual([730, true]);
    // Two years apart: 731 days out, 730 in (2023-01-02 → 2025-01-01).
    expect([stayDays('2022-12-31', '2024-12-31'), withinStayBound('2022-12-31', '2024-12-31')]).toEqual([731, false]);
    expect([stayDays('2023-01-02', '2025-01-01'), withinStayBound('2023-01-02', '2025-01-01')]).toEqual([730, true]);
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), fc.integer({ min: 0, max: 1100 }), (a, days) => {
        const iso = (d: Date) => d.toISOString().slice(0, 10);
        const from = iso(a);
        const to = iso(new Date(a.getTime() + days * 86_400_000));
        expect(withinStayBound(from, to)).toBe(stayDays(from, to) <= MAX_STAY_DAYS);
      }),
      { numRuns: 2000 },
    );
  });
});
