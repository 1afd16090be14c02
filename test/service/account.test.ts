// The personal account beyond settlements (src/service/account.ts): family payments
// (沧政规〔2024〕1号 第五十九条), the balance paid out on transfer, death or termination
// (第六十二、六十三条; 廊坊 第四十三、四十四条; 资阳 第十一条（一）), refused where a text is silent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRegulationTexts } from '../../src/policy/load.js';
import { missingReferences } from '../../src/policy/texts.js';
import { ACCOUNT_RULES } from '../../src/service/account.js';
import { BACKENDS, creditCode, enrolCangzhouEmployee, idNumber, openHarness, type Harness } from './harness.js';

const BIRTH = '1970-05-05';

describe('account rules', () => {
  it('cite articles (and items) that exist in the regulations’ texts', () => {
    const texts = defaultRegulationTexts();
    const sources = Object.values(ACCOUNT_RULES).flatMap((r) => [r.family, r.transferOut, r.death, r.death?.noHeirs, r.termination].flatMap((x) => (x ? [x.source] : [])));
    expect(sources.length).toBe(12);
    for (const source of sources) {
      const doc = [...texts.keys()].find((d) => source.startsWith(d));
      expect(doc, source).toBeDefined();
      expect(missingReferences(texts.get(doc!)!, source.slice(doc!.length).trim()), source).toEqual([]);
    }
  });
});

