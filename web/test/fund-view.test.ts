import { describe, expect, it } from 'vitest';
import { dayIn, dayTotals, payersOf, payoutsByPayer } from '../src/lib/fund-view';
import { settlementsPath, type InstitutionDay } from '../src/lib/api';
import { totalsChange, totalsRows } from '../src/lib/year-totals';
import { dateTimeText } from '../src/lib/format';
import { emptyAccumulators } from '../../src/index';

const day = (institution: string | null, total: number, funds: Record<string, number>, settlements = 1, reversals = 0): InstitutionDay => ({ institution, settlements, reversals, total, funds });

describe('the fund page', () => {
  it("takes the day in China Standard Time: 2024-08-10 17:00 UTC is already the 11th in Beijing", () => {
    expect(dayIn('Asia/Shanghai', new Date('2024-08-10T17:00:00Z'))).toBe('2024-08-11');
    expect(dayIn('Asia/Shanghai', new Date('2024-08-10T15:59:00Z'))).toBe('2024-08-10');
  });

  it('lists the payers present, funds first in their order, any unknown one last', () => {
    const rows = [day('H2', 10, { member_cash: 1, 'fund:pooled': 9 }), day('H1', 5, { 'fund:zz': 2, personal_account: 3, 'fund:large_expense': 0 })];
    expect(payersOf(rows)).toEqual(['fund:pooled', 'fund:large_expense', 'personal_account', 'member_cash', 'fund:zz']);
    expect(payersOf([])).toEqual([]);
  });

  it('sums each payer over the institutions in fen: 0.1 + 0.2 is 0.3 exactly', () => {
    const rows = [day('H1', 0.1, { 'fund:pooled': 0.1 }), day('H2', 0.2, { 'fund:pooled': 0.2, member_cash: 12.34 }), day(null, -0.3, { 'fund:pooled': -0.3 }, 0, 1)];
    expect(payoutsByPayer(rows)).toEqual([
      { payer: 'fund:pooled', yuan: 0 },
      { payer: 'member_cash', yuan: 12.34 },
    ]);
    expect(payoutsByPayer(rows.slice(0, 2))[0]).toEqual({ payer: 'fund:pooled', yuan: 0.3 });
    expect(dayTotals(rows)).toEqual({ settlements: 2, reversals: 1, total: 0 });
  });

  it('asks the settlement list with the filter typed, trimmed, empty ones left out', () => {
    expect(settlementsPath({ memberId: ' m 1 ', institution: '', limit: 20, offset: 40 })).toBe('/v1/settlements?memberId=m+1&limit=20&offset=40');
    expect(settlementsPath({ memberId: '', institution: 'H001', limit: 10, offset: 0 })).toBe('/v1/settlements?institution=H001&limit=10&offset=0');
  });

  it('shows an instant in the books\' time zone', () => {
    expect(dateTimeText('2024-08-10T17:05:00.000Z', 'Asia/Shanghai')).toBe('2024-08-11 01:05');
    expect(dateTimeText('not a date', 'Asia/Shanghai')).toBe('not a date');
  });
});

describe("the year's totals before and after", () => {
  it('rows in order, admissions counted over every counter', () => {
    const totals = { ...emptyAccumulators(2024), fundPaid: 9000, admissions: { in_province: 1, local: 1 } };
    expect(totalsRows(totals).slice(0, 2)).toEqual([
      { key: 'fundPaid', value: 9000 },
      { key: 'admissions', value: 2 },
    ]);
  });

  it('a reversal takes the totals back: the changed ones marked', () => {
    const before = { ...emptyAccumulators(2024), fundPaid: 9000.1, admissions: { local: 1 } };
    const after = emptyAccumulators(2024);
    const change = totalsChange(before, after);
    expect(change.filter((c) => c.changed).map((c) => [c.key, c.before, c.after])).toEqual([
      ['fundPaid', 9000.1, 0],
      ['admissions', 1, 0],
    ]);
    expect(totalsChange(after, after).some((c) => c.changed)).toBe(false);
  });
});
