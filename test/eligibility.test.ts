/** yibao eligibility: waiting periods (first and last day), arrears and back-payments, per region. */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eligibility, eligibilityWith } from '../src/index.js';
import { YibaoError } from '../src/engine/errors.js';
import { DEFAULT_POLICY_DIR, loadPolicies } from '../src/policy/load.js';
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
    // the flexible worker (covered from 2024-07 as a veteran): 4 months, 视为自动退出 (第三十五条); the back-payment
    // of January 2025 is the re-entry, 6 months from it: covered from July
    expect(covered(req('cangzhou', 'veteran', 'flexible', h, ['2025-06-30', '2025-07-01']))).toEqual([false, true]);
  });

  it('a month not paid: the month in arrears itself covered, suspended from the next month (第三十条: 从欠缴次月起暂停)', () => {
    // September never paid. The text suspends benefits 从欠缴次月起, so September itself is covered; October,
    // though paid on time, is suspended (恢复 only 按规定补足欠缴的职工医保费后); November too. (The earlier reading
    // left September uncovered and October covered.)
    const h = paid('2024-07', '2024-10', {}, ['2024-09']);
    expect(covered(req('cangzhou', 'new_employer', 'employee', h, ['2024-09-15', '2024-10-15', '2024-11-15']))).toEqual([true, false, false]);
  });

  it('transfers and switches: no waiting after a short gap paid back or 2 years of cover, otherwise as first-time', () => {
    expect(covered(req('cangzhou', 'transfer_in', 'employee', paid('2024-07', '2024-12'), ['2024-07-15'], { gapMonths: 2, gapPaidBackOn: '2024-07-10' }))).toEqual([true]);
    expect(covered(req('cangzhou', 'transfer_in', 'employee', paid('2024-07', '2024-12'), ['2024-09-15', '2024-10-01'], { gapMonths: 5 }))).toEqual([false, true]);
    expect(covered(req('cangzhou', 'switch_from_resident', 'employee', paid('2024-07', '2024-12'), ['2024-07-15'], { gapMonths: 1, priorContinuousYears: 2, gapPaidBackOn: '2024-07-10' }))).toEqual([true]);
    expect(covered(req('cangzhou', 'switch_from_resident', 'flexible', paid('2024-07', '2025-01'), ['2024-12-31', '2025-01-01'], { gapMonths: 1, priorContinuousYears: 1.5 }))).toEqual([false, true]);
  });
});

