// Group commit (src/store/batch.ts): the optimistic writes of several members in one statement,
// each written only if its member and member-year are still the versions read; a batch that
// fails as a whole is written one by one, each caller getting the outcome it would have had alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettlementWriteBatcher, writeSettlementBatch } from '../../src/store/batch.js';
import { readSettlementState, writeSettlement, type SettlementState, type SettlementWrite } from '../../src/store/settlements.js';
import { BACKENDS, cangzhouEmployerWithWage, contribute, enrolCangzhouEmployee, openHarness, type Harness } from './harness.js';

let serial = 0;

/** A write of `fen` from the pooled fund to the institution (and `acct` fen from the account), on the versions of `state`. */
function writeFrom(state: SettlementState, opts: { key?: string; fen?: number; acct?: number } = {}): SettlementWrite {
  const n = ++serial;
  const fen = opts.fen ?? 100;
  const acct = opts.acct ?? 0;
  return {
    memberId: state.member.id,
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    year: 2024,
    idempotencyKey: opts.key ?? `batch-${n}-${Math.random()}`,
    requestHash: 'h',
    claim: '{"n":"引号\\"与反斜杠\\\\"}',
    result: `{"n":${n}}`,
    accumulatorsBefore: '{}',
    accumulatorsAfter: `{"year":2024,"n":${n}}`,
    acctPay: acct,
    seq: (state.current?.settlements ?? 0) + 1,
    memberSeq: state.lastMemberSeq + 1,
    institution: n % 2 === 0 ? 'H001' : null,
    channel: 'direct',
    entryKind: 'settlement',
    entryId: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
    lines: [
      { account: 'fund:pooled', debit: fen, credit: 0 },
      ...(acct > 0 ? [{ account: 'personal_account', debit: acct, credit: 0 }] : []),
      { account: 'institution', debit: 0, credit: fen + acct },
    ],
    actor: 'test',
    auditDetail: `{"n":${n}}`,
    memberVersion: state.memberVersion,
    yearVersion: state.current?.version,
  };
}

