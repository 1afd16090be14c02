/** yibao maternity: allowance days and amount, medical benefits (arithmetic from the articles). */
import { describe, expect, it } from 'vitest';
import { maternity } from '../src/index.js';
import { refusal, type Json } from './helpers.js';

const run = (req: Json) => {
  const r = maternity(req);
  return [r.allowanceDays, r.allowance, r.medicalPaid, r.personPaid];
};
const errorOf = (req: Json) => refusal(() => maternity(req));

describe('资阳 maternity (第十九、二十三–二十五条)', () => {
  const employee = { sex: 'female', type: 'employee', continuousMonths: 14, employer: { type: 'other', averageMonthlyWage: 6000 } };
  const zy = (event: Json, person: Json = employee) => ({ region: 'ziyang', date: '2024-03-10', person, event });

  it('natural delivery: 158 days at 6000 ÷ 30; medical up to 3,500', () => {
    // 6000 / 30 × 158 = 31600; cost 4200 → 3500 paid, 700 by the person
    expect(run(zy({ kind: 'delivery', delivery: 'natural', cost: 4200 }))).toEqual([158, 31600, 3500, 700]);
  });

  it('caesarean: +15 days, medical up to 5,500; twins: +15 for the extra baby, medical at the 难产 standard', () => {
    // 173 × 200 = 34600; twins natural: 158 + 15 = 173 → 34600 (多胎 counted once), medical cap 5500
    expect(run(zy({ kind: 'delivery', delivery: 'caesarean', cost: 5000 }))).toEqual([173, 34600, 5000, 0]);
    expect(run(zy({ kind: 'delivery', delivery: 'natural', babies: 2, cost: 6000 }))).toEqual([173, 34600, 5500, 500]);
    // twins by caesarean: 158 + 15 + 15 = 188 → 37600
    expect(run(zy({ kind: 'delivery', delivery: 'caesarean', babies: 2, cost: 6000 }))).toEqual([188, 37600, 5500, 500]);
  });

  it('miscarriage: 15 days under 4 months (medical 1,000), 42 days from 4 to 7 (1,200)', () => {
    expect(run(zy({ kind: 'miscarriage', gestationMonths: 3, cost: 1500 }))).toEqual([15, 3000, 1000, 500]);
    expect(run(zy({ kind: 'miscarriage', gestationMonths: 5, cost: 1000 }))).toEqual([42, 8400, 1000, 0]);
  });

  it('no allowance under 12 continuous months, nor for fiscally funded employers', () => {
    expect(run(zy({ kind: 'delivery', delivery: 'natural', cost: 3000 }, { ...employee, continuousMonths: 11 }))).toEqual([0, 0, 3000, 0]);
    expect(run(zy({ kind: 'delivery', delivery: 'natural', cost: 3000 }, { ...employee, employer: { type: 'public_funded', averageMonthlyWage: 6000 } }))).toEqual([0, 0, 3000, 0]);
  });

  it('a miscarriage at 7 months or more: the allowance (158 days) without a cost; with a cost no medical standard: refused', () => {
    expect(run(zy({ kind: 'miscarriage', gestationMonths: 8 }))).toEqual([158, 31600, 0, 0]);
    expect(errorOf(zy({ kind: 'miscarriage', gestationMonths: 8, cost: 2000 })).path).toBe('event.cost');
  });

  it('prenatal checks up to 600; family planning at fixed amounts per case', () => {
    expect(run(zy({ kind: 'prenatal', cost: 800 }))).toEqual([0, 0, 600, 200]);
    // 放置宫内节育器 157 per case: cost 300 → 157 paid, 143 by the person
    expect(run(zy({ kind: 'family_planning', procedure: 'iud_insertion', cost: 300 }))).toEqual([0, 0, 157, 143]);
  });

  it('a male employee’s uninsured spouse: 50% of the standard; flexible workers: 2,000 / 4,000', () => {
    // natural 3500 × 50% = 1750
    expect(run(zy({ kind: 'delivery', delivery: 'natural', cost: 3000 }, { sex: 'female', type: 'spouse_of_employee' }))).toEqual([0, 0, 1750, 1250]);
    expect(run(zy({ kind: 'delivery', delivery: 'caesarean', cost: 5000 }, { sex: 'female', type: 'flexible', continuousMonths: 20 }))).toEqual([0, 0, 4000, 1000]);
    expect(run(zy({ kind: 'delivery', delivery: 'natural', cost: 1500 }, { sex: 'female', type: 'flexible' }))).toEqual([0, 0, 1500, 0]);
    expect(errorOf(zy({ kind: 'delivery', delivery: 'difficult', cost: 1500 }, { sex: 'female', type: 'flexible' })).code).toBe('unsupported');
  });
});

