import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyAccumulators, settle, type ClaimResult } from '../../src/index.js';
import { BACKENDS, cangzhouEmployerWithWage, contribute, idNumber, openHarness, type Harness, enrolCangzhouEmployee } from './harness.js';

interface Example {
  region: string;
  scheme: string;
  context: { averageWage: Record<string, number> };
  person: Record<string, unknown>;
  claims: Record<string, unknown>[];
}
const example = JSON.parse(readFileSync(new URL('../../examples/settle-cangzhou-inpatient.json', import.meta.url), 'utf8')) as Example;
/** C1: the README's Cangzhou stay, (6620 − 900) × 90% = 5148. */
const C1 = example.claims[0]!;
/** C2: the same stay again in October, the year's 2nd admission: deductible 900 halved, (6620 − 450) × 90% = 5553. */
const C2 = { ...structuredClone(C1), id: 'C2', admissionDate: '2024-10-01', dischargeDate: '2024-10-10' };
const BIRTH = '1962-04-01';

interface Settled {
  id: string;
  result: ClaimResult;
  accumulators: ClaimResult['accumulators'];
}

for (const backend of BACKENDS) {
  describe.skipIf(!backend.enabled)(`settlements on ${backend.name}`, () => {
    let h: Harness;
    let employerId: string;
    let n = 0;
    beforeAll(async () => {
      h = await openHarness(backend);
      employerId = await cangzhouEmployerWithWage(h);
    }, 60_000);
    afterAll(async () => h?.close());

    /** A new Cangzhou employee born 1962-04-01 (a new ID number each time: sequence digits differ). */
    async function enrol(accountBalance = 0): Promise<string> {
      n += 1;
      const id = await enrolCangzhouEmployee(h, employerId, BIRTH, n, 'male', { accountBalance });
      await contribute(h, id);
      return id;
    }

    /** The engine's request for this member's claims, as one request. */
    const engineRequest = (claims: Record<string, unknown>[], accountBalance = 0) => ({
      region: 'cangzhou',
      scheme: 'employee',
      context: example.context,
      person: { status: 'employed', birthDate: BIRTH, sex: 'male', tags: [], accountBalance },
      claims,
    });

    const post = (memberId: string, claim: unknown, key: string) => h.call('POST', '/v1/settlements', { memberId, claim }, undefined, { 'idempotency-key': key });
    const year = async (memberId: string, y = 2024) => (await h.call('GET', `/v1/members/${memberId}/years/${y}`)).json() as ClaimResult['accumulators'];

    async function journalBalances(): Promise<{ entries: { entry_id: string; d: string; c: string }[]; total: { d: string | null; c: string | null } }> {
      const entries = await h.store.db
        .selectFrom('journal')
        .select(['entry_id', sql<string>`sum(debit)`.as('d'), sql<string>`sum(credit)`.as('c')])
        .groupBy('entry_id')
        .execute();
      const total = await h.store.db.selectFrom('journal').select([sql<string | null>`sum(debit)`.as('d'), sql<string | null>`sum(credit)`.as('c')]).executeTakeFirstOrThrow();
      return { entries, total };
    }

    it('preview settles against the stored totals, equals the engine and stores nothing', async () => {
      const m = await enrol();
      const r = await h.call('POST', '/v1/settlements/preview', { memberId: m, claim: C1 });
      expect(r.statusCode).toBe(200);
      const engine = settle(engineRequest([C1])).results[0]!;
      expect(r.json()).toEqual(JSON.parse(JSON.stringify(engine)));
      expect((r.json() as ClaimResult).hifp_pay).toBe(5148);
      expect(await year(m)).toEqual(emptyAccumulators(2024));
      const stored = await h.store.db.selectFrom('settlements').select('id').where('member_id', '=', m).execute();
      expect(stored).toEqual([]);
    });

    it('settles: 201 with the result and the new totals, which GET years returns; a retry is 200 with the same id and pays nothing more', async () => {
      const m = await enrol();
      const first = await post(m, C1, `k-${m}-1`);
      expect(first.statusCode).toBe(201);
      const body = first.json() as Settled;
      expect(body.result.hifp_pay).toBe(5148);
      expect(body.accumulators).toEqual(body.result.accumulators);
      expect(body.accumulators.fundPaid).toBe(5148);
      expect(await year(m)).toEqual(body.accumulators);
      expect(await year(m, 2023)).toEqual(emptyAccumulators(2023));

      const retry = await post(m, C1, `k-${m}-1`);
      expect(retry.statusCode).toBe(200);
      expect(retry.json()).toEqual(body);
      expect((await year(m)).fundPaid).toBe(5148);
      const rows = await h.store.db.selectFrom('settlements').select('id').where('member_id', '=', m).execute();
      expect(rows).toEqual([{ id: body.id }]);

      const other = await post(m, C2, `k-${m}-1`);
      expect(other.statusCode).toBe(409);
      expect(other.json()).toMatchObject({ error: { code: 'conflict', path: 'Idempotency-Key' } });
      expect((await h.call('POST', '/v1/settlements', { memberId: m, claim: C2 })).json()).toMatchObject({ error: { code: 'invalid_input', path: 'Idempotency-Key' } });
    });

    it('two settlements in sequence chain exactly like one engine request with both claims', async () => {
      const m = await enrol();
      const a = (await post(m, C1, `chain-${m}-1`)).json() as Settled;
      const b = (await post(m, C2, `chain-${m}-2`)).json() as Settled;
      const engine = settle(engineRequest([C1, C2])).results;
      expect([a.result, b.result]).toEqual(JSON.parse(JSON.stringify(engine)));
      // 5148 + (6620 − 450) × 90% = 5148 + 5553 = 10701
      expect(b.result.hifp_pay).toBe(5553);
      expect(b.accumulators.fundPaid).toBe(10701);
      expect(b.accumulators.admissions).toEqual({ in_province: 2 });
      expect(await year(m)).toEqual(engine[1]!.accumulators);
    });

    it('reverses only the latest settlement of the year, restoring the totals to the fen, and posts the reversing lines', async () => {
      const m = await enrol();
      const a = (await post(m, C1, `rev-${m}-1`)).json() as Settled;
      const b = (await post(m, C2, `rev-${m}-2`)).json() as Settled;
      const early = await h.call('POST', `/v1/settlements/${a.id}/reversal`);
      expect(early.statusCode).toBe(409);
      expect((early.json() as { error: { message: string } }).error.message).toContain(b.id);

      const r2 = await h.call('POST', `/v1/settlements/${b.id}/reversal`);
      expect(r2.statusCode).toBe(200);
      expect(r2.json()).toMatchObject({ id: b.id, status: 'reversed', accumulators: a.accumulators });
      expect(await year(m)).toEqual(a.accumulators);
      expect((await h.call('POST', `/v1/settlements/${b.id}/reversal`)).statusCode).toBe(409);

      const r1 = await h.call('POST', `/v1/settlements/${a.id}/reversal`);
      expect(r1.statusCode).toBe(200);
      expect(await year(m)).toEqual(emptyAccumulators(2024));

      // Settled again after the reversals: the first admission's deductible again, 5148.
      const again = (await post(m, C2, `rev-${m}-3`)).json() as Settled;
      expect(again.result.hifp_pay).toBe((6620 - 900) * 0.9);
      expect((await h.call('POST', '/v1/settlements/no-such-id/reversal')).statusCode).toBe(404);

      // Per account, the member's reversed settlements net to zero; what is left is the last one.
      const byAccount = await h.store.db
        .selectFrom('journal')
        .select(['account', sql<string>`sum(debit) - sum(credit)`.as('net')])
        .where('member_id', '=', m)
        .where('kind', '<>', 'contribution')
        .groupBy('account')
        .orderBy('account')
        .execute();
      // C2 again: 8400 in all = pooled 5148 + the member's cash 3252
      expect(byAccount.map((x) => [x.account, Number(x.net)])).toEqual([
        ['fund:pooled', 514800],
        ['institution', -840000],
        ['member_cash', 325200],
      ]);
    });

    it("a stay across the year end reads last year's stored totals, and holds back last year's reversal", async () => {
      const m = await enrol();
      // A: the stay's year-end part, settled on 2024-12-31 (900 borne); B: the stay's discharge on 2025-01-10.
      const A = { ...structuredClone(C1), id: 'A', admissionDate: '2024-12-20', dischargeDate: '2024-12-31' };
      const B = { ...structuredClone(C1), id: 'B', admissionDate: '2024-12-20', dischargeDate: '2025-01-10' };
      const a = (await post(m, A, `ye-${m}-1`)).json() as Settled;
      const b = (await post(m, B, `ye-${m}-2`)).json() as Settled;
      const engine = settle(engineRequest([A, B])).results;
      expect([a.result, b.result]).toEqual(JSON.parse(JSON.stringify(engine)));
      // 沧州 第九十一条: the year-end part bore the standard, so no second deductible: 6620 × 90% = 5958
      expect([b.result.year, b.result.act_pay_dedc, b.result.hifp_pay]).toEqual([2025, 0, 5958]);
      expect(await year(m, 2025)).toEqual(engine[1]!.accumulators);
      expect(await year(m, 2024)).toEqual(engine[0]!.accumulators);

      const refused = await h.call('POST', `/v1/settlements/${a.id}/reversal`);
      expect(refused.statusCode).toBe(409);
      expect((refused.json() as { error: { message: string } }).error.message).toContain(`settlement ${b.id} (2025)`);
      expect((await h.call('POST', `/v1/settlements/${b.id}/reversal`)).statusCode).toBe(200);
      expect((await h.call('POST', `/v1/settlements/${a.id}/reversal`)).statusCode).toBe(200);
      expect([await year(m, 2024), await year(m, 2025)]).toEqual([emptyAccumulators(2024), emptyAccumulators(2025)]);
    });

    it("a Suihua resident's claims chain through the service like one engine request, 大病 included in the journal", async () => {
      const r = JSON.parse(readFileSync(new URL('../../examples/settle-suihua-resident.json', import.meta.url), 'utf8')) as Example;
      const [R1, , R3] = r.claims;
      const enrolled = await h.call('POST', '/v1/members', {
        idNumber: idNumber('231202', '1980-03-15', 'female'),
        name: '绥化居民',
        sex: 'female',
        birthDate: '1980-03-15',
        region: 'suihua',
        scheme: 'resident',
        type: 'resident',
        enrolledOn: '2025-01-01',
        tags: ['poverty'],
      });
      expect(enrolled.statusCode).toBe(201);
      const m = (enrolled.json() as { id: string }).id;
      // R1 is a referral (转诊) in the province: the registration comes from the store, not the claim.
      const unregistered = (await post(m, R1, `sh-${m}-0`)).json() as Settled;
      expect(unregistered.result.hifp_pay).not.toBe(100);
      expect((await h.call('POST', `/v1/settlements/${unregistered.id}/reversal`)).statusCode).toBe(200);
      const reg = await h.call('POST', `/v1/members/${m}/registrations`, { kind: 'referral', place: 'in_province', destination: '哈尔滨', validFrom: '2026-01-15', validUntil: '2026-02-28' });
      expect(reg.statusCode).toBe(201);
      const one = (await post(m, R1, `sh-${m}-1`)).json() as Settled;
      const three = (await post(m, R3, `sh-${m}-3`)).json() as Settled;
      const engine = settle({ region: 'suihua', scheme: 'resident', person: { tags: ['poverty'], birthDate: '1980-03-15', sex: 'female' }, claims: [R1!, R3!] }).results;
      expect([one.result, three.result]).toEqual(JSON.parse(JSON.stringify(engine)));
      // (300 − 100) × (60 − 10)% = 100; (100000 − 800) × 65% = 64480
      expect([one.result.hifp_pay, three.result.hifp_pay]).toEqual([100, 64480]);
      expect(three.result.hifmi_pay).toBeGreaterThan(0);
      const lines = await h.store.db.selectFrom('journal').select(['account', 'debit', 'credit']).where('member_id', '=', m).where('settlement_id', '=', three.id).orderBy('line_no').execute();
      expect(lines.map((l) => [l.account, Number(l.debit), Number(l.credit)])).toEqual([
        ['fund:pooled', 6448000, 0],
        ['fund:critical_illness', Math.round(three.result.hifmi_pay * 100), 0],
        ['member_cash', Math.round(three.result.psn_cash_pay * 100), 0],
        ['institution', 0, 10000000],
      ]);
    });

    it('pays from the personal account and gives it back on reversal', async () => {
      const m = await enrol(200);
      const o = JSON.parse(readFileSync(new URL('../../examples/settle-cangzhou-outpatient.json', import.meta.url), 'utf8')) as Example;
      // (1000 − 100) × 50% = 450 from the fund; of the 550 left, the account's 200, then 350 cash
      const s = await post(m, o.claims[0], `acct-${m}`);
      const body = s.json() as Settled;
      expect([body.result.hifp_pay, body.result.acct_pay, body.result.psn_cash_pay, body.result.balc]).toEqual([450, 200, 350, 0]);
      expect(body.result).toEqual(JSON.parse(JSON.stringify(settle(engineRequest([o.claims[0]!], 200)).results[0])));
      expect(((await h.call('GET', `/v1/members/${m}`)).json() as { accountBalance: number }).accountBalance).toBe(0);
      expect((await h.call('POST', `/v1/settlements/${body.id}/reversal`)).json()).toMatchObject({ accountBalance: 200 });
      expect(((await h.call('GET', `/v1/members/${m}`)).json() as { accountBalance: number }).accountBalance).toBe(200);
    });

    it("refuses what the engine refuses, with the engine's code and the claim's path; nothing is stored", async () => {
      const m = await enrol();
      const old = { ...C1, admissionDate: '2020-01-01', dischargeDate: '2020-01-05' };
      const r = await post(m, old, `old-${m}`);
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({ error: { code: 'policy_not_in_force', path: 'claim.dischargeDate' } });
      const undated = { ...C1 } as Record<string, unknown>;
      delete undated['dischargeDate'];
      expect((await post(m, undated, `undated-${m}`)).json()).toMatchObject({ error: { code: 'invalid_input', path: 'claim.visitDate' } });
      expect(await h.store.db.selectFrom('settlements').select('id').where('member_id', '=', m).execute()).toEqual([]);
      expect((await post('nobody', C1, 'nobody-1')).statusCode).toBe(404);
    });

    it('a person may not settle, and reads only their own year', async () => {
      const m = await enrol();
      const self = await h.token(`person:${m}`);
      expect((await h.call('POST', '/v1/settlements', { memberId: m, claim: C1 }, self, { 'idempotency-key': `p-${m}` })).statusCode).toBe(403);
      expect((await h.call('GET', `/v1/members/${m}/years/2024`, undefined, self)).statusCode).toBe(200);
      expect((await h.call('GET', `/v1/members/${m}/years/2024`, undefined, await h.token('person:x'))).statusCode).toBe(403);
      const institution = await h.token('institution:H001');
      const atH001 = { ...C1, hospital: { ...(C1['hospital'] as object), code: 'H001' } };
      expect((await h.call('POST', `/v1/settlements/preview`, { memberId: m, claim: atH001 }, institution)).statusCode).toBe(200);
    });

    it('concurrent retries of one key settle once; concurrent claims of one member chain without losing a total', async () => {
      const m = await enrol();
      const same = await Promise.all(Array.from({ length: 6 }, () => post(m, C1, `conc-${m}`)));
      const ids = new Set(same.map((r) => (r.json() as Settled).id));
      expect(ids.size).toBe(1);
      expect(same.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      expect((await year(m)).fundPaid).toBe(5148);

      const m2 = await enrol();
      const claims = [1, 2, 3, 4].map((i) => ({ ...structuredClone(C1), id: `P${i}`, admissionDate: `2024-${String(8 + i).padStart(2, '0')}-01`, dischargeDate: `2024-${String(8 + i).padStart(2, '0')}-05` }));
      const replies = await Promise.all(claims.map((c, i) => post(m2, c, `par-${m2}-${i}`)));
      expect(replies.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
      const results = replies.map((r) => (r.json() as Settled).result);
      const total = results.reduce((s, r) => s + Math.round(r.hifp_pay * 100), 0) / 100;
      const y = await year(m2);
      expect(y.fundPaid).toBe(total);
      expect(y.admissions).toEqual({ in_province: 4 });
    });

    it('50 concurrent claims of one member never take more than the annual cap (沧政规〔2024〕1号 第七十三条: 150,000)', async () => {
      const m = await enrol();
      // 50 stays of 100,000 (class A drugs), one every 3 days from 1 July: each alone would be paid
      // (100000 − deductible) × 90% ≈ 85,000+, so the year's fund reaches the cap after two, and
      // must stop exactly there however the 50 commits interleave.
      const claims = Array.from({ length: 50 }, (_, i) => {
        const day = new Date(Date.UTC(2024, 6, 1 + 3 * i));
        const out = new Date(day.getTime() + 2 * 86_400_000);
        return {
          id: `CAP${i}`,
          type: 'inpatient',
          admissionDate: day.toISOString().slice(0, 10),
          dischargeDate: out.toISOString().slice(0, 10),
          hospital: { level: 3, grade: 'A', tcm: false },
          place: 'local',
          registration: 'none',
          cancerTherapy: false,
          items: [{ category: 'drug', class: 'A', amount: 100000 }],
        };
      });
      const replies = await Promise.all(claims.map((c, i) => post(m, c, `cap-${m}-${i}`)));
      expect(replies.map((r) => r.statusCode)).toEqual(claims.map(() => 201));
      const paid = replies.reduce((sum, r) => sum + Math.round((r.json() as Settled).result.hifp_pay * 100), 0);
      expect(paid).toBe(150_000_00);
      const y = await year(m);
      expect(y.fundPaid).toBe(150000);
      expect(y.admissions).toEqual({ in_province: 50 });
      // Each committed on the totals the one before left: the member-year's positions are 1..50, once each.
      const seqs = await h.store.db.selectFrom('settlements').select('seq').where('member_id', '=', m).orderBy('seq').execute();
      expect(seqs.map((r) => r.seq)).toEqual(claims.map((_, i) => i + 1));
    }, 120_000);

    it('the journal balances per entry and overall', async () => {
      const { entries, total } = await journalBalances();
      expect(entries.length).toBeGreaterThan(5);
      for (const e of entries) expect([e.entry_id, Number(e.d)]).toEqual([e.entry_id, Number(e.c)]);
      expect(Number(total.d)).toBe(Number(total.c));
      const kinds = await h.store.db.selectFrom('journal').select('kind').distinct().orderBy('kind').execute();
      expect(kinds.map((k) => k.kind)).toEqual(['contribution', 'opening', 'reversal', 'settlement']);
      await expect(sql`update journal set debit = debit + 1`.execute(h.store.db)).rejects.toThrow(/append-only/);
    });
  });
}