for (const backend of BACKENDS) {
  describe.skipIf(!backend.enabled)(`group commit of settlement writes on ${backend.name}`, () => {
    let h: Harness;
    const members: string[] = [];
    beforeAll(async () => {
      h = await openHarness(backend);
      const employer = await cangzhouEmployerWithWage(h);
      for (let i = 1; i <= 5; i++) {
        const m = await enrolCangzhouEmployee(h, employer, '1970-03-01', i, i % 2 === 0 ? 'female' : 'male', { accountBalance: 1000 });
        await contribute(h, m);
        members.push(m);
      }
    }, 60_000);
    afterAll(async () => h?.close());

    const state = async (m: string) => (await readSettlementState(h.store.db, m, 2024, null))!;
    const counts = async (m: string) => {
      const db = h.store.db;
      const n = async (table: 'settlements' | 'journal') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('member_id', '=', m).executeTakeFirstOrThrow()).n);
      const audit = Number((await db.selectFrom('audit').select((eb) => eb.fn.countAll().as('n')).where('target', 'like', 'settlement:%').executeTakeFirstOrThrow()).n);
      const member = await db.selectFrom('members').select('account_balance').where('id', '=', m).executeTakeFirstOrThrow();
      const year = await db.selectFrom('member_years').select(['settlements', 'accumulators']).where('member_id', '=', m).where('year', '=', 2024).executeTakeFirst();
      return { settlements: await n('settlements'), journal: await n('journal'), balance: Number(member.account_balance), year, audit };
    };
    const balanced = async () => {
      const row = await h.store.db
        .selectFrom('journal')
        .select((eb) => [eb.fn.sum<string>('debit').as('d'), eb.fn.sum<string>('credit').as('c')])
        .executeTakeFirstOrThrow();
      expect(Number(row.d)).toBe(Number(row.c));
    };

    it('one statement writes the members still at the versions read and leaves the stale one untouched', async () => {
      const [a, b, c] = members as [string, string, string];
      const [sa, sb, sc] = [await state(a), await state(b), await state(c)];
      // b moves after it was read.
      expect(await writeSettlement(h.store.db, writeFrom(await state(b)))).toBe('written');
      const before = { a: await counts(a), b: await counts(b), c: await counts(c) };
      const written = await writeSettlementBatch(h.store.db, [writeFrom(sa, { acct: 30 }), writeFrom(sb, { acct: 40 }), writeFrom(sc)]);
      expect([...written].sort()).toEqual([a, c].sort());
      const after = { a: await counts(a), b: await counts(b), c: await counts(c) };
      expect(after.b).toEqual({ ...before.b, audit: after.b.audit });
      expect(after.a).toMatchObject({ settlements: before.a.settlements + 1, journal: before.a.journal + 3, balance: before.a.balance - 30, year: { settlements: 1 } });
      expect(after.c).toMatchObject({ settlements: before.c.settlements + 1, journal: before.c.journal + 2, balance: before.c.balance, year: { settlements: 1 } });
      expect(after.a.audit).toBe(before.a.audit + 2);
      await balanced();
      // The same states again: everything they read has moved.
      expect(await writeSettlementBatch(h.store.db, [writeFrom(sa), writeFrom(sc)])).toEqual(new Set());
    });

    it('the batcher answers each caller: written, or stale for the member that moved', async () => {
      const batcher = new SettlementWriteBatcher(h.store.db);
      const [a, b, c, d] = members as [string, string, string, string];
      const states = [await state(a), await state(b), await state(c), await state(d)] as const;
      expect(await writeSettlement(h.store.db, writeFrom(await state(c)))).toBe('written');
      const before = await counts(c);
      // The first goes alone at once; the other three queue meanwhile and go as one batch.
      const outcomes = await Promise.all(states.map((s) => batcher.write(writeFrom(s))));
      expect(outcomes).toEqual(['written', 'written', 'stale', 'written']);
      expect(batcher.stats).toMatchObject({ batches: 2, batched: 3, fallbacks: 0 });
      expect({ ...(await counts(c)), audit: 0 }).toEqual({ ...before, audit: 0 });
      await balanced();
    });

    it('a batch that fails as a whole is written one by one, each with the outcome it would have had alone', async () => {
      const [a, b, c, d, e] = members as [string, string, string, string, string];
      // A key already used (a concurrent retry's): the batch statement's unique violation.
      const taken = `taken-${Math.random()}`;
      expect(await writeSettlement(h.store.db, writeFrom(await state(e), { key: taken }))).toBe('written');
      const states = [await state(a), await state(b), await state(c), await state(d)] as const;
      expect(await writeSettlement(h.store.db, writeFrom(await state(d)))).toBe('written');
      const before = { b: await counts(b), d: await counts(d) };
      const batcher = new SettlementWriteBatcher(h.store.db);
      const writes = [writeFrom(states[0]), writeFrom(states[1], { key: taken }), writeFrom(states[2], { acct: 10 }), writeFrom(states[3])];
      const outcomes = await Promise.allSettled(writes.map((w) => batcher.write(w)));
      expect(batcher.stats).toMatchObject({ batches: 2, batched: 3, fallbacks: 1 });
      expect(outcomes[0]).toEqual({ status: 'fulfilled', value: 'written' });
      // As writeSettlement alone: the key's unique violation (commitSettlement answers it as a retry).
      expect(outcomes[1]?.status).toBe('rejected');
      expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: '23505' });
      expect(outcomes[2]).toEqual({ status: 'fulfilled', value: 'written' });
      expect(outcomes[3]).toEqual({ status: 'fulfilled', value: 'stale' });
      expect({ ...(await counts(b)), audit: 0 }).toEqual({ ...before.b, audit: 0 });
      expect({ ...(await counts(d)), audit: 0 }).toEqual({ ...before.d, audit: 0 });
      await balanced();
    });

    it('any failure of the batch statement falls back to the single writes, which decide', async () => {
      const [a, b, c] = members as [string, string, string];
      const states = [await state(a), await state(b), await state(c)] as const;
      const batcher = new SettlementWriteBatcher(h.store.db, {
        writeBatch: () => Promise.reject(new Error('connection lost')),
      });
      const blocker = writeFrom(states[0]);
      const outcomes = await Promise.all([batcher.write(blocker), batcher.write(writeFrom(states[1])), batcher.write(writeFrom(states[2]))]);
      expect(outcomes).toEqual(['written', 'written', 'written']);
      expect(batcher.stats).toMatchObject({ batches: 2, batched: 2, fallbacks: 1 });
      await balanced();
    });

    it('never puts two writes of one member in one batch; a second write read at the same version is stale at once', async () => {
      const [a, b, c] = members as [string, string, string];
      const sent: string[][] = [];
      const batcher = new SettlementWriteBatcher(h.store.db, {
        writeBatch: (db, writes) => {
          sent.push(writes.map((w) => w.memberId));
          return writeSettlementBatch(db, writes);
        },
      });
      const sa = await state(a);
      const sb = await state(b);
      const sc = await state(c);
      // Two writes of b read at different versions (the second as if read after another change).
      const other = { ...writeFrom(sb), memberVersion: `${sb.memberVersion}0` };
      const outcomes = await Promise.all([batcher.write(writeFrom(sa)), batcher.write(writeFrom(sb)), batcher.write(writeFrom(sc)), batcher.write(other), batcher.write(writeFrom(sb))]);
      // a alone; then b's first with c (one batch); b's other version in the next; the copy of b's first at once.
      expect(outcomes).toEqual(['written', 'written', 'written', 'stale', 'stale']);
      expect(batcher.stats.staleAtOnce).toBe(1);
      expect(sent).toEqual([[b, c]]);
      expect(batcher.stats.batches).toBe(3);
      // Fifty writes of one member at once: one written, never two in a batch.
      const s = await state(a);
      const many = await Promise.all(Array.from({ length: 50 }, () => batcher.write(writeFrom(s))));
      expect(many.filter((o) => o === 'written')).toHaveLength(1);
      await expect(writeSettlementBatch(h.store.db, [writeFrom(s), writeFrom(s)])).rejects.toThrow(/one write per member/);
      await balanced();
    });

    it('a batch of many members commits them all', async () => {
      const batcher = new SettlementWriteBatcher(h.store.db);
      const states = await Promise.all(members.map(state));
      const outcomes = await Promise.all(states.map((s) => batcher.write(writeFrom(s, { acct: 1 }))));
      expect(outcomes.every((o) => o === 'written')).toBe(true);
      await balanced();
    });
  });
}
