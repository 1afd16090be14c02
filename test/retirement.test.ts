/** yibao retirement: required and counted months, shortfall and one-off top-up (arithmetic from the articles). */
import { describe, expect, it } from 'vitest';
import { retirement } from '../src/index.js';
import { refusal, type Json } from './helpers.js';

const run = (req: Json) => retirement(req);
const months = (m: Json) => ({ deemed: 0, local: 0, elsewhere: 0, military: 0, residentLocal: 0, pooling: 0, ...m });
const errorOf = (req: Json) => refusal(() => retirement(req));

describe('沧州 retirement (第四十三–四十九条)', () => {
  const cz = (sex: string, m: Json, person: Json = {}) => ({
    region: 'cangzhou',
    sex,
    retirementDate: '2025-08-01',
    person,
    months: months(m),
    context: { averageWage: { '2024': 72000 } },
  });

  it('30 years for men with 10 local; deemed and transferred years count', () => {
    // 120 + 200 + 40 = 360 ≥ 360; local 200 ≥ 120
    const r = run(cz('male', { deemed: 120, local: 200, elsewhere: 40 }));
    expect([r.qualifies, r.required, r.counted, r.shortfallMonths, r.topUp]).toEqual([true, { total: 360, local: 120 }, { total: 360, local: 200 }, 0, null]);
  });

  it('the shortfall is the larger of the total and the local one; the top-up at the employer rate, all pooled', () => {
    // female: 100 + 150 = 250 (short 50); local 100 (short 20) → 50 months
    // 72000 / 12 = 6000 × 8% × 50 = 24000, all to the pooled fund (第四十五条)
    const r = run(cz('female', { local: 100, elsewhere: 150 }));
    expect([r.qualifies, r.shortfallMonths]).toEqual([false, 50]);
    expect(r.topUp).toEqual({ amount: 24000, base: 6000, rate: 0.08, months: 50, toPooledFund: 24000, toPersonalAccount: 0 });
    // public bodies 7.4%: 22200; flexible workers 7%: 21000
    expect(run(cz('female', { local: 100, elsewhere: 150 }, { employer: { type: 'public_funded' } })).topUp!.amount).toBe(22200);
    expect(run(cz('female', { local: 100, elsewhere: 150 }, { type: 'flexible' })).topUp!.amount).toBe(21000);
  });

  it('military years count in the total, not as local; resident insurance does not count (第四十六、四十九条)', () => {
    // 100 + 260 = 360, but local 100 < 120 → 20 months; 6000 × 8% × 20 = 9600
    const r = run(cz('male', { local: 100, military: 260, residentLocal: 60 }));
    expect([r.counted, r.shortfallMonths, r.topUp!.amount]).toEqual([{ total: 360, local: 100 }, 20, 9600]);
  });

  it('January–June the top-up uses the year before last (第二十一条), like a contribution', () => {
    // 2025-03: the 2023 average 66000 → 5500 × 8% × 50 = 22000
    const r = run({ ...cz('female', { local: 100, elsewhere: 150 }), retirementDate: '2025-03-01', context: { averageWage: { '2023': 66000 } } });
    expect([r.topUp!.base, r.topUp!.amount]).toEqual([5500, 22000]);
  });

  it('pooling years are Ziyang’s notion only: refused elsewhere', () => {
    expect(errorOf(cz('female', { local: 100, pooling: 60 })).path).toBe('months.pooling');
  });

  it('the top-up needs the average wage from context', () => {
    const e = errorOf({ ...cz('female', { local: 100 }), context: {} });
    expect([e.code, e.path]).toEqual(['missing_context', 'context.averageWage.2024']);
  });
});

describe('廊坊 retirement (第三十–三十四条)', () => {
  it('top-up at 8% of the contribution year’s average, 2% per month to the account', () => {
    // male 300 local: short 60; 2025-03 is in the contribution year from 2024-07, which uses 2023: 84000 → 7000
    // 7000 × 8% × 60 = 33600; account 7000 × 2% × 60 = 8400; pooled 25200
    const r = run({ region: 'langfang', sex: 'male', retirementDate: '2025-03-10', months: months({ local: 300 }), context: { averageWage: { '2023': 84000 } } });
    expect(r.topUp).toEqual({ amount: 33600, base: 7000, rate: 0.08, months: 60, toPooledFund: 25200, toPersonalAccount: 8400 });
  });
});

