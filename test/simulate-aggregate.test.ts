/** The simulation's sums: fen, age bands, out-of-pocket changes. */
import { describe, expect, it } from 'vitest';
import { addChange, ageBand, emptyChange, toFen } from '../src/simulate/aggregate.js';
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

  it('populations: file:PATH and synthetic:N only', () => {
    expect(parsePopulation('file:a.jsonl')).toEqual({ kind: 'file', path: 'a.jsonl' });
    expect(parsePopulation('synthetic:12')).toEqual({ kind: 'synthetic', members: 12 });
    expect(() => parsePopulation('synthetic:0')).toThrow(/--population/);
    expect(() => parsePopulation('file:')).toThrow(/--population/);
  });

  it('the CSV prints fen exactly: 1234.5 yuan → 1234.50, 0.07 → 0.07', () => {
    const totals = { members: 2, claims: 3, medfee_sumamt: 1234.5, hifp_pay: 0.07, hifob_pay: 0, hifmi_pay: 0, oth_pay: 0, fund_pay_sumamt: 0.07, psn_part_amt: 1234.43, acct_pay: 0, psn_cash_pay: 1234.43 };
    const scenario = { name: 'baseline', totals, byScheme: {}, byClaimType: {}, byStatus: {}, byAgeBand: {}, refused: { members: 0, byCode: {}, first: [] } };
    const csv = totalsCsv({ region: 'cangzhou', year: 2025, population: 'synthetic:2', read: 2, otherRegion: 0, invalid: { count: 0, lines: [] }, baseline: scenario, reforms: [] });
    expect(csv.split('\n')[1]).toBe('baseline,2,3,1234.50,0.07,0.00,0.00,0.00,0.07,1234.43,0.00,1234.43');
  });
});
