// The settlement's write (src/store/settlements.ts) is conditional on the member and the
// member-year being the versions its read saw: whatever changed either in between (another
// settlement, a reversal) makes it write nothing and answer `stale`.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettlementState, writeSettlement, type SettlementState, type SettlementWrite } from '../../src/store/settlements.js';
import { BACKENDS, cangzhouEmployerWithWage, contribute, enrolCangzhouEmployee, openHarness, type Harness } from './harness.js';

const example = JSON.parse(readFileSync(new URL('../../examples/settle-cangzhou-inpatient.json', import.meta.url), 'utf8')) as { claims: Record<string, unknown>[] };
const C1 = example.claims[0]!;
const C2 = { ...structuredClone(C1), id: 'C2', admissionDate: '2024-10-01', dischargeDate: '2024-10-10' };

/** A write of 100 fen from the pooled fund to the institution, on the versions of `state`. */
function writeFrom(state: SettlementState, n: number): SettlementWrite {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    memberId: state.member.id,
    id,
    year: 2024,
    idempotencyKey: `optimistic-${n}`,
    requestHash: 'h',
    claim: '{}',
    result: '{}',
    accumulatorsBefore: '{}',
    accumulatorsAfter: '{"year":2024}',
    acctPay: 0,
    seq: (state.current?.settlements ?? 0) + 1,
    memberSeq: state.lastMemberSeq + 1,
    institution: null,
    channel: 'direct',
    entryKind: 'settlement',
    entryId: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
    lines: [
      { account: 'fund:pooled', debit: 100, credit: 0 },
      { account: 'institution', debit: 0, credit: 100 },
    ],
    actor: 'test',
    auditDetail: '{}',
    memberVersion: state.memberVersion,
    yearVersion: state.current?.version,
  };
}

for (const backend of BACKENDS) {
  describe.skipIf(!backend.enabled)(`the settlement's conditional write on ${backend.name}`, () => {
    let h: Harness;
    let m: string;
    beforeAll(async () => {
      h = await openHarness(backend);
      m = await enrolCangzhouEmployee(h, await cangzhouEmployerWithWage(h), '1962-04-01', 1, 'male');
      await contribute(h, m);
    }, 60_000);
    afterAll(async () => h?.close());

    const counts = async () => {
      const db = h.store.db;
      const one = async (table: 'settlements' | 'journal' | 'audit') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      return { settlements: await one('settlements'), journal: await one('journal'), audit: await one('audit') };
    };
    const settle = async (claim: unknown, key: string) => {
      const r = await h.call('POST', '/v1/settlements', { memberId: m, claim }, undefined, { 'idempotency-key': key });
      expect(r.statusCode).toBe(201);
      return (r.json() as { id: string }).id;
    };

    it('a state read before the member-year existed is stale once another settlement created it', async () => {
      const state = (await readSettlementState(h.store.db, m, 2024, null))!;
      expect(state.current).toBeUndefined();
      await settle(C1, 'o-1');
      const before = await counts();
      expect(await writeSettlement(h.store.db, writeFrom(state, 1))).toBe('stale');
      expect(await counts()).toEqual(before);
    });

    it('a state read before a reversal is stale, though the reversal left the account untouched', async () => {
      const id = await settle(C2, 'o-2');
      const state = (await readSettlementState(h.store.db, m, 2024, null))!;
      expect(state.current?.settlements).toBe(2);
      expect((await h.call('POST', `/v1/settlements/${id}/reversal`)).statusCode).toBe(200);
      const before = await counts();
      expect(await writeSettlement(h.store.db, writeFrom(state, 2))).toBe('stale');
      expect(await counts()).toEqual(before);
    });

    it('a fresh state writes the settlement, its member-year, its two journal lines and its audit line, all at once', async () => {
      const state = (await readSettlementState(h.store.db, m, 2024, null))!;
      const before = await counts();
      expect(await writeSettlement(h.store.db, writeFrom(state, 3))).toBe('written');
      expect(await counts()).toEqual({ settlements: before.settlements + 1, journal: before.journal + 2, audit: before.audit + 1 });
      const year = await h.store.db.selectFrom('member_years').select(['settlements', 'accumulators']).where('member_id', '=', m).where('year', '=', 2024).executeTakeFirstOrThrow();
      expect(year).toEqual({ settlements: 3, accumulators: { year: 2024 } });
      // The same state again: the write it made moved both rows.
      expect(await writeSettlement(h.store.db, writeFrom(state, 4))).toBe('stale');
    });
  });
}