describe('绥化 maternity (第二十二条)', () => {
  const employee = { sex: 'female', type: 'employee', continuousMonths: 12, employer: { averageMonthlyWage: 5000 } };
  const sh = (event: Json, person: Json = employee) => ({ region: 'suihua', date: '2026-04-01', person, event });

  it('in-area delivery fully paid; allowance 158 days of the employer’s monthly wage ÷ 30', () => {
    // 5000 × 158 / 30 = 26333.333 → 26333.33
    expect(run(sh({ kind: 'delivery', delivery: 'caesarean', hospitalLevel: 3, cost: 6000 }))).toEqual([158, 26333.33, 6000, 0]);
  });

  it('capped by level: out of the area, flexible workers, the uninsured spouse', () => {
    expect(run(sh({ kind: 'delivery', delivery: 'natural', hospitalLevel: 3, place: 'cross_province', cost: 3000 }))[2]).toBe(2500);
    expect(run(sh({ kind: 'delivery', delivery: 'caesarean', hospitalLevel: 2, cost: 5000 }, { sex: 'female', type: 'flexible' }))).toEqual([0, 0, 3500, 1500]);
    expect(run(sh({ kind: 'delivery', delivery: 'difficult', hospitalLevel: 3, cost: 3500 }, { sex: 'female', type: 'spouse_of_employee' }))).toEqual([0, 0, 3000, 500]);
    // the insured spouse of a male employee is paid like an insured woman
    expect(run(sh({ kind: 'delivery', delivery: 'natural', hospitalLevel: 3, cost: 3500 }, { sex: 'female', type: 'spouse_of_employee', spouseInsured: true }))).toEqual([0, 0, 3500, 0]);
  });

  it('miscarriage: 21 days under 3 months, 42 from 3; medical 800 / 900 up to 6 months', () => {
    // 5000 × 21 / 30 = 3500; level 2 cap 800
    expect(run(sh({ kind: 'miscarriage', gestationMonths: 2, hospitalLevel: 2, cost: 1000 }))).toEqual([21, 3500, 800, 200]);
    // 5000 × 42 / 30 = 7000; 5 months at level 3: cap 900
    expect(run(sh({ kind: 'miscarriage', gestationMonths: 5, hospitalLevel: 3, cost: 1000 }))).toEqual([42, 7000, 900, 100]);
  });

  it('prenatal up to 1,000; family planning up to the amounts', () => {
    expect(run(sh({ kind: 'prenatal', cost: 1200 }))).toEqual([0, 0, 1000, 200]);
    expect(run(sh({ kind: 'family_planning', procedure: 'iud_insertion', cost: 600 }))).toEqual([0, 0, 500, 100]);
  });

  it('a capped case needs the hospital level', () => {
    expect(errorOf(sh({ kind: 'delivery', delivery: 'natural', place: 'cross_province', cost: 3000 })).path).toBe('event.hospitalLevel');
  });
});

describe('绥化 residents’ delivery (第二十三条（一）7)', () => {
  const res = (delivery: string, cost: number, place = 'local') => ({
    region: 'suihua',
    scheme: 'resident',
    date: '2026-04-01',
    person: { sex: 'female', type: 'resident' },
    event: { kind: 'delivery', delivery, place, cost },
  });

  it('正常产 up to 1,000, 剖宫产 up to 1,500, the same out of the area; no allowance', () => {
    expect(run(res('natural', 1200))).toEqual([0, 0, 1000, 200]);
    expect(run(res('caesarean', 2000, 'cross_province'))).toEqual([0, 0, 1500, 500]);
    expect(errorOf(res('difficult', 2000)).code).toBe('unsupported');
  });
});

describe('沧州 and 廊坊 leave maternity to other documents', () => {
  it('unsupported, citing 第九十八条 and 第五十五条', () => {
    const ev = { kind: 'delivery', delivery: 'natural', cost: 3000 };
    const a = errorOf({ region: 'cangzhou', date: '2025-03-01', person: { sex: 'female' }, event: ev });
    const b = errorOf({ region: 'langfang', date: '2025-03-01', person: { sex: 'female' }, event: ev });
    expect([a.code, b.code]).toEqual(['unsupported', 'unsupported']);
    expect(a.message).toContain('第九十八条');
    expect(b.message).toContain('第五十五条');
  });
});

