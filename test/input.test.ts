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
