/** yibao account: one month's personal-account credit (arithmetic from the articles). */
import { describe, expect, it } from 'vitest';
import { account } from '../src/index.js';
import { refusal, type Json } from './helpers.js';

const credit = (req: Json) => account(req).credit;
const errorOf = (req: Json) => refusal(() => account(req));
const pensions = { averagePension: { public: 5200, enterprise: 3100, overall: 4000 } };

describe('沧州 account credit (第五十七、五十八、六十一条; 2021 第四、七条)', () => {
  const cz = (month: string, person: Json) => ({ region: 'cangzhou', month, person, context: pensions });

  it('employed: 2% of the base; flexible workers: none before retirement', () => {
    // 6000 × 2% = 120
    expect(credit(cz('2024-08', { status: 'employed', type: 'employee', base: 6000 }))).toBe(120);
    expect(credit(cz('2024-08', { status: 'employed', type: 'flexible', base: 6000 }))).toBe(0);
  });

  it('retired: 2% of the average pension of the category, from context', () => {
    // enterprise 3100 × 2% = 62; public 5200 × 2% = 104; bankrupt enterprises are enterprise retirees
    expect(credit(cz('2024-08', { status: 'retired', retireeCategory: 'enterprise' }))).toBe(62);
    expect(credit(cz('2024-08', { status: 'retired', retireeCategory: 'public' }))).toBe(104);
    expect(credit(cz('2024-08', { status: 'retired', retireeCategory: 'bankrupt_enterprise' }))).toBe(62);
    const e = errorOf({ region: 'cangzhou', month: '2024-08', person: { status: 'retired', retireeCategory: 'public' } });
    expect([e.code, e.path]).toEqual(['missing_context', 'context.averagePension.public']);
  });

  it('the change to retired counts from the next month, 29 February included', () => {
    // retired on 2024-02-29: February still employed (6000 × 2% = 120), March retired (62)
    const p = { status: 'retired', type: 'employee', base: 6000, retiredOn: '2024-02-29', retireeCategory: 'enterprise' };
    expect(credit(cz('2024-02', p))).toBe(120);
    expect(credit(cz('2024-03', p))).toBe(62);
    // retired on 2024-12-31: December employed, January retired
    const q = { ...p, retiredOn: '2024-12-31' };
    expect([credit(cz('2024-12', q)), credit(cz('2025-01', q))]).toEqual([120, 62]);
  });

  it('under the 2021 rules: employees 2%, retirees 2% of the 2021 average; flexible workers not covered by them', () => {
    expect(credit(cz('2023-05', { status: 'employed', type: 'employee', base: 5000 }))).toBe(100);
    expect(credit(cz('2023-05', { status: 'retired', retireeCategory: 'public' }))).toBe(104);
    expect(errorOf(cz('2023-05', { status: 'employed', type: 'flexible', base: 5000 })).code).toBe('unsupported');
    expect(errorOf(cz('2021-12', { status: 'employed', type: 'employee', base: 5000 })).code).toBe('policy_not_in_force');
  });
});

describe('廊坊, 资阳, 绥化 account credit', () => {
  it('廊坊: 2% for the employed; retirees by category (第三十六条)', () => {
    expect(credit({ region: 'langfang', month: '2025-03', person: { status: 'employed', type: 'flexible', base: 7500 } })).toBe(150);
    expect(credit({ region: 'langfang', month: '2025-03', person: { status: 'retired', retireeCategory: 'bankrupt_enterprise' }, context: pensions })).toBe(62);
  });

  it('资阳: 2% combined, none pool-only; retirees 2.8% of the 2022 average (第十条)', () => {
    // 4000 × 2.8% = 112
    expect(credit({ region: 'ziyang', month: '2024-03', person: { status: 'employed', base: 6000 } })).toBe(120);
    expect(credit({ region: 'ziyang', month: '2024-03', person: { status: 'employed', base: 6000, enrolment: 'pool_only' } })).toBe(0);
    expect(credit({ region: 'ziyang', month: '2024-03', person: { status: 'retired', retireeCategory: 'enterprise' }, context: pensions })).toBe(112);
    expect(credit({ region: 'ziyang', month: '2024-03', person: { status: 'retired', retireeCategory: 'enterprise', enrolment: 'pool_only' } })).toBe(0);
  });

  it('绥化: 2% for the employed, 56 a month for retirees, 240 a year (20 a month) for bankrupt enterprises (第二十一条（三）)', () => {
    expect(credit({ region: 'suihua', month: '2026-03', person: { status: 'employed', type: 'unemployed', base: 5000 } })).toBe(100);
    expect(credit({ region: 'suihua', month: '2026-03', person: { status: 'retired', retireeCategory: 'enterprise' } })).toBe(56);
    expect(credit({ region: 'suihua', month: '2026-03', person: { status: 'retired', retireeCategory: 'bankrupt_enterprise' } })).toBe(20);
    // retired 2026-03-15: March still employed
    expect(credit({ region: 'suihua', month: '2026-03', person: { status: 'retired', base: 6000, retiredOn: '2026-03-15', retireeCategory: 'enterprise' } })).toBe(120);
  });

  it('an employed credit needs the base', () => {
    expect(errorOf({ region: 'suihua', month: '2026-03', person: { status: 'employed' } }).path).toBe('person.base');
  });
});

describe('资阳 retirees: one average for all, no category (资府办规〔2022〕7号 第十条)', () => {
  it('2.8% of the one average pension, whatever the retiree', () => {
    // 3456.78 × 2.8% = 96.78984 → 96.79
    const ctx = { averagePension: { overall: 3456.78 } };
    expect(credit({ region: 'ziyang', month: '2024-03', person: { status: 'retired' }, context: ctx })).toBe(96.79);
    expect(credit({ region: 'ziyang', month: '2024-03', person: { status: 'retired', retireeCategory: 'public' }, context: ctx })).toBe(96.79);
    const e = errorOf({ region: 'ziyang', month: '2024-03', person: { status: 'retired' } });
    expect([e.code, e.path]).toEqual(['missing_context', 'context.averagePension.overall']);
  });

  it('the other regions still ask the category their texts distinguish', () => {
    const e = errorOf({ region: 'cangzhou', month: '2024-08', person: { status: 'retired' }, context: pensions });
    expect([e.code, e.path]).toEqual(['invalid_input', 'person.retireeCategory']);
    expect(errorOf({ region: 'langfang', month: '2025-03', person: { status: 'retired' }, context: pensions }).path).toBe('person.retireeCategory');
  });
});

describe('account bounds (issue §5)', () => {
  it('context.averagePension.__proto__ and unknown keys are refused with their path', () => {
    const proto = JSON.parse('{"region":"ziyang","month":"2024-03","person":{"status":"retired"},"context":{"averagePension":{"__proto__":4000,"overall":4000}}}') as Json;
    const e = errorOf(proto);
    expect([e.code, e.path]).toEqual(['invalid_input', 'context.averagePension.__proto__']);
    expect(errorOf({ ...proto, context: { averagePension: { overall: 4000, foo: 1 } } }).path).toBe('context.averagePension.foo');
  });

  it('months and dates outside 1900–2100 are refused with their path', () => {
    expect(errorOf({ region: 'suihua', month: '9999-03', person: { status: 'retired' } }).path).toBe('month');
    expect(errorOf({ region: 'suihua', month: '2026-03', person: { status: 'retired', retiredOn: '0000-01-01' } }).path).toBe('person.retiredOn');
  });
});