describe('绥化 retirees: medical benefits only (第二十二条（二）)', () => {
  const employee = { sex: 'female', type: 'employee', continuousMonths: 12, employer: { averageMonthlyWage: 5000 } };
  const sh = (person: Json, date = '2026-04-01') => ({ region: 'suihua', date, person, event: { kind: 'delivery', delivery: 'natural', hospitalLevel: 3, cost: 6000 } });

  it('registered as retired: the delivery paid in full (6000), no allowance', () => {
    expect(run(sh({ ...employee, status: 'retired' }))).toEqual([0, 0, 6000, 0]);
    expect(maternity(sh({ ...employee, status: 'retired' })).steps.map((s) => s.text).join()).toContain('退休登记');
  });

  it('at the statutory retirement age (the date given by the caller) on or before the event: no allowance', () => {
    expect(run(sh({ ...employee, retirementAgeReachedOn: '2026-04-01' }))).toEqual([0, 0, 6000, 0]);
    // reached the day after: the allowance, 5000 × 158 / 30 = 26333.33
    expect(run(sh({ ...employee, retirementAgeReachedOn: '2026-04-02' }))).toEqual([158, 26333.33, 6000, 0]);
  });

  it('资阳’s text says nothing of retirees: its allowance is unchanged', () => {
    const zy = { region: 'ziyang', date: '2024-03-10', person: { sex: 'female', type: 'employee', status: 'retired', continuousMonths: 14, employer: { averageMonthlyWage: 6000 } }, event: { kind: 'delivery', delivery: 'natural', cost: 4200 } };
    expect(run(zy)).toEqual([158, 31600, 3500, 700]);
  });
});

describe('maternity plausibility (issue §5)', () => {
  const ok = { region: 'ziyang', date: '2024-03-10', person: { sex: 'female', type: 'employee', continuousMonths: 14, employer: { averageMonthlyWage: 6000 } }, event: { kind: 'delivery', delivery: 'natural', cost: 4200 } };
  const path = (req: Json) => {
    const e = errorOf(req);
    return [e.code, e.path];
  };

  it('a male person with a delivery, miscarriage or prenatal check is refused at person.sex; a male family-planning procedure is not', () => {
    expect(path({ ...ok, person: { ...ok.person, sex: 'male' } })).toEqual(['invalid_input', 'person.sex']);
    expect(path({ ...ok, person: { ...ok.person, sex: 'male' }, event: { kind: 'prenatal', cost: 100 } })).toEqual(['invalid_input', 'person.sex']);
    expect(path({ ...ok, person: { ...ok.person, sex: 'male' }, event: { kind: 'miscarriage', gestationMonths: 2 } })).toEqual(['invalid_input', 'person.sex']);
    expect(run({ ...ok, person: { sex: 'male' }, event: { kind: 'family_planning', procedure: 'vasectomy', cost: 0 } })[0]).toBe(0);
  });

  it('babies 1–9, gestation 0–10 months, continuous months 0–1200, dates 1900–2100', () => {
    expect(path({ ...ok, event: { ...ok.event, babies: 2 ** 53 - 1 } })).toEqual(['invalid_input', 'event.babies']);
    expect(path({ ...ok, event: { ...ok.event, babies: 10 } })).toEqual(['invalid_input', 'event.babies']);
    expect(path({ ...ok, event: { ...ok.event, babies: 0 } })).toEqual(['invalid_input', 'event.babies']);
    // nine babies, natural: 158 + 8 × 15 (每多生育1个婴儿) = 278 days × 6000 / 30 = 55600
    expect(run({ ...ok, event: { ...ok.event, babies: 9 } }).slice(0, 2)).toEqual([278, 55600]);
    expect(path({ ...ok, event: { kind: 'stillbirth', gestationMonths: 11 } })).toEqual(['invalid_input', 'event.gestationMonths']);
    expect(path({ ...ok, person: { ...ok.person, continuousMonths: 1e308 } })).toEqual(['invalid_input', 'person.continuousMonths']);
    expect(path({ ...ok, date: '0000-01-01' })).toEqual(['invalid_input', 'date']);
    expect(path({ ...ok, person: { ...ok.person, retirementAgeReachedOn: '2101-01-01' } })).toEqual(['invalid_input', 'person.retirementAgeReachedOn']);
  });
});