describe('沧州 第三十条: an employee’s arrears — the month in arrears covered, suspended from the next month until paid up', () => {
  // a new employer's employee from July 2024 (covered from the first month, 第二十九条), every month paid on the
  // 20th of its own month except those named
  const at = (months: string[], day: string) => Object.fromEntries(months.map((m) => [m, day]));
  const cz = (history: Json[], dates: string[], type = 'employee', kind = 'new_employer') => eligibility(req('cangzhou', kind, type, history, dates));

  it('March 2025 never paid, April on paid on time: March covered (欠缴次月起暂停), April on suspended — later payments do not lift it', () => {
    const r = cz(paid('2024-07', '2025-12', {}, ['2025-03']), ['2025-02-28', '2025-03-01', '2025-03-31', '2025-04-01', '2025-06-15', '2025-12-31']);
    expect(r.results.map((x) => x.covered)).toEqual([true, true, true, false, false, false]);
    expect(r.results[1]!.reason).toContain('欠缴当月仍享受');
    expect(r.results[3]!.reason).toContain('欠费补足前不恢复');
    expect(r.results[3]!.source).toContain('第三十条');
  });

  it('March paid up on 2025-06-10 (1 month, 3个月（含）以内): 即恢复 from June, and the suspension (April–May) covered back (中断期间…予以支付)', () => {
    const r = cz(paid('2024-07', '2025-12', { '2025-03': '2025-06-10' }), ['2025-03-15', '2025-04-01', '2025-05-31', '2025-06-01', '2025-07-01']);
    expect(r.results.map((x) => x.covered)).toEqual([true, true, true, true, true]);
    expect(r.results[1]!.reason).toContain('予以支付');
    // the interruption counts the months not paid: one month paid back 9 months later is still 3个月以内
    expect(covered(req('cangzhou', 'new_employer', 'employee', paid('2024-07', '2025-12', { '2025-03': '2025-12-10' }), ['2025-04-01', '2025-11-30']))).toEqual([true, true]);
  });

  it('the answer for a suspended date follows the payment dates given: before the pay-up a suspended month is not covered', () => {
    // the same history asked about before the back-payment (the history then lacks it): May not covered
    expect(covered(req('cangzhou', 'new_employer', 'employee', paid('2024-07', '2025-05', {}, ['2025-03']), ['2025-05-15']))).toEqual([false]);
    // once the history gives March paid on 2025-06-10: May covered back
    expect(covered(req('cangzhou', 'new_employer', 'employee', paid('2024-07', '2025-06', { '2025-03': '2025-06-10' }), ['2025-05-15']))).toEqual([true]);
  });

  it('3 months (March–May) missing, paid up on 2025-07-08: the limit is inclusive — March covered, April–June covered back, July on', () => {
    const three = ['2025-03', '2025-04', '2025-05'];
    const r = cz(paid('2024-07', '2025-12', at(three, '2025-07-08')), ['2025-03-15', '2025-04-15', '2025-05-31', '2025-06-30', '2025-07-01']);
    expect(r.results.map((x) => x.covered)).toEqual([true, true, true, true, true]);
  });

  it('4 months (March–June) missing, paid up on 2025-08-10 (3个月以上): March covered; April–July not (中断期间不予支付); from August (补缴当月)', () => {
    const four = ['2025-03', '2025-04', '2025-05', '2025-06'];
    const r = cz(paid('2024-07', '2025-12', at(four, '2025-08-10')), ['2025-03-31', '2025-04-01', '2025-06-15', '2025-07-31', '2025-08-01', '2025-09-01']);
    expect(r.results.map((x) => x.covered)).toEqual([true, false, false, false, true, true]);
    expect(r.results[1]!.reason).toContain('不予支付');
    expect(r.results[4]!.reason).toContain('补缴当月');
  });

  it('paid back in two instalments: only the last one (补足) lifts the suspension', () => {
    // March–June missing; March–April paid on 2025-07-05, May–June on 2025-09-05: 4 months, covered from September
    const h = paid('2024-07', '2025-12', { ...at(['2025-03', '2025-04'], '2025-07-05'), ...at(['2025-05', '2025-06'], '2025-09-05') });
    expect(covered(req('cangzhou', 'new_employer', 'employee', h, ['2025-03-15', '2025-07-15', '2025-08-31', '2025-09-01']))).toEqual([true, false, false, true]);
  });

  it('months missing apart while the first is unpaid are one interruption: March and May (2 months), paid up 2025-06-10, covered back', () => {
    const h = paid('2024-07', '2025-12', at(['2025-03', '2025-05'], '2025-06-10'));
    expect(covered(req('cangzhou', 'new_employer', 'employee', h, ['2025-03-15', '2025-04-15', '2025-05-15', '2025-06-01']))).toEqual([true, true, true, true]);
  });

  it('a month after the history not yet paid is in arrears like any other: the first one covered, the next suspended', () => {
    // history to October 2025: November is the month in arrears, December suspended
    expect(covered(req('cangzhou', 'new_employer', 'employee', paid('2024-07', '2025-10'), ['2025-11-15', '2025-12-15']))).toEqual([true, false]);
  });

  it('a policy whose suspension leaves a person type out must give that type a resume rule; two suspensions may not name one type', () => {
    const root = mkdtempSync(join(tmpdir(), 'yibao-suspension-'));
    cpSync(DEFAULT_POLICY_DIR, root, { recursive: true });
    const file = join(root, 'cangzhou/cangzheng-gui-2024-1.yaml');
    const text = readFileSync(file, 'utf8');
    const flexLine = '            - { article: 第三十五条, from: month_after_arrears, until: paid_up, coveredBack: { maxGapMonths: 3, beyondMax: { kind: waiting, months: 6 } }, types: [flexible] }\n';
    expect(text).toContain(flexLine);
    writeFileSync(file, text.replace(flexLine, ''));
    expect(() => loadPolicies(root)).toThrow(/resume/);
    writeFileSync(file, text.replace(flexLine, flexLine.replace('types: [flexible]', 'types: [flexible, employee]')));
    expect(() => loadPolicies(root)).toThrow(/at most one/);
  });
});