describe('资阳 retirement (第九条（五）（七）)', () => {
  const zy = (year: number, sex: string, m: Json, person: Json = {}) => ({
    region: 'ziyang',
    sex,
    retirementDate: `${year}-06-01`,
    person,
    months: months(m),
    context: { averageWage: { [String(year - 1)]: 80000 } },
  });

  it('men: 22 years in 2023 rising by one a year to 25 in 2026; women 20', () => {
    const req = (y: number, sex: string) => run(zy(y, sex, { local: 400 })).required.total;
    expect([req(2023, 'male'), req(2024, 'male'), req(2025, 'male'), req(2026, 'male'), req(2026, 'female')]).toEqual([264, 276, 288, 300, 240]);
  });

  it('resident years count 2 months each and pre-2000 pooling half, both as local', () => {
    // 2024 male needs 276: local 200 + resident 30 months (2 whole years → 4) + pooling 25 (→ 12) + elsewhere 50 = 266
    // short 10; local 216 ≥ 120. Top-up at the last base 5000 × 9.7% × 10 = 4850; account 2% × 10 = 1000
    const r = run(zy(2024, 'male', { local: 200, residentLocal: 30, pooling: 25, elsewhere: 50 }, { base: 5000 }));
    expect([r.counted, r.shortfallMonths]).toEqual([{ total: 266, local: 216 }, 10]);
    expect(r.topUp).toEqual({ amount: 4850, base: 5000, rate: 0.097, months: 10, toPooledFund: 3850, toPersonalAccount: 1000 });
  });

  it('without a last base, the year’s minimum base', () => {
    // 80000 / 12 = 6666.67; × 9.7% × 10 = 6466.6699 → 6466.67; account 6666.67 × 2% × 10 = 1333.334 → 1333.33
    const r = run(zy(2024, 'male', { local: 266 }));
    expect(r.topUp).toEqual({ amount: 6466.67, base: 6666.67, rate: 0.097, months: 10, toPooledFund: 5133.34, toPersonalAccount: 1333.33 });
  });

  it('military service counts as local (视同本地)', () => {
    const r = run(zy(2026, 'female', { local: 100, military: 140 }));
    expect([r.qualifies, r.counted]).toEqual([true, { total: 240, local: 240 }]);
  });
});

describe('绥化 retirement (第十五条)', () => {
  it('30/25 years with 15 local; military counts as local; top-up at the base at retirement', () => {
    // 100 + 170 + 60 + 20 = 350 (short 10); local 190 ≥ 180; 6000 × 10.5% × 10 = 6300
    const req = { region: 'suihua', sex: 'male', retirementDate: '2026-05-01', person: { base: 6000 }, months: months({ deemed: 100, local: 170, elsewhere: 60, military: 20 }) };
    const r = run(req);
    expect([r.counted, r.shortfallMonths, r.topUp!.amount, r.topUp!.toPersonalAccount]).toEqual([{ total: 350, local: 190 }, 10, 6300, 0]);
    // without the base at retirement the shortfall is still answered; the amount is left out and said so
    const noBase = run({ ...req, person: {} });
    expect([noBase.qualifies, noBase.shortfallMonths, noBase.topUp]).toEqual([false, 10, null]);
    expect(noBase.steps.some((s) => s.rule === 'retirement.topUp' && s.text.includes('person.base'))).toBe(true);
    // a flexible worker's base is the 2025 average: 60000 / 12 = 5000 × 10% × 10 = 5000
    const flex = run({ ...req, person: { type: 'flexible' }, context: { averageWage: { '2025': 60000 } } });
    expect([flex.topUp!.base, flex.topUp!.amount]).toEqual([5000, 5000]);
  });
});

describe('retirement bounds (issue §5)', () => {
  const ok = { region: 'ziyang', sex: 'female', retirementDate: '2024-06-01', person: { type: 'employee', base: 6000 }, months: months({ local: 200 }) };
  const path = (req: Json) => {
    const e = errorOf(req);
    return [e.code, e.path];
  };

  it('months are whole numbers up to 1200 (a hundred years)', () => {
    expect(path({ ...ok, months: months({ local: 1e308 }) })).toEqual(['invalid_input', 'months.local']);
    expect(path({ ...ok, months: months({ deemed: 1201 }) })).toEqual(['invalid_input', 'months.deemed']);
    expect(path({ ...ok, months: months({ military: 12.5 }) })).toEqual(['invalid_input', 'months.military']);
    expect(run({ ...ok, months: months({ local: 1200 }) }).qualifies).toBe(true);
  });

  it('dates outside 1900–2100 and a non-year averageWage key (__proto__ included) are refused with their path', () => {
    expect(path({ ...ok, retirementDate: '9999-12-31' })).toEqual(['invalid_input', 'retirementDate']);
    const proto = JSON.parse('{"region":"cangzhou","sex":"female","retirementDate":"2025-03-01","months":{"local":100},"context":{"averageWage":{"__proto__":80000}}}') as Json;
    expect(path(proto)).toEqual(['invalid_input', 'context.averageWage.__proto__']);
  });

  it('the top-up is exact beyond 2^53: 99,999,999,999 fen × 9.7% × 240 months', () => {
    // 99,999,999,999 × 970 × 240 / 10000 = 2,327,999,999,976.72 fen → 2,327,999,999,977; account × 2% × 240 = 479,999,999,995.2 → 479,999,999,995
    const r = run({ ...ok, person: { type: 'employee', base: 999999999.99 }, months: months({}) });
    expect(r.shortfallMonths).toBe(240);
    expect(r.topUp).toMatchObject({ amount: 23279999999.77, toPersonalAccount: 4799999999.95, toPooledFund: 18479999999.82 });
  });
});
