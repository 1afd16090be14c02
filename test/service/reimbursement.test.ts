// 手工报销: care the member paid up front, settled against the stored year like a settlement,
// the funds' shares paid to the member, within the region's deadline (沧政规〔2024〕1号 第一百零四条:
// 原则上不得超过次年的3月底，逾期视为自动放弃).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimResult } from '../../src/index.js';
import { BACKENDS, cangzhouEmployerWithWage, contribute, enrolCangzhouEmployee, openHarness, type Harness } from './harness.js';

const example = JSON.parse(readFileSync(new URL('../../examples/settle-cangzhou-inpatient.json', import.meta.url), 'utf8')) as { claims: Record<string, unknown>[] };
/** The README's Cangzhou stay of 2024: (6620 − 900) × 90% = 5148 from the pooled fund. */
const C1 = example.claims[0]!;

interface Settled {
  id: string;
  result: ClaimResult;
  accumulators: ClaimResult['accumulators'];
}

for (const backend of BACKENDS) {
  describe.skipIf(!backend.enabled)(`manual reimbursement on ${backend.name}`, () => {
    let h: Harness;
    let employerId: string;
    let n = 0;
    beforeAll(async () => {
      h = await openHarness(backend);
      employerId = await cangzhouEmployerWithWage(h);
    }, 60_000);
    afterAll(async () => h?.close());

    async function enrol(accountBalance: number): Promise<string> {
      const id = await enrolCangzhouEmployee(h, employerId, '1962-04-01', ++n, 'male', { accountBalance });
      await contribute(h, id);
      return id;
    }
    const reimburse = (m: string, claim: Record<string, unknown>, key: string) => h.call('POST', `/v1/members/${m}/reimbursements`, { claim }, undefined, { 'idempotency-key': key });
    const journal = async (settlementId: string) =>
      (await h.store.db.selectFrom('journal').select(['kind', 'account', 'debit', 'credit']).where('settlement_id', '=', settlementId).orderBy('created_at').orderBy('line_no').execute()).map((l) => ({
        kind: l.kind,
        account: l.account,
        debit: Number(l.debit),
        credit: Number(l.credit),
      }));

    it('pays the funds’ shares to the member, the year’s totals as a settlement, the account untouched', async () => {
      const m = await enrol(500);
      const r = await reimburse(m, { ...C1, claimedOn: '2025-03-31' }, `r-${m}`);
      expect(r.statusCode, r.body).toBe(201);
      const s = r.json() as Settled;
      // (6620 − 900) × 90% = 5148 of the stay's 8400 (4000 + 1000 + 2 × 500 + 2000 + 10 × 40); the
      // member bore 8400 − 5148 = 3252, already paid in cash: the account (500) is not drawn.
      expect(s.result.medfee_sumamt).toBe(8400);
      expect(s.result.hifp_pay).toBe(5148);
      expect(s.result.acct_pay).toBe(0);
      expect(s.result.psn_cash_pay).toBe(3252);
      expect(s.accumulators.fundPaid).toBe(5148);
      expect(s.result.steps.some((x) => x.rule === 'claim.deadline')).toBe(true);
      expect(await journal(s.id)).toEqual([
        { kind: 'reimbursement', account: 'fund:pooled', debit: 514800, credit: 0 },
        { kind: 'reimbursement', account: 'payee:member', debit: 0, credit: 514800 },
      ]);
      expect(((await h.call('GET', `/v1/members/${m}/account`)).json() as { balance: number }).balance).toBe(500);
      expect((await h.call('GET', `/v1/settlements/${s.id}`)).json()).toMatchObject({ channel: 'manual', institution: null, claim: { claimedOn: '2025-03-31' } });

      // A retry: the same reimbursement, nothing paid twice.
      const again = await reimburse(m, { ...C1, claimedOn: '2025-03-31' }, `r-${m}`);
      expect(again.statusCode).toBe(200);
      expect((again.json() as Settled).id).toBe(s.id);
      // The key of a reimbursement does not settle the same claim directly.
      expect((await h.call('POST', '/v1/settlements', { memberId: m, claim: { ...C1, claimedOn: '2025-03-31' } }, undefined, { 'idempotency-key': `r-${m}` })).statusCode).toBe(409);

      // Reversed: the year's totals back to zero, the journal mirrored.
      expect((await h.call('POST', `/v1/settlements/${s.id}/reversal`)).statusCode).toBe(200);
      expect(((await h.call('GET', `/v1/members/${m}/years/2024`)).json() as { fundPaid: number }).fundPaid).toBe(0);
      expect((await journal(s.id)).slice(2)).toEqual([
        { kind: 'reimbursement_reversal', account: 'fund:pooled', debit: 0, credit: 514800 },
        { kind: 'reimbursement_reversal', account: 'payee:member', debit: 514800, credit: 0 },
      ]);
    });

    it('refuses a claim asked for after the deadline (the end of March of the next year), today by default; nothing stored', async () => {
      const m = await enrol(0);
      const late = await reimburse(m, { ...C1, claimedOn: '2025-04-01' }, `late-${m}`);
      expect(late.statusCode).toBe(400);
      expect(late.json()).toMatchObject({ error: { code: 'unsupported', path: 'claim.claimedOn' } });
      expect((late.json() as { error: { message: string } }).error.message).toContain('2025-03-31');
      // Without claimedOn the day asked is today (2026 or later): a 2024 stay is long past its deadline.
      const today = await reimburse(m, C1, `today-${m}`);
      expect(today.json()).toMatchObject({ error: { code: 'unsupported', path: 'claim.claimedOn' } });
      expect(await h.store.db.selectFrom('settlements').select('id').where('member_id', '=', m).execute()).toEqual([]);
    });

    it('is for the agency only', async () => {
      const m = await enrol(0);
      const institution = await h.token('institution:H001');
      expect((await h.call('POST', `/v1/members/${m}/reimbursements`, { claim: { ...C1, claimedOn: '2025-01-10' } }, institution, { 'idempotency-key': `i-${m}` })).statusCode).toBe(403);
    });
  });
}
