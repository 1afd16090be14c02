/** The demonstration data set: loaded once on an empty database, through the API, with working tokens. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo, demoTokensLine, DEMO_NOTE, type DemoResult } from '../../src/service/demo.js';
import { readIdNumber, creditCodeProblem } from '../../src/service/ids.js';
import { BACKENDS, openHarness, type Harness } from './harness.js';

for (const backend of BACKENDS) {
  describe.skipIf(!backend.enabled)(`demonstration data on ${backend.name}`, () => {
    let h: Harness;
    let demo: DemoResult;
    beforeAll(async () => {
      h = await openHarness(backend);
      demo = await loadDemo(h.app, h.store.db);
    }, 120_000);
    afterAll(async () => h?.close());

    it('loads once: a second start finds the database not empty and adds nothing', async () => {
      expect(demo.loaded).toBe(true);
      const count = async () => Number((await sql<{ n: string }>`select (select count(*) from members) + (select count(*) from settlements) + (select count(*) from journal) as n`.execute(h.store.db)).rows[0]!.n);
      const before = await count();
      expect(await loadDemo(h.app, h.store.db)).toEqual({ loaded: false });
      expect(await count()).toBe(before);
      const members = await h.store.db.selectFrom('members').select(['region', 'id_number']).orderBy('region').execute();
      expect(members.map((m) => m.region)).toEqual(['cangzhou', 'langfang', 'suihua', 'ziyang']);
      for (const m of members) expect(typeof readIdNumber(m.id_number)).toBe('object');
      for (const e of await h.store.db.selectFrom('employers').select('credit_code').execute()) expect(creditCodeProblem(e.credit_code)).toBeUndefined();
    });

    it('marks its statistics as demonstration figures', async () => {
      const notes = await h.store.db.selectFrom('statistics').select('note').distinct().execute();
      expect(notes).toEqual([{ note: DEMO_NOTE }]);
    });

    it('settles its claims through the settlement path: totals, account and journal are real', async () => {
      expect(demo.settlements).toHaveLength(6);
      const cz = demo.members!['cangzhou']!;
      // DEMO-CZ-1 is the README's stay: (6620 − 900) × 90% = 5148 from the pooled fund.
      const year = (await h.call('GET', `/v1/members/${cz}/years/2024`)).json() as { fundPaid: number };
      const chronic = (await h.call('GET', `/v1/settlements/${demo.settlements![1]}`)).json() as { result: { hifp_pay: number } };
      expect(year.fundPaid).toBe(5148 + chronic.result.hifp_pay);
      // Account: opening 300; Jan–Jun recorded without a base (no credit); Jul–Dec computed, credit 2% of the base
      // 6250 (the demonstration 2023 average 75000 ÷ 12 floors the wage 6000): 300 + 6 × 125 = 1050, less what the claims took.
      const acct = (await h.call('GET', `/v1/members/${cz}/account`)).json() as { balance: number; lines: { kind: string; amount: number }[] };
      const paid = acct.lines.filter((l) => l.kind === 'settlement').reduce((s, l) => s - l.amount, 0);
      expect(acct.lines.filter((l) => l.kind === 'account_credit').map((l) => l.amount)).toEqual([125, 125, 125, 125, 125, 125]);
      expect(acct.balance).toBe(Math.round((1050 - paid) * 100) / 100);
      const member = (await h.call('GET', `/v1/members/${cz}`)).json() as { accountBalance: number };
      expect(member.accountBalance).toBe(acct.balance);
      const unbalanced = await sql`select entry_id from journal group by entry_id having sum(debit) <> sum(credit)`.execute(h.store.db);
      expect(unbalanced.rows).toEqual([]);
    });

    it('its tokens work with their roles, and only theirs', async () => {
      const t = demo.tokens!;
      expect(demoTokensLine(t)).toMatch(new RegExp(`^Demo tokens: admin=\\S+ agency=\\S+ institution:H001=\\S+ person:${t.person.memberId}=\\S+$`));
      expect((await h.call('GET', '/v1/audit', undefined, t.admin!)).statusCode).toBe(200);
      expect((await h.call('GET', '/v1/audit', undefined, t.agency)).statusCode).toBe(403);
      expect(((await h.call('GET', '/v1/members', undefined, t.agency)).json() as { total: number }).total).toBe(4);
      expect((await h.call('GET', `/v1/members/${t.person.memberId}`, undefined, t.person.token)).statusCode).toBe(200);
      expect((await h.call('GET', `/v1/members/${demo.members!['suihua']}`, undefined, t.person.token)).statusCode).toBe(403);
      expect((await h.call('GET', '/v1/members', undefined, t.person.token)).statusCode).toBe(403);
      // The institution H001 reads its own settlement, not Langfang's H101.
      expect((await h.call('GET', `/v1/settlements/${demo.settlements![0]}`, undefined, t.institution.token)).statusCode).toBe(200);
      expect((await h.call('GET', `/v1/settlements/${demo.settlements![2]}`, undefined, t.institution.token)).statusCode).toBe(404);
    });
  });
}
