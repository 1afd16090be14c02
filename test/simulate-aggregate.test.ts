/** The simulation's sums: fen, age bands, out-of-pocket changes. */
import { describe, expect, it } from 'vitest';
import { addChange, ageBand, deciles, emptyChange, outOfPocketBucket, toFen } from '../src/simulate/aggregate.js';
import { totalsCsv, parsePopulation } from '../src/simulate/run.js';

describe('aggregate', () => {
  it('yuan → fen rounds away the binary error: 0.1 + 0.2 yuan = 30 fen, 1234.56 = 123456', () => {
    expect(toFen(0.1 + 0.2)).toBe(30);
    expect(toFen(1234.56)).toBe(123456);
  });

  it('age bands by age on 1 January of the year', () => {
    expect(ageBand('1965-01-01', 2025)).toBe('60-69'); // 60 on 2025-01-01
    expect(ageBand('1965-01-02', 2025)).toBe('45-59'); // 59 on 2025-01-01
    expect(ageBand('2008-06-01', 2025)).toBe('0-17'); // 16
    expect(ageBand('1940-06-01', 2025)).toBe('80+'); // 84
    expect(ageBand(undefined, 2025)).toBe('unknown');
  });

  it('out-of-pocket changes: +500 fen, −200 fen, unchanged', () => {
    const c = emptyChange();
    addChange(c, 1000, 1500);
    addChange(c, 1000, 800);
    addChange(c, 700, 700);
    expect(c).toEqual({ compared: 3, rises: { members: 1, amount: 500 }, falls: { members: 1, amount: 200 }, unchanged: 1 });
  });

  it('out-of-pocket buckets: exact below 10 yuan, then 3 significant digits', () => {
    expect(outOfPocketBucket(0)).toBe(0);
    expect(outOfPocketBucket(999)).toBe(999); // 9.99 yuan
    expect(outOfPocketBucket(1000)).toBe(1000);
    expect(outOfPocketBucket(1234)).toBe(1230); // 12.34 → 12.30 yuan
    expect(outOfPocketBucket(1234567)).toBe(1230000); // 12 345.67 → 12 300 yuan
    expect(outOfPocketBucket(99999)).toBe(99900);
    expect(outOfPocketBucket(100000)).toBe(100000);
  });

  it('deciles by nearest rank: 20 members at 0, 1, …, 19 fen → P10 = rank 2 = 1 fen, …, P90 = rank 18 = 17 fen', () => {
    const h: Record<string, number> = {};
    for (let f = 0; f < 20; f++) h[String(f)] = 1;
    expect(deciles(h)).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17]);
    // 7 members at 0 and 3 at 500 fen: ranks 1…7 are 0, ranks 8…10 are 500.
    expect(deciles({ '0': 7, '500': 3 })).toEqual([0, 0, 0, 0, 0, 0, 0, 500, 500]);
    expect(deciles({})).toEqual([]);
  });

  it('populations: file:PATH and synthetic:N only', () => {
    expect(parsePopulation('file:a.jsonl')).toEqual({ kind: 'file', path: 'a.jsonl' });
    expect(parsePopulation('synthetic:12')).toEqual({ kind: 'synthetic', members: 12 });
    expect(() => parsePopulation('synthetic:0')).toThrow(/--population/);
    expect(() => parsePopulation('file:')).toThrow(/--population/);
  });

  it('the CSV prints fen exactly: 1234.5 yuan → 1234.50, 0.07 → 0.07', () => {
    const totals = { members: 2, claims: 3, medfee_sumamt: 1234.5, hifp_pay: 0.07, hifob_pay: 0, hifmi_pay: 0, oth_pay: 0, fund_pay_sumamt: 0.07, psn_part_amt: 1234.43, acct_pay: 0, psn_cash_pay: 1234.43 };
    const scenario = { name: 'baseline', totals, byScheme: {}, byClaimType: {}, byStatus: {}, byAgeBand: {}, byCategory: {}, byStatusGroup: {}, fundBalance: { members: 0, toPooledFund: 0, toPersonalAccount: 0, largeExpense: 0, pooledOutlay: 0, balance: 0 }, refused: { members: 0, byCode: {}, first: [] }, capReached: 0, outOfPocketDeciles: [] };
    const csv = totalsCsv({ region: 'cangzhou', year: 2025, population: 'synthetic:2', read: 2, otherRegion: 0, invalid: { count: 0, lines: [] }, baseline: scenario, reforms: [] });
    expect(csv.split('\n')[1]).toBe('baseline,2,3,1234.50,0.07,0.00,0.00,0.00,0.07,1234.43,0.00,1234.43');
  });
});