describe('沧州 第三十五条: a flexible worker’s arrears — 3 months or less as 第三十条; more, out of the scheme and 6 months from re-entry', () => {
  // a first-time flexible worker paying from January 2024 (第三十四条: covered from July 2024), every month paid on
  // the 20th of its own month except those named. The earlier reading (第三十五条 left out of the suspension) had a
  // month not paid uncovered and the next month paid on time covered; the text's 从欠缴次月起停止享受…补足…后即可恢复
  // is worded as 第三十条's, so it is now read the same way up to 3 months.
  const at = (months: string[], day: string) => Object.fromEntries(months.map((m) => [m, day]));
  const flex = (history: Json[], dates: string[], type = 'flexible') => eligibility(req('cangzhou', type === 'flexible' ? 'flexible_first' : 'new_employer', type, history, dates));
  const marToJun = ['2025-03', '2025-04', '2025-05', '2025-06'];

  it('March 2025 never paid, April on paid on time: March covered (欠缴次月起停止), April on not — later payments do not lift it (was: March not, April covered)', () => {
    const r = flex(paid('2024-01', '2025-12', {}, ['2025-03']), ['2025-02-28', '2025-03-01', '2025-03-31', '2025-04-01', '2025-12-31']);
    expect(r.results.map((x) => x.covered)).toEqual([true, true, true, false, false]);
    expect(r.results[1]!.reason).toContain('欠缴当月仍享受');
    expect(r.results[3]!.reason).toContain('欠费补足前不恢复');
    expect(r.results[3]!.source).toBe('沧政规〔2024〕1号 第三十五条');
    // an employee's months keep citing 第三十条
    expect(flex(paid('2024-07', '2025-12', {}, ['2025-03']), ['2025-04-01'], 'employee').results[0]!.source).toBe('沧政规〔2024〕1号 第三十条');
  });

  it('March paid up on 2025-06-10 (1 month): 即可恢复 from June and the stopped months (April–May) covered back', () => {
    const r = flex(paid('2024-01', '2025-12', { '2025-03': '2025-06-10' }), ['2025-03-15', '2025-04-01', '2025-05-31', '2025-06-01', '2025-07-01']);
    expect(r.results.map((x) => x.covered)).toEqual([true, true, true, true, true]);
    expect(r.results[1]!.reason).toContain('予以支付');
  });

  it('3 months (March–May) paid up on 2025-07-08: the limit is inclusive — March to June covered, July on', () => {
    const r = flex(paid('2024-01', '2025-12', at(['2025-03', '2025-04', '2025-05'], '2025-07-08')), ['2025-03-15', '2025-04-15', '2025-05-31', '2025-06-30', '2025-07-01']);
    expect(r.results.map((x) => x.covered)).toEqual([true, true, true, true, true]);
  });

  it('5 months (March–July) all paid back on 2025-08-10 (补缴之月 August): March covered; April–July not (中断); August–January the wait; from February 2026', () => {
    const h = paid('2024-01', '2026-06', at([...marToJun, '2025-07'], '2025-08-10'));
    const dates = ['2025-03-31', '2025-04-01', '2025-07-31', '2025-08-01', '2026-01-31', '2026-02-01'];
    const r = flex(h, dates);
    expect(r.results.map((x) => x.covered)).toEqual([true, false, false, false, false, true]);
    expect(r.results[1]!.reason).toContain('视为自动退出');
    expect(r.results[2]!.reason).toContain('中断缴费 5 个月（超过 3 个月）');
    expect(r.results[3]!.reason).toContain('待遇享受等待期');
    expect(r.results[3]!.reason).toContain('2025-08 补缴');
    expect(r.results[5]!.reason).toContain('连续缴费满 6 个月');
    expect(r.coveredFrom).toBe('2024-07-01');
    // an employee with the same history (第三十条): from the month of the pay-up (补缴当月), no wait
    expect(covered(req('cangzhou', 'new_employer', 'employee', paid('2024-07', '2026-06', at([...marToJun, '2025-07'], '2025-08-10')), dates))).toEqual([true, false, false, true, true, true]);
  });

  it('March–June never paid, July on paid on time (再次参保缴费 July, no back-payment): March covered; April–June not; July–December the wait; from January 2026', () => {
    const r = flex(paid('2024-01', '2026-06', {}, marToJun), ['2025-03-15', '2025-04-15', '2025-06-30', '2025-07-01', '2025-12-31', '2026-01-01']);
    expect(r.results.map((x) => x.covered)).toEqual([true, false, false, false, false, true]);
    expect(r.results[3]!.reason).toContain('2025-07 再次参保缴费');
    expect(r.results[3]!.reason).toContain('自 2026-01 起');
  });

  it('paying again first and paying back later: the wait runs from paying again (July), the later back-payment (October) moves nothing', () => {
    const r = flex(paid('2024-01', '2026-06', at(marToJun, '2025-10-10')), ['2025-05-15', '2025-10-15', '2025-12-31', '2026-01-01']);
    expect(r.results.map((x) => x.covered)).toEqual([false, false, false, true]);
  });

  it('3 months not paid then paying again without paying back: never withdrawn, so stopped until 补足; a 4th month missed instead would have let the wait run', () => {
    const three = paid('2024-01', '2026-12', {}, ['2025-03', '2025-04', '2025-05']);
    expect(covered(req('cangzhou', 'flexible_first', 'flexible', three, ['2025-03-15', '2025-06-15', '2026-12-31']))).toEqual([true, false, false]);
    // the same 3 months paid up on 2026-02-10: February 2026 on covered again, and the stopped months covered back
    const paidUp = paid('2024-01', '2026-12', at(['2025-03', '2025-04', '2025-05'], '2026-02-10'));
    expect(covered(req('cangzhou', 'flexible_first', 'flexible', paidUp, ['2025-06-15', '2026-02-01']))).toEqual([true, true]);
  });

  it('never paying again: out of the scheme, not covered — the history ends in February 2025', () => {
    const r = flex(paid('2024-01', '2025-02'), ['2025-03-15', '2025-04-15', '2025-09-15', '2026-12-31']);
    expect(r.results.map((x) => x.covered)).toEqual([true, false, false, false]);
    expect(r.results[2]!.reason).toContain('尚未再次参保缴费');
    // a date's answer does not depend on the other dates asked (only the months counted in the reason do)
    expect(covered(req('cangzhou', 'flexible_first', 'flexible', paid('2024-01', '2025-02'), ['2025-04-15']))).toEqual([false]);
  });

  it('the interruption ends at re-entry: a month missed after it is a new interruption, judged by itself', () => {
    // March–June 2025 never paid, July on on time (covered from January 2026); March 2026 never paid: March
    // 2026 covered (欠缴当月), April 2026 on stopped again; paid up on 2026-05-10 (1 month): covered back
    const never = paid('2024-01', '2026-12', {}, [...marToJun, '2026-03']);
    expect(covered(req('cangzhou', 'flexible_first', 'flexible', never, ['2026-01-15', '2026-03-15', '2026-04-15']))).toEqual([true, true, false]);
    const back = paid('2024-01', '2026-12', { '2026-03': '2026-05-10' }, marToJun);
    expect(covered(req('cangzhou', 'flexible_first', 'flexible', back, ['2026-03-15', '2026-04-15', '2026-05-15']))).toEqual([true, true, true]);
    // a month missed inside the wait: not covered (the wait), and the wait is not restarted (a reading)
    const inWait = paid('2024-01', '2026-12', { '2025-09': '2025-10-10' }, marToJun);
    expect(covered(req('cangzhou', 'flexible_first', 'flexible', inWait, ['2025-09-15', '2025-12-31', '2026-01-01']))).toEqual([false, false, true]);
  });
});