for (const backend of BACKENDS) {
  describe.skipIf(!backend.enabled)(`the personal account on ${backend.name}`, () => {
    let h: Harness;
    let cangzhouEmployer: string;
    let n = 0;
    beforeAll(async () => {
      h = await openHarness(backend);
      const e = await h.call('POST', '/v1/employers', { creditCode: creditCode('91130900MA07L1234'), name: '沧州示范有限公司', region: 'cangzhou', type: 'enterprise' });
      cangzhouEmployer = (e.json() as { id: string }).id;
    }, 60_000);
    afterAll(async () => h?.close());

    const cangzhou = async (accountBalance: number) => enrolCangzhouEmployee(h, cangzhouEmployer, BIRTH, ++n, 'male', { accountBalance });
    const other = async (region: 'langfang' | 'ziyang' | 'suihua', area: string, code: string, accountBalance: number) => {
      const e = await h.call('POST', '/v1/employers', { creditCode: creditCode(code), name: `${region}某公司（虚构）${n}`, region, type: 'enterprise' });
      expect(e.statusCode, e.body).toBe(201);
      const r = await h.call('POST', '/v1/members', {
        idNumber: idNumber(area, BIRTH, 'male', String(++n).padStart(2, '0')),
        name: `成员${n}`,
        sex: 'male',
        birthDate: BIRTH,
        region,
        scheme: 'employee',
        type: 'employee',
        status: 'employed',
        employerId: (e.json() as { id: string }).id,
        enrolledOn: '2020-01-01',
        accountBalance,
      });
      expect(r.statusCode, r.body).toBe(201);
      return (r.json() as { id: string }).id;
    };
    const account = async (m: string) => (await h.call('GET', `/v1/members/${m}/account`)).json() as { balance: number; lines: { kind: string; amount: number; balance: number }[] };
    const family = (m: string, body: Record<string, unknown>) =>
      h.call('POST', `/v1/members/${m}/account/family-payments`, { on: '2024-06-01', use: 'care', beneficiary: { name: '王某', relation: 'spouse' }, institution: 'H001', ...body });
    const withdraw = (m: string, body: Record<string, unknown>) => h.call('POST', `/v1/members/${m}/account/withdrawals`, { on: '2024-08-01', ...body });
    const end = async (m: string, kind: 'death' | 'terminate') => expect((await h.call('POST', `/v1/members/${m}/changes`, { kind, on: '2024-07-15' })).statusCode).toBe(200);

    it("pays a spouse's care from the account within its balance (第五十九条（二）): 1,000 − 300 = 700", async () => {
      const m = await cangzhou(1000);
      const r = await family(m, { amount: 300 });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toMatchObject({ kind: 'family_payment', amount: 300, balance: 700, to: 'institution', source: '沧政规〔2024〕1号 第五十九条（二）（三）（四）' });
      const a = await account(m);
      expect(a.balance).toBe(700);
      expect(a.lines.at(-1)).toMatchObject({ kind: 'family_payment', amount: -300, balance: 700 });
      // A parent's resident-scheme contribution (（四）): to contribution:family, no institution needed.
      const c = await family(m, { amount: 380, use: 'contribution', beneficiary: { name: '王父', relation: 'parent' }, institution: undefined });
      expect(c.json()).toMatchObject({ balance: 320, to: 'contribution:family' });
      // More than the balance: refused, nothing moved.
      const over = await family(m, { amount: 320.01 });
      expect(over.statusCode).toBe(409);
      expect(over.json()).toMatchObject({ error: { code: 'conflict', path: 'amount' } });
      expect((await account(m)).balance).toBe(320);
      // Care without the institution paid; a relation the texts do not name.
      expect((await family(m, { amount: 1, institution: undefined })).json()).toMatchObject({ error: { code: 'invalid_input', path: 'institution' } });
      expect((await family(m, { amount: 1, beneficiary: { name: '王兄', relation: 'sibling' } })).statusCode).toBe(400);
    });

    it('pays out the balance only once the enrolment has ended, to the heirs on death (第六十三条), once', async () => {
      const m = await cangzhou(512.34);
      const early = await withdraw(m, { reason: 'death' });
      expect(early.statusCode).toBe(409);
      await end(m, 'death');
      // 第六十三条 does not say where the balance goes without heirs: refused.
      const none = await withdraw(m, { reason: 'death', heirs: false });
      expect(none.statusCode).toBe(422);
      expect(none.json()).toMatchObject({ error: { code: 'unsupported', path: 'heirs' } });
      const r = await withdraw(m, { reason: 'death' });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toMatchObject({ kind: 'withdrawal', amount: 512.34, balance: 0, to: 'payee:heirs', source: '沧政规〔2024〕1号 第六十三条' });
      expect((await account(m)).balance).toBe(0);
      expect((await withdraw(m, { reason: 'death' })).statusCode).toBe(409);
      // Termination is not death: the reason must match how the enrolment ended.
      expect((await withdraw(m, { reason: 'termination' })).statusCode).toBe(409);
      const events = (await h.call('GET', `/v1/members/${m}/timeline`)).json() as { events: { kind: string; detail: Record<string, unknown> }[] };
      expect(events.events.filter((e) => e.kind === 'account').map((e) => e.detail['movement'])).toEqual(['opening', 'withdrawal']);
    });

    it('transfers out or pays the member where the text allows: 沧州 第六十二条 both, 资阳 第十一条（一）2 the transfer only', async () => {
      const cz = await cangzhou(100);
      await end(cz, 'terminate');
      expect((await withdraw(cz, { reason: 'transfer_out', mode: 'lump_sum' })).json()).toMatchObject({ amount: 100, to: 'payee:member', source: '沧政规〔2024〕1号 第六十二条' });

      const zy = await other('ziyang', '512002', '91512000MA0000001', 200);
      await end(zy, 'terminate');
      const lump = await withdraw(zy, { reason: 'transfer_out', mode: 'lump_sum' });
      expect(lump.statusCode).toBe(422);
      expect(lump.json()).toMatchObject({ error: { code: 'unsupported', path: 'mode' } });
      expect((await withdraw(zy, { reason: 'transfer_out' })).json()).toMatchObject({ amount: 200, to: 'account_transfer_out', source: '资府办规〔2022〕7号 第十一条（一）2' });
    });

    it('puts a balance without heirs into the pooled fund where the text says so (廊坊 第四十四条); refuses where a text is silent (绥化)', async () => {
      const lf = await other('langfang', '131002', '91131000MA0M00002', 80);
      await end(lf, 'death');
      expect((await withdraw(lf, { reason: 'death', heirs: false })).json()).toMatchObject({ amount: 80, to: 'fund:pooled' });
      // 廊坊 has no article paying out the account on a termination.
      const lf2 = await other('langfang', '131002', '91131000MA0M00003', 80);
      await end(lf2, 'terminate');
      expect((await withdraw(lf2, { reason: 'termination' })).json()).toMatchObject({ error: { code: 'unsupported', path: 'reason' } });

      const sh = await other('suihua', '231202', '91231200MA0000002', 50);
      const r = await family(sh, { amount: 10 });
      expect(r.statusCode).toBe(422);
      expect(r.json()).toMatchObject({ error: { code: 'unsupported', path: 'use' } });
      expect((await account(sh)).balance).toBe(50);
    });

    it('the journal stays balanced with these entries', async () => {
      const rows = await h.store.db
        .selectFrom('journal')
        .select((eb) => [eb.fn.sum<string>('debit').as('d'), eb.fn.sum<string>('credit').as('c')])
        .where('kind', 'in', ['family_payment', 'withdrawal'])
        .executeTakeFirstOrThrow();
      expect(Number(rows.d)).toBeGreaterThan(0);
      expect(Number(rows.d)).toBe(Number(rows.c));
    });
  });
}
