/** yibao eligibility: waiting periods (first and last day), arrears and back-payments, per region. */
import { describe, expect, it } from 'vitest';
import { eligibility } from '../src/index.js';
import { YibaoError } from '../src/engine/errors.js';
import { refusal, type Json } from './helpers.js';

/** History of months from `from` to `to`, each paid on the 20th of its own month unless overridden. */
function paid(from: string, to: string, late: Record<string, string> = {}, skip: string[] = []): Json[] {
  const out: Json[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (!skip.includes(month)) out.push({ month, paidOn: late[month] ?? `${month}-20` });
    if (month === to) break;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}
const covered = (req: Json) => eligibility(req).results.map((r) => r.covered);
const req = (region: string, kind: string, type: string, history: Json[], dates: string[], extra: Json = {}) => ({
  region,
  person: { type },
  enrolment: { kind, ...extra },
  history,
  dates,
});

describe('沧州 eligibility (第二十九、三十、三十四–三十八、五十条)', () => {
  it('a new employee of an existing employer: covered after 3 months contributed', () => {
    // paid 2024-07 … : waiting July–September, covered from 2024-10-01
    const r = eligibility(req('cangzhou', 'joined_employer', 'employee', paid('2024-07', '2024-12'), ['2024-09-30', '2024-10-01']));
    expect(r.results.map((x) => x.covered)).toEqual([false, true]);
    expect(r.coveredFrom).toBe('2024-10-01');
    expect(r.results[0]!.source).toBe('沧政规〔2024〕1号 第二十九条');
  });

  it('a new employer: from the first month paid; a veteran: no waiting period', () => {
    expect(covered(req('cangzhou', 'new_employer', 'employee', paid('2024-07', '2024-08'), ['2024-07-01', '2024-06-30']))).toEqual([true, false]);
    expect(covered(req('cangzhou', 'veteran', 'flexible', paid('2024-07', '2024-08'), ['2024-07-01']))).toEqual([true]);
  });

  it('a first-time flexible worker: covered after 6 months, across December → January', () => {
    const r = eligibility(req('cangzhou', 'flexible_first', 'flexible', paid('2024-07', '2025-03'), ['2024-12-31', '2025-01-01']));
    expect([r.results.map((x) => x.covered), r.coveredFrom]).toEqual([[false, true], '2025-01-01']);
  });

  it('a gap of up to 3 months paid back is covered back (第三十条)', () => {
    // September and October paid on 2024-11-10 (2 months): covered back
    const h = paid('2024-07', '2024-12', { '2024-09': '2024-11-10', '2024-10': '2024-11-10' });
    expect(covered(req('cangzhou', 'new_employer', 'employee', h, ['2024-09-15', '2024-10-31', '2024-11-01']))).toEqual([true, true, true]);
  });

  it('a longer gap: not covered back; employer staff from the month of the back-payment, flexible workers after 6 more months', () => {
    // September–December paid on 2025-01-10 (4 months); January onwards on time
    const h = paid('2024-07', '2025-08', { '2024-09': '2025-01-10', '2024-10': '2025-01-10', '2024-11': '2025-01-10', '2024-12': '2025-01-10' });
    expect(covered(req('cangzhou', 'new_employer', 'employee', h, ['2024-10-15', '2025-01-01']))).toEqual([false, true]);
    // the flexible worker (covered from 2024-07 as a veteran) waits 6 months from January 2025: covered from July
    expect(covered(req('cangzhou', 'veteran', 'flexible', h, ['2025-06-30', '2025-07-01']))).toEqual([false, true]);
  });

  it('a month not paid is not covered', () => {
    const h = paid('2024-07', '2024-10', {}, ['2024-09']);
    expect(covered(req('cangzhou', 'new_employer', 'employee', h, ['2024-09-15', '2024-10-15', '2024-11-15']))).toEqual([false, true, false]);
  });

  it('transfers and switches: no waiting after a short gap or 2 years of cover, otherwise as first-time', () => {
    expect(covered(req('cangzhou', 'transfer_in', 'employee', paid('2024-07', '2024-12'), ['2024-07-15'], { gapMonths: 2 }))).toEqual([true]);
    expect(covered(req('cangzhou', 'transfer_in', 'employee', paid('2024-07', '2024-12'), ['2024-09-15', '2024-10-01'], { gapMonths: 5 }))).toEqual([false, true]);
    expect(covered(req('cangzhou', 'switch_from_resident', 'employee', paid('2024-07', '2024-12'), ['2024-07-15'], { gapMonths: 1, priorContinuousYears: 2 }))).toEqual([true]);
    expect(covered(req('cangzhou', 'switch_from_resident', 'flexible', paid('2024-07', '2025-01'), ['2024-12-31', '2025-01-01'], { gapMonths: 1, priorContinuousYears: 1.5 }))).toEqual([false, true]);
  });
});

describe('廊坊 eligibility (第二十二–二十五条)', () => {
  it('employees of employers wait 3 months, first-time flexible workers 6', () => {
    expect(covered(req('langfang', 'new_employer', 'employee', paid('2024-03', '2024-08'), ['2024-05-31', '2024-06-01']))).toEqual([false, true]);
    expect(covered(req('langfang', 'flexible_first', 'flexible', paid('2024-03', '2024-10'), ['2024-08-31', '2024-09-01']))).toEqual([false, true]);
  });

  it('after a gap over 3 months: from the month after the back-payment; without back-payment a 3-month wait', () => {
    // gap April–July 2024 paid back 2024-08-05; August on: covered from September
    const back = paid('2024-01', '2024-12', { '2024-04': '2024-08-05', '2024-05': '2024-08-05', '2024-06': '2024-08-05', '2024-07': '2024-08-05' });
    expect(covered(req('langfang', 'veteran', 'employee', back, ['2024-05-15', '2024-08-31', '2024-09-01']))).toEqual([false, false, true]);
    // not paid back: August resumes, the 3-month wait runs to October; covered from November
    const skipped = paid('2024-01', '2024-12', {}, ['2024-04', '2024-05', '2024-06', '2024-07']);
    expect(covered(req('langfang', 'veteran', 'employee', skipped, ['2024-10-31', '2024-11-01']))).toEqual([false, true]);
  });
});

describe('资阳 eligibility (第十三、十四条)', () => {
  it('a first-time flexible worker: 6 months from the month of payment, across the year end', () => {
    // paid December 2023 → covered from June 2024
    expect(covered(req('ziyang', 'flexible_first', 'flexible', paid('2023-12', '2024-08'), ['2024-05-31', '2024-06-01']))).toEqual([false, true]);
  });

  it('employees recruited by employers have no waiting period', () => {
    expect(covered(req('ziyang', 'joined_employer', 'employee', paid('2024-01', '2024-03'), ['2024-01-01']))).toEqual([true]);
  });

  it('arrears: within 3 months covered back; 3–12 not; over 12 cannot be paid back', () => {
    const two = paid('2024-01', '2024-06', { '2024-03': '2024-05-10', '2024-04': '2024-05-10' });
    expect(covered(req('ziyang', 'new_employer', 'employee', two, ['2024-03-15']))).toEqual([true]);
    const five = paid('2024-01', '2024-12', { '2024-03': '2024-08-10', '2024-04': '2024-08-10', '2024-05': '2024-08-10', '2024-06': '2024-08-10', '2024-07': '2024-08-10' });
    expect(covered(req('ziyang', 'new_employer', 'employee', five, ['2024-04-15', '2024-08-15']))).toEqual([false, true]);
    // a flexible worker after a 断保 waits 6 months again from the August payment: covered from February 2025
    const fiveFlex = paid('2023-01', '2025-03', { '2024-03': '2024-08-10', '2024-04': '2024-08-10', '2024-05': '2024-08-10', '2024-06': '2024-08-10', '2024-07': '2024-08-10' });
    expect(covered(req('ziyang', 'flexible_first', 'flexible', fiveFlex, ['2024-02-15', '2025-01-31', '2025-02-01']))).toEqual([true, false, true]);
  });

  it('switching from resident insurance: immediate after 2 years, otherwise 6 months', () => {
    expect(covered(req('ziyang', 'switch_from_resident', 'flexible', paid('2024-01', '2024-08'), ['2024-01-15'], { priorContinuousYears: 2, gapMonths: 2 }))).toEqual([true]);
    expect(covered(req('ziyang', 'switch_from_resident', 'flexible', paid('2024-01', '2024-08'), ['2024-06-30', '2024-07-01'], { priorContinuousYears: 1, gapMonths: 2 }))).toEqual([false, true]);
  });
});

describe('绥化 eligibility (第十一、十三、十九条)', () => {
  it('employees from the month after payment; flexible workers after 3 months', () => {
    expect(covered(req('suihua', 'new_employer', 'employee', paid('2026-01', '2026-04'), ['2026-01-31', '2026-02-01']))).toEqual([false, true]);
    expect(covered(req('suihua', 'flexible_first', 'flexible', paid('2026-01', '2026-05'), ['2026-03-31', '2026-04-01']))).toEqual([false, true]);
  });

  it('arrears paid back within the year are covered, a later year not', () => {
    const inYear = paid('2026-01', '2026-08', { '2026-03': '2026-06-10', '2026-04': '2026-06-10', '2026-05': '2026-06-10' });
    expect(covered(req('suihua', 'new_employer', 'employee', inYear, ['2026-03-15']))).toEqual([true]);
    const nextYear = paid('2026-01', '2027-02', { '2026-10': '2027-01-10', '2026-11': '2027-01-10', '2026-12': '2027-01-10' });
    expect(covered(req('suihua', 'new_employer', 'employee', nextYear, ['2026-11-15', '2027-01-15']))).toEqual([false, true]);
  });

  it('a month listed twice in the history is refused with its path', () => {
    const h = [...paid('2026-01', '2026-02'), { month: '2026-02', paidOn: '2026-03-01' }];
    try {
      eligibility(req('suihua', 'new_employer', 'employee', h, ['2026-02-01']));
      throw new Error('expected a refusal');
    } catch (e) {
      expect([(e as YibaoError).code, (e as YibaoError).path]).toEqual(['invalid_input', 'history[2].month']);
    }
  });

  it('transfers follow national and provincial rules not in the text', () => {
    try {
      eligibility(req('suihua', 'transfer_in', 'employee', paid('2026-01', '2026-02'), ['2026-02-01']));
      throw new Error('expected a refusal');
    } catch (e) {
      expect((e as YibaoError).code).toBe('unsupported');
      expect((e as YibaoError).message).toContain('第十九条');
    }
  });
});

describe('eligibility: how long an interruption is, and when the wait starts', () => {
  it('paying every month a few days late is not a long interruption (each arrear lasts under a month)', () => {
    // each month paid on the 5th of the next: every arrear is 1 month, covered back once paid
    const late: Record<string, string> = {};
    for (const h of paid('2024-07', '2025-06')) {
      const [y, m] = (h.month as string).split('-').map(Number) as [number, number];
      late[h.month as string] = m === 12 ? `${y + 1}-01-05` : `${y}-${String(m + 1).padStart(2, '0')}-05`;
    }
    const r = eligibility(req('cangzhou', 'new_employer', 'employee', paid('2024-07', '2025-06', late), ['2024-12-15', '2025-06-15']));
    expect(r.results.map((x) => x.covered)).toEqual([true, true]);
  });

  it('months paid back at enrolment do not count toward the wait: it runs from the month of the first payment', () => {
    // flexible first-time: July–December paid on 2024-12-10, then monthly: the wait runs December–May
    const h = paid('2024-07', '2025-07', { '2024-07': '2024-12-10', '2024-08': '2024-12-10', '2024-09': '2024-12-10', '2024-10': '2024-12-10', '2024-11': '2024-12-10' });
    expect(covered(req('cangzhou', 'flexible_first', 'flexible', h, ['2025-01-15', '2025-05-31', '2025-06-01']))).toEqual([false, false, true]);
    // a new employer paying July–September on 2024-09-10: covered from September (自缴费当月起)
    const e = paid('2024-07', '2024-10', { '2024-07': '2024-09-10', '2024-08': '2024-09-10', '2024-09': '2024-09-10' });
    expect(covered(req('cangzhou', 'new_employer', 'employee', e, ['2024-07-15', '2024-08-15', '2024-09-01']))).toEqual([false, false, true]);
  });

  it('廊坊: an unpaid gap not paid back brings the 3-month wait whatever its length (第二十四条)', () => {
    // October and November 2024 never paid; December on: the wait runs December–February; covered from March 2025
    const h = paid('2024-01', '2025-04', {}, ['2024-10', '2024-11']);
    expect(covered(req('langfang', 'flexible_first', 'flexible', h, ['2024-12-15', '2025-02-28', '2025-03-01']))).toEqual([false, false, true]);
  });
});

describe('廊坊 第二十四条: the wait after re-enrolment is decided by the back-payment, not the gap’s length', () => {
  // re-enrolled (transfer in) in March 2025, paying each month on time from then on
  const h = paid('2025-03', '2025-12');
  const lf = (gapMonths: number, dates: string[], gapPaidBackOn?: string) =>
    eligibility(req('langfang', 'transfer_in', 'employee', h, dates, gapPaidBackOn === undefined ? { gapMonths } : { gapMonths, gapPaidBackOn }));

  it('a gap of 5 months paid back on 2025-03-10: covered from April (补缴费用的次月起); the gap itself not', () => {
    const r = lf(5, ['2024-12-15', '2025-03-31', '2025-04-01'], '2025-03-10');
    expect(r.results.map((x) => x.covered)).toEqual([false, false, true]);
    expect(r.coveredFrom).toBe('2025-04-01');
    expect(r.results[2]!.source).toContain('第二十四条');
    expect(r.results[0]!.covered).toBe(false);
  });

  it('a gap of 2 months paid back: the gap (January–February) is covered back, then from the month after the back-payment', () => {
    // gap 2025-01 … 2025-02, paid back 2025-04-08: the gap covered; March and April (up to the back-payment month) not; May on covered
    const r = lf(2, ['2024-12-31', '2025-01-15', '2025-02-28', '2025-03-15', '2025-04-30', '2025-05-01'], '2025-04-08');
    expect(r.results.map((x) => x.covered)).toEqual([false, true, true, false, false, true]);
    expect(r.coveredFrom).toBe('2025-01-01');
  });

  it('not paid back: the 3-month 待保期 whatever the length — 2 months as 12', () => {
    // wait March–May, covered from June
    expect(covered(req('langfang', 'transfer_in', 'employee', h, ['2025-05-31', '2025-06-01'], { gapMonths: 2 }))).toEqual([false, true]);
    expect(covered(req('langfang', 'after_prison', 'employee', h, ['2025-05-31', '2025-06-01'], { gapMonths: 12 }))).toEqual([false, true]);
  });

  it('no gap: nothing to pay back, no wait', () => {
    expect(covered(req('langfang', 'transfer_in', 'employee', h, ['2025-03-01'], { gapMonths: 0 }))).toEqual([true]);
  });

  it('a back-payment without a gap, or before re-enrolment, is refused with its path', () => {
    for (const extra of [{ gapMonths: 0, gapPaidBackOn: '2025-03-10' }, { gapMonths: 2, gapPaidBackOn: '2025-02-10' }]) {
      const e = refusal(() => eligibility(req('langfang', 'transfer_in', 'employee', h, ['2025-04-01'], extra)));
      expect([e.code, e.path]).toEqual(['invalid_input', 'enrolment.gapPaidBackOn']);
    }
  });
});

describe('绥化 第十三条: arrears — the month in arrears covered, suspended from the next month until paid up', () => {
  const dates = ['2026-03-15', '2026-04-15', '2026-05-15', '2026-06-15', '2026-12-31'];
  /** January–December 2026 and January 2027 paid on time, except March 2026, paid on `march` (or never). */
  const history = (march?: string) => paid('2026-01', '2027-01', march ? { '2026-03': march } : {}, march ? [] : ['2026-03']);
  const sh = (march: string | undefined, ds: string[] = dates) => eligibility(req('suihua', 'new_employer', 'employee', history(march), ds));

  it('paid up within the year (2026-06-10): March itself covered, the suspension (April–May) paid back', () => {
    expect(sh('2026-06-10').results.map((x) => x.covered)).toEqual([true, true, true, true, true]);
  });

  it('paid up the next year (2027-01-10): March covered; April–December 2026 not, though paid on time; January 2027 restored', () => {
    const r = sh('2027-01-10', [...dates, '2027-01-05']);
    expect(r.results.map((x) => x.covered)).toEqual([true, false, false, false, false, true]);
    expect(r.results[1]!.reason).toContain('未在 2026 年度内补足');
  });

  it('never paid: March covered, suspended from April for as long as the arrears stand', () => {
    const r = sh(undefined, [...dates, '2027-01-05']);
    expect(r.results.map((x) => x.covered)).toEqual([true, false, false, false, false, false]);
    expect(r.results[1]!.source).toBe(r.results[0]!.source);
    expect(r.results[1]!.source).toContain('第十三条');
  });

  it('the answer for a suspended date follows the payment date: paid 2026-12-20 covers May, paid 2027-01-04 does not', () => {
    expect(sh('2026-12-20', ['2026-05-15']).results[0]!.covered).toBe(true);
    expect(sh('2027-01-04', ['2026-05-15']).results[0]!.covered).toBe(false);
  });

  it('arrears across the year end: November covered, December not, January 2027 paid back (paid up 2027-02-10)', () => {
    const h = paid('2026-01', '2027-03', { '2026-11': '2027-02-10', '2026-12': '2027-02-10' });
    expect(covered(req('suihua', 'new_employer', 'employee', h, ['2026-11-30', '2026-12-15', '2027-01-15', '2027-02-01']))).toEqual([true, false, true, true]);
  });
});

describe('eligibility bounds (issue §5)', () => {
  const base = () => req('cangzhou', 'new_employer', 'employee', paid('2024-07', '2024-09'), ['2024-08-01']);
  const path = (r: Json) => {
    const e = refusal(() => eligibility(r));
    return [e.code, e.path];
  };

  it('counts beyond what the texts can mean are refused with their path', () => {
    expect(path({ ...base(), enrolment: { kind: 'transfer_in', gapMonths: 1e308 } })).toEqual(['invalid_input', 'enrolment.gapMonths']);
    expect(path({ ...base(), enrolment: { kind: 'transfer_in', gapMonths: 1201 } })).toEqual(['invalid_input', 'enrolment.gapMonths']);
    expect(path({ ...base(), enrolment: { kind: 'transfer_in', gapMonths: 1.5 } })).toEqual(['invalid_input', 'enrolment.gapMonths']);
    expect(path({ ...base(), enrolment: { kind: 'switch_from_resident', priorContinuousYears: 101 } })).toEqual(['invalid_input', 'enrolment.priorContinuousYears']);
  });

  it('dates outside 1900–2100 are refused with their path', () => {
    expect(path({ ...base(), dates: ['2024-08-01', '0000-01-01'] })).toEqual(['invalid_input', 'dates[1]']);
    expect(path({ ...base(), dates: ['9999-12-31'] })).toEqual(['invalid_input', 'dates[0]']);
    expect(path({ ...base(), history: [{ month: '2101-01', paidOn: '2024-01-01' }] })).toEqual(['invalid_input', 'history[0].month']);
    expect(path({ ...base(), history: [{ month: '2024-01', paidOn: '1899-12-31' }] })).toEqual(['invalid_input', 'history[0].paidOn']);
  });

  it('1,000 far-apart dates and 151 years of history (1950–2100): one result each, in one sweep', () => {
    // history: every month 1950-01 … 2100-12, each fifth year's March paid a year late
    const late: Record<string, string> = {};
    for (let y = 1950; y <= 2095; y += 5) late[`${y}-03`] = `${y + 1}-03-01`;
    const h = paid('1950-01', '2100-12', late);
    // dates where the rules are in force: 沧州 from 2024-07 to 2100-12 (918 months), 绥化 2026–2030
    const spread = (fromYear: number, months: number) =>
      Array.from({ length: 1000 }, (_, i) => {
        const m = (i * 7919) % months;
        return `${fromYear + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
      });
    const cz = eligibility({ region: 'cangzhou', enrolment: { kind: 'new_employer' }, history: h, dates: spread(2025, 912) });
    expect(cz.results).toHaveLength(1000);
    expect(cz.coveredFrom).toBe('1950-01-01');
    const sh = eligibility({ region: 'suihua', enrolment: { kind: 'new_employer' }, history: h, dates: spread(2026, 60) });
    expect(sh.results).toHaveLength(1000);
  });
});
