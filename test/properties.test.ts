/**
 * Invariants over random claims of every type in every region (fast-check):
 *  - medfee = fulamt + overlmt + preselfpay + inscp = fund_pay_sumamt + psn_part; psn_part = acct + cash
 *  - fund_pay_sumamt = hifp + hifob + hifmi + oth (the funds this engine pays)
 *  - the deductible applied never exceeds the eligible amount
 *  - the pooled fund never pays beyond its annual cap, 大额 and 大病 never beyond theirs,
 *    across any sequence of claims; the account never goes negative
 *  - every amount is a non-negative whole number of fen
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { settle } from '../src/index.js';
import { YibaoError } from '../src/engine/errors.js';
import type { ClaimResult } from '../src/engine/settlement/settle.js';

import { fen, money, REGIONS, RESIDENT, requestOf, scenario } from './scenarios.js';

/** Settles, or returns undefined for the refusals the texts call for. */
function trySettle(req: unknown, explain = false): ClaimResult[] | undefined {
  try {
    return settle(req, { explain }).results;
  } catch (e) {
    expect(e).toBeInstanceOf(YibaoError);
    expect(['registration_required', 'unsupported', 'invalid_input', 'policy_not_in_force']).toContain((e as YibaoError).code);
    if ((e as YibaoError).code === 'invalid_input') expect((e as YibaoError).path).toMatch(/disease|class|birthDate/);
    return undefined;
  }
}

describe('settlement invariants', () => {
  it('identities hold and no fund pays beyond its yearly cap', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const results = trySettle(requestOf(s));
        if (!results) return;
        const byYear = new Map<number, { hifp: number; hifob: number; hifmi: number }>();
        let lastBalance = s.accountBalance === undefined ? 0 : fen(s.accountBalance);
        for (const r of results) {
          const v = {
            medfee: fen(r.medfee_sumamt),
            ful: fen(r.fulamt_ownpay_amt),
            over: fen(r.overlmt_selfpay),
            pre: fen(r.preselfpay_amt),
            inscp: fen(r.inscp_scp_amt),
            ded: fen(r.act_pay_dedc),
            hifp: fen(r.hifp_pay),
            hifob: fen(r.hifob_pay),
            hifmi: fen(r.hifmi_pay),
            oth: fen(r.oth_pay),
            fund: fen(r.fund_pay_sumamt),
            psn: fen(r.psn_part_amt),
            acct: fen(r.acct_pay),
            cash: fen(r.psn_cash_pay),
            balc: fen(r.balc),
          };
          for (const [k, x] of Object.entries(v)) expect(x, k).toBeGreaterThanOrEqual(0);
          expect(v.ful + v.over + v.pre + v.inscp).toBe(v.medfee);
          expect(v.fund + v.psn).toBe(v.medfee);
          expect(v.acct + v.cash).toBe(v.psn);
          expect(v.hifp + v.hifob + v.hifmi + v.oth).toBe(v.fund);
          expect(v.ded).toBeLessThanOrEqual(v.inscp);
          expect(v.hifp).toBeLessThanOrEqual(v.inscp);
          expect(r.pool_prop_selfpay).toBeGreaterThanOrEqual(0);
          expect(r.pool_prop_selfpay).toBeLessThanOrEqual(1);
          if (s.accountBalance !== undefined && s.scheme === 'employee' && s.enrolment === 'combined') {
            expect(v.balc).toBe(lastBalance - v.acct);
            lastBalance = v.balc;
          }
          const y = byYear.get(r.year) ?? { hifp: 0, hifob: 0, hifmi: 0 };
          y.hifp += v.hifp;
          y.hifob += v.hifob;
          y.hifmi += v.hifmi;
          byYear.set(r.year, y);
        }
        const caps = s.scheme === 'resident' ? { cap: RESIDENT.cap } : REGIONS[s.region];
        for (const y of byYear.values()) {
          expect(y.hifp).toBeLessThanOrEqual(caps.cap);
          if (s.region === 'suihua' && s.scheme === 'employee') expect(y.hifob).toBeLessThanOrEqual(REGIONS.suihua.largeExpenseCap!);
          if (s.scheme === 'resident' && !s.tags.includes('poverty')) expect(y.hifmi).toBeLessThanOrEqual(RESIDENT.criticalIllnessCap);
          if (s.region !== 'suihua' && s.region !== 'ziyang') expect(y.hifob).toBe(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the explanation does not change a single amount, nor a refusal', () => {
    // Without an explanation, settle splits each claim's items as it reads them (settle.ts parseSplitting):
    // the amounts and the refusals (code, path) must be those of the path that keeps the items.
    const refusal = (explain: boolean, req: unknown) => {
      try {
        settle(req, { explain });
        return undefined;
      } catch (e) {
        return { code: (e as YibaoError).code, path: (e as YibaoError).path, message: (e as YibaoError).message };
      }
    };
    fc.assert(
      fc.property(scenario, (s) => {
        expect(refusal(false, requestOf(s))).toEqual(refusal(true, requestOf(s)));
        const a = trySettle(requestOf(s), false);
        const b = trySettle(requestOf(s), true);
        if (!a || !b) return;
        expect(a.map(({ steps: _s, ...rest }) => rest)).toEqual(b.map(({ steps: _s, ...rest }) => rest));
        for (const r of b) for (const step of r.steps) expect(step.source, step.rule).toMatch(/第.+条/);
      }),
      { numRuns: 150 },
    );
  });

  it('amounts print with at most 2 decimals', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const results = trySettle(requestOf(s));
        for (const r of results ?? []) {
          for (const k of ['medfee_sumamt', 'preselfpay_amt', 'inscp_scp_amt', 'hifp_pay', 'hifob_pay', 'hifmi_pay', 'oth_pay', 'psn_part_amt', 'balc'] as const) {
            expect(JSON.stringify(r[k])).toMatch(/^\d+(\.\d{1,2})?$/);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('more eligible inpatient spending never lowers the pooled-fund payment', () => {
    fc.assert(
      fc.property(scenario, money(100_000), (s, extra) => {
        const base = requestOf({ ...s, claims: s.claims.slice(0, 1) });
        const first = base.claims[0]!;
        const more = { ...base, claims: [{ ...first, items: [...(first.items as unknown[]), { category: 'drug', class: 'A', amount: extra }] }] };
        const a = trySettle(base);
        const b = trySettle(more);
        if (!a || !b) return;
        expect(fen(b[0]!.hifp_pay)).toBeGreaterThanOrEqual(fen(a[0]!.hifp_pay));
      }),
      { numRuns: 300 },
    );
  });
});
