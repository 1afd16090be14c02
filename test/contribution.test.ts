/** yibao contribution: one month's contribution per region (arithmetic from the articles). */
import { describe, expect, it } from 'vitest';
import { contribution } from '../src/index.js';
import { refusal, type Json } from './helpers.js';

const run = (req: Json) => contribution(req) as unknown as Record<string, unknown>;
const money = (r: Record<string, unknown>) => [r.base, r.employer, r.employee, r.unemploymentFund, r.total, r.maternity, r.toPooledFund, r.toPersonalAccount];
const errorOf = (req: Json) => refusal(() => contribution(req));

describe('沧州 contribution (第十八–二十三条)', () => {
  const context = { averageWage: { '2022': 66000, '2023': 72000 } };
  const cz = (month: string, person: Json) => ({ region: 'cangzhou', month, person, context });

  it('July–December: last year’s average; the base floored at it; 7.4% for public bodies', () => {
    // 72000 / 12 = 6000; wage 3000 → base 6000; 444 + 120; maternity 0.4% = 24; account 2% = 120
    expect(money(run(cz('2024-08', { type: 'employee', monthlyWage: 3000, employer: { type: 'public_funded' } })))).toEqual([6000, 444, 120, 0, 564, 24, 444, 120]);
  });

  it('January–June: the year before last (第二十一条); 8% with 1% maternity for others', () => {
    // 2025-06 uses 2023: 6000; 2025-07 would use 2024 (absent → missing_context)
    // 2024-12 uses 2023: wage 10000 above the floor, no ceiling: 800 + 200; maternity 100
    expect(money(run(cz('2024-12', { type: 'employee', monthlyWage: 10000 })))).toEqual([10000, 800, 200, 0, 1000, 100, 800, 200]);
    expect(run(cz('2025-06', { type: 'employee', monthlyWage: 3000 })).averageWage).toEqual({ year: 2023, monthly: 6000 });
    const e = errorOf(cz('2025-07', { type: 'employee', monthlyWage: 3000 }));
    expect([e.code, e.path]).toEqual(['missing_context', 'context.averageWage.2024']);
  });

  it('flexible workers: the average at 7%, no maternity, no account before retirement', () => {
    // 6000 × 7% = 420, all to the pooled fund
    expect(money(run(cz('2024-08', { type: 'flexible' })))).toEqual([6000, 0, 420, 0, 420, 0, 420, 0]);
  });

  it('the unemployed: 60% of the average at 9.4%, paid by the unemployment fund', () => {
    // 3600 × 9.4% = 338.40; maternity 0.4% = 14.40; account 2% = 72
    expect(money(run(cz('2024-08', { type: 'unemployed' })))).toEqual([3600, 0, 0, 338.4, 338.4, 14.4, 266.4, 72]);
  });

  it('before 2024-06-27 the contribution rules are not in the seeds', () => {
    const e = errorOf(cz('2024-05', { type: 'employee', monthlyWage: 3000 }));
    expect([e.code, e.path]).toEqual(['policy_not_in_force', 'month']);
  });

  it('an employee needs a wage', () => {
    expect(errorOf(cz('2024-08', { type: 'employee' })).path).toBe('person.monthlyWage');
  });
});

describe('廊坊 contribution (第十二、十五–十七、二十一条)', () => {
  const context = { averageWage: { '2023': 84000, '2024': 90000 } };
  const lf = (month: string, person: Json) => ({ region: 'langfang', month, person, context });

  it('6% + 2%, maternity not in the text; hardship employers floored at 60%', () => {
    // 2025-07 uses 2024: 7500; wage 5000 → 7500: 450 + 150
    expect(money(run(lf('2025-07', { type: 'employee', monthlyWage: 5000 })))).toEqual([7500, 450, 150, 0, 600, null, 450, 150]);
    // hardship: floor 60% × 7500 = 4500, wage 5000 stands: 300 + 100
    expect(money(run(lf('2025-07', { type: 'employee', monthlyWage: 5000, employer: { hardship: true } })))).toEqual([5000, 300, 100, 0, 400, null, 300, 100]);
    // 2025-03 uses 2023: 7000
    expect(run(lf('2025-03', { type: 'employee', monthlyWage: 5000 })).base).toBe(7000);
  });

  it('flexible 8% of the average; the unemployed 60% of it through the unemployment fund', () => {
    // 7500 × 8% = 600, account 150; unemployed 4500 × 8% = 360, account 90
    expect(money(run(lf('2025-07', { type: 'flexible' })))).toEqual([7500, 0, 600, 0, 600, 0, 450, 150]);
    expect(money(run(lf('2025-07', { type: 'unemployed' })))).toEqual([4500, 0, 0, 360, 360, null, 270, 90]);
  });
});

