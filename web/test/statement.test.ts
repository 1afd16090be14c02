import { describe, expect, it } from 'vitest';
import { checkStatement } from '../src/lib/statement';

const line = (amount: number, balance: number) => ({ at: '2024-01-10T02:00:00.000Z', kind: 'account_credit', settlementId: null, amount, balance });

describe('the account statement', () => {
  it('checks every running balance in fen: 0.1 + 0.2 is 0.30, not a float off by a hair', () => {
    const r = checkStatement([line(0.1, 0.1), line(0.2, 0.3), line(-0.3, 0)], 0);
    expect(r).toEqual({ ok: true, at: null, sumFen: 0 });
    expect(checkStatement([line(86.4, 86.4), line(86.4, 172.8), line(-50, 122.8)], 122.8).ok).toBe(true);
  });

  it('names the first line that does not add up, or the end when only the balance differs', () => {
    expect(checkStatement([line(100, 100), line(-30, 80)], 80)).toEqual({ ok: false, at: 1, sumFen: 7000 });
    expect(checkStatement([line(100, 100)], 99.99)).toEqual({ ok: false, at: 1, sumFen: 10000 });
  });

  it('an empty statement is a zero balance', () => {
    expect(checkStatement([], 0).ok).toBe(true);
    expect(checkStatement([], 1).ok).toBe(false);
  });
});