describe('廊坊 eligibility (第二十二–二十五条)', () => {
  it('employees of employers wait 3 months, first-time flexible workers 6', () => {
    expect(covered(req('langfang', 'new_employer', 'employee', paid('2024-03', '2024-08'), ['2024-05-31', '2024-06-01']))).toEqual([false, true]);
    expect(covered(req('langfang', 'flexible_first', 'flexible', paid('2024-03', '2024-10'), ['2024-08-31', '2024-09-01']))).toEqual([false, true]);
  });

  it('after a gap over 3 months: from the month after the back-payment; without back-payment no cover (employer) or a 3-month wait (the person’s 中止)', () => {
    // the employer's gap April–July 2024 paid back 2024-08-05; August on: covered from September (第二十三条)
    const back = paid('2024-01', '2024-12', { '2024-04': '2024-08-05', '2024-05': '2024-08-05', '2024-06': '2024-08-05', '2024-07': '2024-08-05' });
    expect(covered(req('langfang', 'veteran', 'employee', back, ['2024-05-15', '2024-08-31', '2024-09-01']))).toEqual([false, false, true]);
    // not paid back: the employer's arrears stand; months paid on time from August are not covered either (第二十三条)
    const skipped = paid('2024-01', '2024-12', {}, ['2024-04', '2024-05', '2024-06', '2024-07']);
    expect(covered(req('langfang', 'veteran', 'employee', skipped, ['2024-05-15', '2024-10-31', '2024-11-01']))).toEqual([false, false, false]);
    // the person's own 中止: re-hired in August after 4 months uninsured, not paid back: a 3-month 待保期 to October (第二十四条)
    expect(covered(req('langfang', 'joined_employer', 'employee', paid('2024-08', '2024-12'), ['2024-10-31', '2024-11-01'], { gapMonths: 4 }))).toEqual([false, true]);
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

describe('廊坊 第二十三条: the employer’s interruption (单位缴费中断) — months missing or late in an employee’s history', () => {
  // a new employee from January 2024: 第二十二条's 3 months, covered from April; the employer then misses months
  const lf = (history: Json[], dates: string[]) => eligibility(req('langfang', 'new_employer', 'employee', history, dates));
  const june = ['2024-06', '2024-07', '2024-08'];
  const at = (months: string[], day: string) => Object.fromEntries(months.map((m) => [m, day]));

  it('3 months (June–August) paid back 2024-09-10: the arrears covered for 门诊慢特病 and 住院 only; other months in full', () => {
    const r = lf(paid('2024-01', '2024-12', at(june, '2024-09-10')), ['2024-05-31', '2024-06-01', '2024-08-31', '2024-09-15', '2024-12-01']);
    expect(r.results.map((x) => x.covered)).toEqual([true, true, true, true, true]);
    expect(r.results.map((x) => x.covers)).toEqual([undefined, ['chronic', 'special', 'inpatient'], ['chronic', 'special', 'inpatient'], undefined, undefined]);
    expect(r.results[1]!.reason).toContain('门诊慢性病、门诊特殊疾病、住院');
    expect(r.results[1]!.source).toContain('第二十三条');
  });

  it('the same months not (yet) paid back: the arrears stand — nothing from June is covered, months paid on time after them included', () => {
    const r = lf(paid('2024-01', '2024-12', {}, june), ['2024-05-31', '2024-06-15', '2024-09-15', '2024-12-15']);
    expect(r.results.map((x) => x.covered)).toEqual([true, false, false, false]);
    expect(r.results[2]!.reason).toContain('欠费未补缴');
    // the answer follows the payment date given: paid back in December, all covered (the arrears for 门诊慢特病、住院)
    const later = lf(paid('2024-01', '2024-12', at(june, '2024-12-10')), ['2024-06-15', '2024-09-15', '2024-12-15']);
    expect(later.results.map((x) => [x.covered, x.covers])).toEqual([
      [true, ['chronic', 'special', 'inpatient']],
      [true, undefined],
      [true, undefined],
    ]);
  });

  it('over 3 months (June–October, 5) paid back 2024-11-10: from December; the arrears and November are the employer’s to bear', () => {
    const five = ['2024-06', '2024-07', '2024-08', '2024-09', '2024-10'];
    const r = lf(paid('2024-01', '2025-01', at(five, '2024-11-10')), ['2024-07-15', '2024-10-31', '2024-11-15', '2024-11-30', '2024-12-01']);
    expect(r.results.map((x) => x.covered)).toEqual([false, false, false, false, true]);
    expect(r.results[0]!.reason).toContain('由用人单位负担');
    expect(r.results[2]!.reason).toContain('由用人单位负担');
    expect(r.results[2]!.reason).toContain('自 2024-12 起');
    expect(r.coveredFrom).toBe('2024-04-01');
  });

  it('4 months is over 3: not covered back (3 months inclusive is the limit)', () => {
    const four = ['2024-06', '2024-07', '2024-08', '2024-09'];
    expect(covered(req('langfang', 'new_employer', 'employee', paid('2024-01', '2024-12', at(four, '2024-10-08')), ['2024-06-15', '2024-10-15', '2024-11-01']))).toEqual([false, false, true]);
  });

  it('a flexible worker’s own arrears are not the employer’s: not paid back, a 3-month 待保期 from paying again (第二十四条)', () => {
    const r = eligibility(req('langfang', 'flexible_first', 'flexible', paid('2024-01', '2025-04', {}, ['2024-10', '2024-11']), ['2024-10-15', '2025-02-28', '2025-03-01']));
    expect(r.results.map((x) => x.covered)).toEqual([false, false, true]);
    expect(r.results[0]!.reason).not.toContain('用人单位');
  });
});

describe('廊坊 第二十六条: an approved deferral (缓缴) of at most half a year', () => {
  // a new employee from January 2024 (covered from April); the employer defers July–December 2024
  const deferred = ['2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12'];
  const at = (months: string[], day: string) => Object.fromEntries(months.map((m) => [m, day]));
  const lf = (history: Json[], dates: string[], deferrals: Json[] = [{ from: '2024-07', until: '2024-12' }]) =>
    eligibility({ ...req('langfang', 'new_employer', 'employee', history, dates), deferrals });
  const dates = ['2024-07-15', '2024-12-31', '2025-01-15', '2025-03-31', '2025-04-01'];

  it('during the deferral benefits continue, paid or not; paid by its end (2024-12-20), nothing follows', () => {
    const r = lf(paid('2024-01', '2025-06', at(deferred, '2024-12-20')), dates);
    expect(r.results.map((x) => x.covered)).toEqual([true, true, true, true, true]);
    expect(r.results[0]!.reason).toContain('缓缴期间享受正常报销待遇');
    expect(r.results[0]!.source).toContain('第二十六条');
    expect(r.results[0]!.covers).toBeUndefined();
  });

  it('paid late (2025-03-10): covered from April 2025; January–March 2025 not, though paid on time; the deferral itself stays covered', () => {
    const r = lf(paid('2024-01', '2025-06', at(deferred, '2025-03-10')), dates);
    expect(r.results.map((x) => x.covered)).toEqual([true, true, false, false, true]);
    expect(r.results[2]!.reason).toContain('2025-04');
    expect(r.results[2]!.source).toContain('第二十六条');
  });

  it('never paid: the deferral covered, nothing after it', () => {
    const r = lf(paid('2024-01', '2025-06', {}, deferred), dates);
    expect(r.results.map((x) => x.covered)).toEqual([true, true, false, false, false]);
  });

  it('without the deferral the same late payment is ordinary arrears of 6 months (第二十三条): July–December not covered', () => {
    const r = lf(paid('2024-01', '2025-06', at(deferred, '2025-03-10')), dates, []);
    expect(r.results.map((x) => x.covered)).toEqual([false, false, false, false, true]);
    expect(r.results[0]!.source).toContain('第二十三条');
  });

  it('a deferral over six months is refused with its path (缓缴期限一般不超过半年)', () => {
    const e = refusal(() => lf(paid('2024-01', '2025-06'), dates, [{ from: '2024-07', until: '2025-01' }]));
    expect([e.code, e.path]).toEqual(['invalid_input', 'deferrals[0].until']);
    expect(e.message).toContain('第二十六条');
  });

  it('variant beyondMax: accept (一般 read as not binding): a 7-month deferral covered in full, the reason says it exceeds six months', () => {
    const root = mkdtempSync(join(tmpdir(), 'yibao-deferral-'));
    cpSync(DEFAULT_POLICY_DIR, root, { recursive: true });
    const file = join(root, 'langfang/langfang-shishi-banfa-2024.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('value: { maxMonths: 6, beyondMax: refuse }');
    writeFileSync(file, text.replace('value: { maxMonths: 6, beyondMax: refuse }', 'value: { maxMonths: 6, beyondMax: accept }'));
    const seven = [...deferred, '2025-01'];
    const request = { ...req('langfang', 'new_employer', 'employee', paid('2024-01', '2025-06', at(seven, '2025-03-10')), ['2025-01-15', '2025-03-31', '2025-04-01']), deferrals: [{ from: '2024-07', until: '2025-01' }] };
    const r = eligibilityWith(loadPolicies(root), request);
    // January 2025 is the seventh deferred month: covered; February–March (to the late back-payment) not; April on covered
    expect(r.results.map((x) => x.covered)).toEqual([true, false, true]);
    expect(r.results[0]!.reason).toContain('超过');
  });

  it('bad deferrals are refused with their path: reversed, overlapping, before the history, for a flexible worker', () => {
    const h = paid('2024-01', '2025-06');
    const path = (deferrals: Json[], type = 'employee') => {
      const e = refusal(() => eligibility({ ...req('langfang', 'new_employer', type, h, ['2024-08-01']), deferrals }));
      return [e.code, e.path];
    };
    expect(path([{ from: '2024-09', until: '2024-07' }])).toEqual(['invalid_input', 'deferrals[0].until']);
    expect(path([{ from: '2024-09', until: '2024-10' }, { from: '2024-07', until: '2024-09' }])).toEqual(['invalid_input', 'deferrals[0].from']);
    expect(path([{ from: '2023-12', until: '2024-02' }])).toEqual(['invalid_input', 'deferrals[0].from']);
    expect(path([{ from: '2024-07', until: '2024-08' }], 'flexible')).toEqual(['invalid_input', 'deferrals']);
    expect(path([{ from: '2024-07', until: '2024-8' }])).toEqual(['invalid_input', 'deferrals[0].until']);
  });

  it('regions whose texts set no rule for a deferral refuse it as unsupported, naming the article', () => {
    const cz = refusal(() => eligibility({ ...req('cangzhou', 'new_employer', 'employee', paid('2024-07', '2024-12'), ['2024-09-01']), deferrals: [{ from: '2024-08', until: '2024-09' }] }));
    expect([cz.code, cz.path]).toEqual(['unsupported', 'deferrals']);
    expect(cz.message).toContain('第二十八条');
    const sh = refusal(() => eligibility({ ...req('suihua', 'new_employer', 'employee', paid('2026-01', '2026-06'), ['2026-03-01']), deferrals: [{ from: '2026-02', until: '2026-03' }] }));
    expect([sh.code, sh.message.includes('第十二条')]).toEqual(['unsupported', true]);
    const zy = refusal(() => eligibility({ ...req('ziyang', 'new_employer', 'employee', paid('2024-01', '2024-06'), ['2024-03-01']), deferrals: [{ from: '2024-02', until: '2024-03' }] }));
    expect([zy.code, zy.path]).toEqual(['unsupported', 'deferrals']);
  });
});

describe('no waiting period only 补缴后: 沧州 第三十六条, 廊坊 第二十五条 (and 沧州 第五十条, which sets no back-payment)', () => {
  it('沧州 第三十六条 transfer, gap of 2 months (August–September 2024): paid back, no wait and the gap covered; not paid back, the first-enrolment wait', () => {
    // re-enrolled in October 2024 (the text is in force from 2024-06-27)
    const h = paid('2024-10', '2025-06');
    const back = eligibility(req('cangzhou', 'transfer_in', 'employee', h, ['2024-08-15', '2024-09-30', '2024-10-01'], { gapMonths: 2, gapPaidBackOn: '2024-11-10' }));
    expect(back.results.map((x) => [x.covered, x.covers])).toEqual([
      [true, undefined],
      [true, undefined],
      [true, undefined],
    ]);
    expect(back.coveredFrom).toBe('2024-08-01');
    expect(back.results[0]!.source).toBe('沧政规〔2024〕1号 第三十六条');
    // not paid back: 按首次参加职工医保的有关规定 — an employee waits 3 months (October–December), a flexible worker 6
    expect(covered(req('cangzhou', 'transfer_in', 'employee', h, ['2024-09-15', '2024-12-31', '2025-01-01'], { gapMonths: 2 }))).toEqual([false, false, true]);
    expect(covered(req('cangzhou', 'transfer_in', 'flexible', h, ['2025-03-31', '2025-04-01'], { gapMonths: 2 }))).toEqual([false, true]);
    // no gap: nothing to pay back, no wait
    expect(covered(req('cangzhou', 'transfer_in', 'employee', h, ['2024-10-01'], { gapMonths: 0 }))).toEqual([true]);
    // over 3 months, paid back or not: the wait, the gap not covered
    expect(covered(req('cangzhou', 'transfer_in', 'employee', h, ['2024-07-15', '2024-12-31', '2025-01-01'], { gapMonths: 4, gapPaidBackOn: '2024-10-10' }))).toEqual([false, false, true]);
  });

  it('沧州 第三十六条 switch after 2 years: paid back, no wait and the gap covered; not paid back, 3 months in an employer', () => {
    const h = paid('2024-10', '2025-06');
    expect(covered(req('cangzhou', 'switch_from_resident', 'employee', h, ['2024-09-15', '2024-10-01'], { gapMonths: 1, priorContinuousYears: 2, gapPaidBackOn: '2024-10-05' }))).toEqual([true, true]);
    expect(covered(req('cangzhou', 'switch_from_resident', 'employee', h, ['2024-09-15', '2024-12-31', '2025-01-01'], { gapMonths: 1, priorContinuousYears: 2 }))).toEqual([false, false, true]);
  });

  it('沧州 第五十条: released 2 months before 续保, covered from the month of the renewed payment — no back-payment is asked', () => {
    const h = paid('2024-10', '2025-06');
    expect(covered(req('cangzhou', 'after_prison', 'employee', h, ['2024-09-30', '2024-10-01'], { gapMonths: 2 }))).toEqual([false, true]);
    expect(covered(req('cangzhou', 'after_prison', 'employee', h, ['2024-12-31', '2025-01-01'], { gapMonths: 4 }))).toEqual([false, true]);
  });

  it('廊坊 第二十五条 switch after 2 years, gap of 2 months: paid back 2025-05-12, covered from May (补缴后即可); the gap not covered back', () => {
    const h = paid('2025-03', '2025-12');
    const r = eligibility(req('langfang', 'switch_from_resident', 'employee', h, ['2025-02-15', '2025-04-30', '2025-05-01'], { gapMonths: 2, priorContinuousYears: 2, gapPaidBackOn: '2025-05-12' }));
    expect(r.results.map((x) => x.covered)).toEqual([false, false, true]);
    expect(r.results[1]!.source).toContain('第二十五条');
    expect(r.results[1]!.reason).toContain('自 2025-05 起');
    // paid back on re-enrolment: covered from the first month
    expect(covered(req('langfang', 'switch_from_resident', 'employee', h, ['2025-03-01'], { gapMonths: 2, priorContinuousYears: 2, gapPaidBackOn: '2025-03-05' }))).toEqual([true]);
    // no gap: nothing to pay back
    expect(covered(req('langfang', 'switch_from_resident', 'employee', h, ['2025-03-01'], { gapMonths: 0, priorContinuousYears: 2 }))).toEqual([true]);
  });

  it('廊坊 第二十五条 not paid back: a new enrolment under 第二十二条 — 3 months for an employee, 6 for a flexible worker', () => {
    const h = paid('2025-03', '2025-12');
    const r = eligibility(req('langfang', 'switch_from_resident', 'employee', h, ['2025-05-31', '2025-06-01'], { gapMonths: 2, priorContinuousYears: 2 }));
    expect(r.results.map((x) => x.covered)).toEqual([false, true]);
    expect(r.results[0]!.source).toContain('第二十二条');
    expect(covered(req('langfang', 'switch_from_resident', 'flexible', h, ['2025-08-31', '2025-09-01'], { gapMonths: 2, priorContinuousYears: 2 }))).toEqual([false, true]);
  });

  it('廊坊 第二十四条 covers the gap for 门诊慢特病 and 住院 only, and applies to anyone re-enrolling after 中止', () => {
    // re-hired by an employer (joined_employer) in March 2025 after a 2-month gap paid back 2025-03-10
    const r = eligibility(req('langfang', 'joined_employer', 'employee', paid('2025-03', '2025-12'), ['2025-01-15', '2025-03-31', '2025-04-01'], { gapMonths: 2, gapPaidBackOn: '2025-03-10' }));
    expect(r.results.map((x) => [x.covered, x.covers])).toEqual([
      [true, ['chronic', 'special', 'inpatient']],
      [false, undefined],
      [true, undefined],
    ]);
    expect(r.results[0]!.source).toContain('第二十四条');
    // a first enrolment (no gap) keeps 第二十二条's 3 months
    expect(covered(req('langfang', 'joined_employer', 'employee', paid('2025-03', '2025-12'), ['2025-05-31', '2025-06-01']))).toEqual([false, true]);
  });
});
