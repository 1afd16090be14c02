/**
 * Property: over random sequences of settlements and reversals for one member, the stored year
 * equals the engine's chain of the settlements still standing, the personal account its last
 * balance, and the journal balances per entry and overall (all in fen).
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyAccumulators, settle, type ClaimResult } from '../../src/index.js';
import { BACKENDS, contribute, creditCode, openHarness, type Harness, enrolCangzhouEmployee } from './harness.js';

type Op = { kind: 'settle'; claim: 'outpatient' | 'inpatient'; month: number; day: number; amount: number; drugClass: 'A' | 'B' } | { kind: 'reverse'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('settle' as const),
      claim: fc.constantFrom('outpatient' as const, 'inpatient' as const),
      month: fc.integer({ min: 7, max: 12 }),
      day: fc.integer({ min: 1, max: 20 }),
      amount: fc.integer({ min: 1, max: 8_000_000 }).map((fen) => fen / 100),
      drugClass: fc.constantFrom('A' as const, 'B' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }) },
);

function claimOf(op: Extract<Op, { kind: 'settle' }>, id: string): Record<string, unknown> {
  const date = `2024-${String(op.month).padStart(2, '0')}-${String(op.day).padStart(2, '0')}`;
  const items = [{ category: 'drug', class: op.drugClass, amount: op.amount }];
  if (op.claim === 'outpatient') return { id, type: 'outpatient', visitDate: date, hospital: { level: 1 }, items };
  const out = `2024-${String(op.month).padStart(2, '0')}-${String(op.day + 5).padStart(2, '0')}`;
  return { id, type: 'inpatient', admissionDate: date, dischargeDate: out, hospital: { level: 2, grade: 'A', tcm: false }, place: 'local', registration: 'none', cancerTherapy: false, items };
}

const BIRTH = '1970-05-05';
const OPENING = 500;

for (const backend of BACKENDS) {
  describe.skipIf(!backend.enabled)(`journal and totals over random operations on ${backend.name}`, () => {
    let h: Harness;
    let employerId: string;
    let n = 0;
    beforeAll(async () => {
      h = await openHarness(backend);
      const e = await h.call('POST', '/v1/employers', { creditCode: creditCode('91130900MA07P0001'), name: '性质测试', region: 'cangzhou', type: 'enterprise' });
      employerId = (e.json() as { id: string }).id;
    }, 60_000);
    afterAll(async () => h?.close());

    it('hold after every operation', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 6 }), async (ops) => {
          n += 1;
          const m = await enrolCangzhouEmployee(h, employerId, BIRTH, n, 'female', { name: `性质${n}`, accountBalance: OPENING });
          await contribute(h, m);
          /** Standing settlements, in the order they were made. */
          const standing: { id: string; claim: Record<string, unknown> }[] = [];
          for (const [i, op] of ops.entries()) {
            if (op.kind === 'settle') {
              const claim = claimOf(op, `X${i}`);
              const r = await h.call('POST', '/v1/settlements', { memberId: m, claim }, undefined, { 'idempotency-key': `prop-${m}-${i}` });
              if (r.statusCode === 201) standing.push({ id: (r.json() as { id: string }).id, claim });
              else expect(r.statusCode).toBe(400); // an engine refusal stores nothing
            } else if (standing.length > 0) {
              const k = op.pick % standing.length;
              const r = await h.call('POST', `/v1/settlements/${standing[k]!.id}/reversal`);
              if (k === standing.length - 1) {
                expect(r.statusCode).toBe(200);
                standing.pop();
              } else expect(r.statusCode).toBe(409);
            }
            const engine: ClaimResult[] =
              standing.length === 0
                ? []
                : settle({
                    region: 'cangzhou',
                    scheme: 'employee',
                    person: { status: 'employed', birthDate: BIRTH, sex: 'female', tags: [], accountBalance: OPENING },
                    claims: standing.map((s) => s.claim),
                  }).results;
            const year = (await h.call('GET', `/v1/members/${m}/years/2024`)).json() as unknown;
            expect(year).toEqual(JSON.parse(JSON.stringify(engine.at(-1)?.accumulators ?? emptyAccumulators(2024))));
            const balance = ((await h.call('GET', `/v1/members/${m}`)).json() as { accountBalance: number }).accountBalance;
            expect(balance).toBe(engine.at(-1)?.balc ?? OPENING);
          }
          const unbalanced = await sql<{ entry_id: string }>`select entry_id from journal group by entry_id having sum(debit) <> sum(credit)`.execute(h.store.db);
          expect(unbalanced.rows).toEqual([]);
          const net = await sql<{ account: string; net: string }>`select account, sum(debit) - sum(credit) as net from journal where member_id = ${m} and kind <> 'contribution' group by account`.execute(h.store.db);
          const netOf = (account: string): number => Number(net.rows.find((r) => r.account === account)?.net ?? 0);
          const fen = (yuan: number): number => Math.round(yuan * 100);
          // What stands: the pooled fund paid the standing claims' hifp_pay, the account gave its opening less the balance.
          const standingResults = standing.length === 0 ? [] : settle({ region: 'cangzhou', scheme: 'employee', person: { status: 'employed', birthDate: BIRTH, sex: 'female', tags: [], accountBalance: OPENING }, claims: standing.map((s) => s.claim) }).results;
          expect(netOf('fund:pooled')).toBe(standingResults.reduce((s, r) => s + fen(r.hifp_pay), 0));
          expect(netOf('personal_account')).toBe(standingResults.reduce((s, r) => s + fen(r.acct_pay), 0) - fen(OPENING));
          expect(net.rows.reduce((s, r) => s + Number(r.net), 0)).toBe(0);
        }),
        { numRuns: 12 },
      );
    }, 120_000);
  });
}