describe('资阳 contribution (第九条)', () => {
  const context = { averageWage: { '2023': 80000 } };
  const zy = (person: Json) => ({ region: 'ziyang', month: '2024-03', person, context });

  it('the base between 100% and 300% of the average, rounded once from the yearly figure', () => {
    // ceiling 80000 × 300% / 12 = 20000.00; 7.7% = 1540; 2% = 400; maternity 0.7% = 140
    expect(money(run(zy({ type: 'employee', monthlyWage: 30000 })))).toEqual([20000, 1540, 400, 0, 1940, 140, 1540, 400]);
    // floor 80000 / 12 = 6666.67; public 7.5% = 500.00025 → 500.00; 2% = 133.33; maternity 0.5% = 33.33
    expect(money(run(zy({ type: 'employee', monthlyWage: 3000, employer: { type: 'public_funded' } })))).toEqual([6666.67, 500, 133.33, 0, 633.33, 33.33, 500, 133.33]);
  });

  it('pool-only: the employer 5.7%, no personal share, no account', () => {
    // 8000 × 5.7% = 456; maternity 0.7% = 56
    expect(money(run(zy({ type: 'employee', monthlyWage: 8000, enrolment: 'pool_only' })))).toEqual([8000, 456, 0, 0, 456, 56, 456, 0]);
  });

  it('flexible workers: 90% of the minimum base at 9% (pool-only 5%)', () => {
    // 80000 × 90% / 12 = 6000; 9% = 540, account 120; pool-only 5% = 300
    expect(money(run(zy({ type: 'flexible' })))).toEqual([6000, 0, 540, 0, 540, 0, 420, 120]);
    expect(money(run(zy({ type: 'flexible', enrolment: 'pool_only' })))).toEqual([6000, 0, 300, 0, 300, 0, 300, 0]);
  });

  it('no rate for the unemployed in the text: unsupported', () => {
    expect(errorOf(zy({ type: 'unemployed' })).code).toBe('unsupported');
  });
});

describe('绥化 contribution (第七–九、二十八条)', () => {
  const context = { averageWage: { '2025': 60000 } };
  const sh = (person: Json) => ({ region: 'suihua', month: '2026-03', person, context });

  it('employees: the base between 60% and 300%; 8.5% + 2%; 大额 10 a month split evenly', () => {
    // floor 60% × 5000 = 3000: 255 + 60, maternity 15
    const r = run(sh({ type: 'employee', monthlyWage: 2500 }));
    expect(money(r)).toEqual([3000, 255, 60, 0, 315, 15, 255, 60]);
    expect(r.largeExpense).toEqual({ amount: 10, employer: 5, person: 5 });
    // ceiling 300% = 15000: 1275 + 300
    expect(money(run(sh({ type: 'employee', monthlyWage: 20000 })))).toEqual([15000, 1275, 300, 0, 1575, 75, 1275, 300]);
  });

  it('flexible 10% and the unemployed 10.5% of the average; 大额 by the person', () => {
    const f = run(sh({ type: 'flexible' }));
    expect(money(f)).toEqual([5000, 0, 500, 0, 500, null, 400, 100]);
    expect(f.largeExpense).toEqual({ amount: 10, employer: 0, person: 10 });
    expect(money(run(sh({ type: 'unemployed' })))).toEqual([5000, 0, 0, 525, 525, null, 425, 100]);
  });

  it('residents: who pays the individual contribution by assisted category (第十八条)', () => {
    const res = (category: string) => {
      const r = run({ region: 'suihua', scheme: 'resident', month: '2026-01', person: { category }, context: { residentContribution: 400 } });
      return [r.medicalAssistance, r.localFinance, r.veteransAffairs, r.individual];
    };
    // 低保: 60% = 240 by assistance, 40% = 160 by local finance
    expect(res('minimum_living')).toEqual([240, 160, 0, 0]);
    expect(res('poverty_alleviated')).toEqual([240, 0, 0, 160]);
    expect(res('severe_disability')).toEqual([0, 320, 0, 80]);
    expect(res('extremely_poor')).toEqual([400, 0, 0, 0]);
    expect(res('entitled_group')).toEqual([0, 0, 400, 0]);
    expect(res('ordinary')).toEqual([0, 0, 0, 400]);
    expect(errorOf({ region: 'suihua', scheme: 'resident', month: '2026-01', person: { category: 'ordinary' } }).code).toBe('missing_context');
    expect(errorOf({ region: 'suihua', scheme: 'resident', month: '2026-01', person: { category: 'nobody' }, context: { residentContribution: 400 } }).path).toBe('person.category');
  });
});

describe('contribution bounds (issue §5)', () => {
  const ok = { region: 'suihua', month: '2026-03', person: { type: 'flexible' }, context: { averageWage: { '2025': 60000 } } };
  const path = (req: Json) => {
    const e = refusal(() => contribution(req));
    return [e.code, e.path];
  };

  it('context.averageWage.__proto__ is refused like any other non-year key', () => {
    const proto = JSON.parse('{"region":"suihua","month":"2026-03","person":{"type":"flexible"},"context":{"averageWage":{"2025":60000,"__proto__":1}}}') as Json;
    expect(path(proto)).toEqual(['invalid_input', 'context.averageWage.__proto__']);
    expect(path({ ...ok, context: { averageWage: { '2025': 60000, abc: 1 } } })).toEqual(['invalid_input', 'context.averageWage.abc']);
    expect(path({ ...ok, context: { averageWage: { '2025': 60000, '0001': 1 } } })).toEqual(['invalid_input', 'context.averageWage.0001']);
  });

  it('a month outside 1900–2100 is refused', () => {
    expect(path({ ...ok, month: '0000-01' })).toEqual(['invalid_input', 'month']);
    expect(path({ ...ok, month: '2101-01' })).toEqual(['invalid_input', 'month']);
  });
});
