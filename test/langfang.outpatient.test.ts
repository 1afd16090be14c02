/** 廊坊 general outpatient (第四十九条), deferred chronic rules (第五十条), account (第五十九条). */
import { describe, expect, it } from 'vitest';
import { drugA, errorOf, inpatient, request, run, visit } from './helpers.js';

const LF = 'langfang';

describe('廊坊 general outpatient', () => {
  it('under 45 on 1 January: 2,000 at 60%; 45 and over: 3,000', () => {
    // (5000 − 100) × 60% = 2940
    // born 1980-01-02: 44 on 2025-01-01 → cap 2000 (even after turning 45 in the year)
    // born 1980-01-01: 45 on 2025-01-01 → cap 3000 → 2940
    const [young] = run(request(LF, [visit('outpatient', { visitDate: '2025-12-01', items: drugA(5000) })], { birthDate: '1980-01-02' }));
    const [older] = run(request(LF, [visit('outpatient', { visitDate: '2025-03-01', items: drugA(5000) })], { birthDate: '1980-01-01' }));
    expect([young!.act_pay_dedc, young!.pool_prop_selfpay, young!.hifp_pay]).toEqual([100, 0.6, 2000]);
    expect(older!.hifp_pay).toBe(2940);
  });

  it('retirees: 4,000 at 70%, the deductible once a year', () => {
    // (5000 − 100) × 70% = 3430; then 2000 × 70% = 1400 → 4000 − 3430 = 570
    const rs = run(
      request(LF, [visit('outpatient', { visitDate: '2025-03-01', items: drugA(5000) }), visit('outpatient', { visitDate: '2025-04-01', items: drugA(2000) })], { status: 'retired' }),
    );
    expect(rs.map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [100, 3430],
      [0, 570],
    ]);
  });

  it('out of the city, the local standard (第四十九条（六）)', () => {
    const [r] = run(request(LF, [visit('outpatient', { visitDate: '2025-03-01', place: 'cross_province', items: drugA(1000) })], { birthDate: '1990-01-01' }));
    // (1000 − 100) × 60% = 540
    expect(r!.hifp_pay).toBe(540);
  });

  it('outpatient payments count toward the 350,000 annual cap; beyond it they go to 大额, whose rules are elsewhere (第四十九条（四）): unsupported', () => {
    // inpatient level 1: (400000 − 200) × 96% → 350000 (the cap, 第五十一条); no 大额 rule configured (第五十二条)
    const stay = inpatient({ admissionDate: '2025-01-05', dischargeDate: '2025-02-05', hospital: { level: 1 }, items: drugA(400000) });
    const [r] = run(request(LF, [stay]));
    expect([r!.hifp_pay, r!.hifob_pay]).toEqual([350000, 0]);
    expect(r!.steps.some((s) => s.rule === 'largeExpense.none' && s.source.endsWith('第五十二条'))).toBe(true);
    // an outpatient visit then: (1000 − 100) × 60% = 540 would be paid beyond the cap by 大额 at the same ratio
    const e = errorOf(request(LF, [stay, visit('outpatient', { visitDate: '2025-03-01' })]));
    expect([e.code, e.path]).toEqual(['unsupported', 'claims[1]']);
    expect(e.message).toContain('第四十九条（四）');
    // a visit within the deductible owes nothing beyond the cap: settled, 0 paid
    const [, small] = run(request(LF, [stay, visit('outpatient', { visitDate: '2025-03-01', items: drugA(80) })]));
    expect([small!.act_pay_dedc, small!.hifp_pay]).toEqual([80, 0]);
  });

  it('chronic and special outpatient rules are made elsewhere (第五十条): unsupported', () => {
    for (const type of ['chronic', 'special'] as const) {
      const e = errorOf(request(LF, [visit(type, { visitDate: '2025-03-01', disease: '糖尿病' })]));
      expect(e.code).toBe('unsupported');
      expect(e.message).toContain('第五十条');
    }
  });

  it('the account pays the person’s share first (第五十九条)', () => {
    // psn 1000 − 540 = 460 → acct 300 of 300, cash 160
    const [r] = run(request(LF, [visit('outpatient', { visitDate: '2025-03-01' })], { birthDate: '1990-01-01', accountBalance: 300 }));
    expect([r!.acct_pay, r!.psn_cash_pay, r!.balc]).toEqual([300, 160, 0]);
  });

  it('pool-only enrolment ended (第七十八条)', () => {
    expect(errorOf(request(LF, [visit('outpatient', { visitDate: '2025-03-01' })], { enrolment: 'pool_only' })).code).toBe('unsupported');
  });
});
