/**
 * Contributions, coverage, registrations, recognitions, institution scoping, the account
 * statement, the timeline, reconciliation and the audit trail, through the API.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settle, type ClaimResult } from '../../src/index.js';
import { BACKENDS, contribute, creditCode, idNumber, openHarness, type Harness, enrolCangzhouEmployee } from './harness.js';

const example = JSON.parse(readFileSync(new URL('../../examples/settle-cangzhou-inpatient.json', import.meta.url), 'utf8')) as { claims: Record<string, unknown>[] };
const C1 = example.claims[0]!;
const BIRTH = '1966-02-03';

interface Settled {
  id: string;
  result: ClaimResult;
}

/** Today in China Standard Time, the reconciliation's day. */
const today = (): string => {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date()).map((x) => [x.type, x.value]));
  return `${p['year']}-${p['month']}-${p['day']}`;
};

for (const backend of BACKENDS) {
  describe.skipIf(!backend.enabled)(`membership on ${backend.name}`, () => {
    let h: Harness;
    let employerId: string;
    let n = 0;
    beforeAll(async () => {
      h = await openHarness(backend);
      const e = await h.call('POST', '/v1/employers', { creditCode: creditCode('11130900MB0M00001'), name: '沧州某事业单位（虚构）', region: 'cangzhou', type: 'public_funded' });
      expect(e.statusCode).toBe(201);
      employerId = (e.json() as { id: string }).id;
      expect((await h.call('PUT', '/v1/statistics/cangzhou/2023', { averageWage: 72000 })).statusCode).toBe(200);
      expect((await h.call('PUT', '/v1/statistics/cangzhou/2022', { averageWage: 66000 })).statusCode).toBe(200);
    }, 60_000);
    afterAll(async () => h?.close());

    async function enrol(extra: Record<string, unknown> = {}): Promise<string> {
      n += 1;
      return enrolCangzhouEmployee(h, employerId, BIRTH, n, 'male', { enrolledOn: '2024-01-01', ...extra });
    }
    const post = (memberId: string, claim: unknown, key: string, token?: string) => h.call('POST', '/v1/settlements', { memberId, claim }, token, { 'idempotency-key': key });
    const balance = async (m: string) => ((await h.call('GET', `/v1/members/${m}`)).json() as { accountBalance: number }).accountBalance;

    it("computes a month's contribution by the engine and credits the personal account; records back-payments; refuses a month twice", async () => {
      const m = await enrol();
      // README's example: 2024-08 uses 2023's average, 72000 ÷ 12 = 6000 floors the wage 3000; a fully funded
      // public body pays 7.4% = 444, the employee 2% = 120; the account is credited 2% of the base = 120.
      const r = await h.call('POST', `/v1/members/${m}/contributions`, { month: '2024-08', monthlyWage: 3000, paidOn: '2024-08-20' });
      expect(r.statusCode).toBe(201);
      expect(r.json()).toMatchObject({ month: '2024-08', mode: 'computed', backPayment: false, base: 6000, employer: 444, person: 120, amount: 564, accountCredit: 120 });
      expect(await balance(m)).toBe(120);
      const lines = await h.store.db.selectFrom('journal').select(['kind', 'account', 'debit', 'credit']).where('member_id', '=', m).orderBy('created_at').orderBy('entry_id').orderBy('line_no').execute();
      const byKind = (kind: string) => lines.filter((l) => l.kind === kind).map((l) => [l.account, Number(l.debit), Number(l.credit)]);
      expect(byKind('contribution')).toEqual([
        ['contributor:employer', 44400, 0],
        ['contributor:person', 12000, 0],
        ['fund:pooled', 0, 56400],
      ]);
      expect(byKind('account_credit')).toEqual([
        ['fund:pooled', 12000, 0],
        ['personal_account', 0, 12000],
      ]);

      const again = await h.call('POST', `/v1/members/${m}/contributions`, { month: '2024-08', monthlyWage: 3000, paidOn: '2024-08-21' });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ error: { code: 'conflict', path: 'month' } });

      // July paid in September: a back-payment, recorded as paid with its base: credit 6000 × 2% = 120.
      const back = await h.call('POST', `/v1/members/${m}/contributions`, { month: '2024-07', amount: 564, base: 6000, paidOn: '2024-09-05' });
      expect(back.statusCode).toBe(201);
      expect(back.json()).toMatchObject({ backPayment: true, mode: 'recorded', amount: 564, accountCredit: 120 });
      expect(await balance(m)).toBe(240);
      // Without a base, nothing is credited, and the reply says why.
      const bare = (await h.call('POST', `/v1/members/${m}/contributions`, { month: '2024-09', amount: 564, paidOn: '2024-09-10' })).json() as { accountCredit: number; accountNote: string };
      expect(bare.accountCredit).toBe(0);
      expect(bare.accountNote).toMatch(/without a base/);
      expect(await balance(m)).toBe(240);

      expect((await h.call('POST', `/v1/members/${m}/contributions`, { month: '2024-10', monthlyWage: 3000, amount: 1, paidOn: '2024-10-10' })).json()).toMatchObject({ error: { code: 'invalid_input', path: 'monthlyWage' } });
      expect((await h.call('POST', `/v1/members/${m}/contributions`, { month: '2023-12', amount: 1, paidOn: '2024-10-10' })).json()).toMatchObject({ error: { path: 'month' } });
      expect((await h.call('POST', `/v1/members/${m}/contributions`, { month: '2024-13', amount: 1, paidOn: '2024-10-10' })).json()).toMatchObject({ error: { path: 'month' } });
      // A run of months is one transaction: 2024-10..2024-12 but 2024-08 again inside a run → nothing written.
      const run = await h.call('POST', `/v1/members/${m}/contributions`, { from: '2024-07', until: '2024-12', amount: 564, paidOn: '2024-12-01' });
      expect(run.statusCode).toBe(409);
      const months = ((await h.call('GET', `/v1/members/${m}/contributions`)).json() as { items: { month: string }[] }).items.map((c) => c.month);
      expect(months).toEqual(['2024-07', '2024-08', '2024-09']);
      // No statistics for Langfang: the engine's missing_context.
      const lf = await h.call('POST', '/v1/employers', { creditCode: creditCode('91131000MA0M00002'), name: '廊坊某公司（虚构）', region: 'langfang', type: 'enterprise' });
      const lfm = await enrol({ region: 'langfang', employerId: (lf.json() as { id: string }).id, idNumber: idNumber('131002', BIRTH, 'male', '99') });
      expect((await h.call('POST', `/v1/members/${lfm}/contributions`, { month: '2024-08', monthlyWage: 3000, paidOn: '2024-08-20' })).json()).toMatchObject({ error: { code: 'missing_context' } });
      // A resident's contribution is recorded with its amount; no personal account.
      const res = await enrol({ region: 'suihua', scheme: 'resident', type: 'resident', status: undefined, employerId: undefined, idNumber: idNumber('231202', BIRTH, 'male', '98') });
      expect((await h.call('POST', `/v1/members/${res}/contributions`, { month: '2026-01', monthlyWage: 3000, paidOn: '2025-12-20' })).json()).toMatchObject({ error: { code: 'invalid_input', path: 'monthlyWage' } });
      expect((await h.call('POST', `/v1/members/${res}/contributions`, { month: '2026-01', amount: 400, paidOn: '2025-12-20' })).json()).toMatchObject({ amount: 400, accountCredit: 0, accountNote: 'the resident scheme has no personal account' });
    });

    it('answers coverage from the stored months by the eligibility rules, and a settlement dated outside it is refused with the article', async () => {
      const m = await enrol();
      for (const month of ['2024-07', '2024-08', '2024-09', '2024-10']) {
        expect((await h.call('POST', `/v1/members/${m}/contributions`, { month, monthlyWage: 3000, paidOn: `${month}-20` })).statusCode).toBe(201);
      }
      // README's eligibility example: joined an employer in July, three months' wait, covered from October.
      const waiting = (await h.call('GET', `/v1/members/${m}/coverage?date=2024-09-15`)).json();
      expect(waiting).toMatchObject({ date: '2024-09-15', covered: false, source: '沧政规〔2024〕1号 第二十九条' });
      expect((waiting as { reason: string }).reason).toContain('自 2024-10 起享受待遇');
      expect((await h.call('GET', `/v1/members/${m}/coverage?date=2024-10-01`)).json()).toMatchObject({ covered: true });
      expect((await h.call('GET', `/v1/members/${m}/coverage?date=2023-12-31`)).json()).toMatchObject({ covered: false, source: null });
      expect((await h.call('GET', `/v1/members/${m}/coverage?date=2024-02-30`)).json()).toMatchObject({ error: { path: 'date' } });

      const visit = (date: string, id: string) => ({ id, type: 'outpatient', visitDate: date, hospital: { level: 1 }, items: [{ category: 'drug', class: 'A', amount: 1000 }] });
      const refused = await post(m, visit('2024-09-15', 'V1'), `cov-${m}-1`);
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ error: { code: 'not_covered', path: 'claim.visitDate', article: '沧政规〔2024〕1号 第二十九条' } });
      expect((await h.call('POST', '/v1/settlements/preview', { memberId: m, claim: visit('2024-09-15', 'V1') })).statusCode).toBe(422);
      expect(await h.store.db.selectFrom('settlements').select('id').where('member_id', '=', m).execute()).toEqual([]);
      expect((await post(m, visit('2024-10-05', 'V2'), `cov-${m}-2`)).statusCode).toBe(201);
    });

    it('keeps cross-region registrations: a temporary one lasts a year; a long-term one cannot change within six months', async () => {
      const m = await enrol();
      const reg = (body: Record<string, unknown>) => h.call('POST', `/v1/members/${m}/registrations`, { place: 'cross_province', destination: '北京市', ...body });
      const t = await reg({ kind: 'temporary', validFrom: '2024-10-01' });
      expect(t.statusCode).toBe(201);
      expect(t.json()).toMatchObject({ kind: 'temporary', validFrom: '2024-10-01', validUntil: '2025-09-30', source: '沧政规〔2024〕1号 第九十四条（二）4' });
      expect((await reg({ kind: 'temporary', validFrom: '2024-10-01', validUntil: '2025-10-01' })).json()).toMatchObject({ error: { path: 'validUntil' } });
      expect((await reg({ kind: 'long_term', validFrom: '2024-11-01' })).statusCode).toBe(201);
      const soon = await reg({ kind: 'long_term', validFrom: '2025-04-30', destination: '天津市' });
      expect(soon.statusCode).toBe(409);
      expect(soon.json()).toMatchObject({ error: { code: 'conflict', path: 'validFrom', article: '沧政规〔2024〕1号 第九十四条（二）3' } });
      expect((await reg({ kind: 'long_term', validFrom: '2025-05-01', destination: '天津市' })).statusCode).toBe(201);
      const items = ((await h.call('GET', `/v1/members/${m}/registrations`)).json() as { items: { kind: string; validFrom: string; validUntil: string | null }[] }).items;
      expect(items.map((r) => [r.kind, r.validFrom, r.validUntil])).toEqual([
        ['temporary', '2024-10-01', '2025-09-30'],
        ['long_term', '2024-11-01', '2025-04-30'],
        ['long_term', '2025-05-01', null],
      ]);
    });

    it("settles with the registration in force from the store, not the claim's; recognised diseases from the store", async () => {
      const m = await enrol();
      await contribute(h, m);
      const away = { ...structuredClone(C1), id: 'X1', place: 'cross_province', registration: 'long_term', admissionDate: '2024-09-01', dischargeDate: '2024-09-10' };
      const person = { status: 'employed', birthDate: BIRTH, sex: 'male', tags: [], accountBalance: 0 };
      const engine = (registration: string, extra: Record<string, unknown> = {}) =>
        JSON.parse(JSON.stringify(settle({ region: 'cangzhou', scheme: 'employee', context: { averageWage: { 2022: 66000, 2023: 72000 } }, person: { ...person, ...extra }, claims: [{ ...away, registration }] }).results[0]));
      // Unregistered cross-province stay: 3374 from the fund; registered long-term: local rules, (6620 − 900) × 90% = 5148.
      const none = engine('none');
      const longTerm = engine('long_term');
      expect([none.hifp_pay, longTerm.hifp_pay]).toEqual([3374, 5148]);
      // Nothing on record: the claim's "long_term" is replaced by none.
      expect((await h.call('POST', '/v1/settlements/preview', { memberId: m, claim: away })).json()).toEqual(none);
      expect((await h.call('POST', `/v1/members/${m}/registrations`, { kind: 'long_term', place: 'cross_province', destination: '北京市', validFrom: '2024-08-15' })).statusCode).toBe(201);
      expect((await h.call('POST', '/v1/settlements/preview', { memberId: m, claim: { ...away, registration: 'none' } })).json()).toEqual(longTerm);
      // Care back home while registered long-term elsewhere is the engine's local long_term case (沧州 第九十四条（六）).
      const home = { ...away, place: 'local', registration: 'none' };
      expect((await h.call('POST', '/v1/settlements/preview', { memberId: m, claim: home })).json()).toEqual(
        JSON.parse(JSON.stringify(settle({ region: 'cangzhou', scheme: 'employee', context: { averageWage: { 2022: 66000, 2023: 72000 } }, person, claims: [{ ...home, registration: 'long_term' }] }).results[0])),
      );

      const chronic = { id: 'M1', type: 'chronic', disease: '高血压病', visitDate: '2024-09-01', hospital: { level: 2 }, items: [{ category: 'drug', class: 'A', amount: 1000 }] };
      const before = await h.call('POST', '/v1/settlements/preview', { memberId: m, claim: chronic });
      const rec = await h.call('POST', `/v1/members/${m}/recognitions`, { category: 'chronic', name: '高血压3级', recognizedOn: '2024-07-01' });
      expect(rec.statusCode).toBe(201);
      expect((await h.call('POST', `/v1/members/${m}/recognitions`, { category: 'chronic', name: '高血压3级', recognizedOn: '2024-07-02' })).statusCode).toBe(409);
      const after = await h.call('POST', '/v1/settlements/preview', { memberId: m, claim: chronic });
      const withDisease = JSON.parse(
        JSON.stringify(settle({ region: 'cangzhou', scheme: 'employee', context: { averageWage: { 2022: 66000, 2023: 72000 } }, person: { ...person, chronicDiseases: [{ name: '高血压3级', recognizedOn: '2024-07-01' }] }, claims: [chronic] }).results[0]),
      );
      expect(after.json()).toEqual(withDisease);
      expect(before.body).not.toEqual(after.body);
    });

    it('an institution settles and reads only at its own institution; reconciliation per institution and fund; the timeline and the statement', async () => {
      const m = await enrol({ accountBalance: 100 });
      await contribute(h, m);
      const h001 = await h.token('institution:H001');
      const h002 = await h.token('institution:H002');
      const at = (code: string | undefined, id: string, month: string) => ({
        ...structuredClone(C1),
        id,
        admissionDate: `2024-${month}-01`,
        dischargeDate: `2024-${month}-05`,
        hospital: { level: 3, grade: 'A', tcm: false, ...(code ? { code } : {}) },
      });
      expect((await post(m, at('H002', 'I0', '07'), `inst-${m}-0`, h001)).statusCode).toBe(403);
      expect((await post(m, at(undefined, 'I0', '07'), `inst-${m}-0`, h001)).json()).toMatchObject({ error: { code: 'invalid_input', path: 'claim.hospital.code' } });
      expect((await h.call('POST', '/v1/settlements/preview', { memberId: m, claim: at('H002', 'I0', '07') }, h001)).statusCode).toBe(403);
      const a = (await post(m, at('H001', 'I1', '07'), `inst-${m}-1`, h001)).json() as Settled;
      const b = (await post(m, at('H001', 'I2', '09'), `inst-${m}-2`, h001)).json() as Settled;
      const c = (await post(m, at('H002', 'I3', '11'), `inst-${m}-3`, h002)).json() as Settled;
      // I1: (6620 − 900) × 90% = 5148; I2, the year's 2nd stay, deductible halved: (6620 − 450) × 90% = 5553.
      expect([a.result.hifp_pay, b.result.hifp_pay]).toEqual([5148, 5553]);
      expect((await h.call('GET', `/v1/settlements/${a.id}`, undefined, h001)).statusCode).toBe(200);
      expect((await h.call('GET', `/v1/settlements/${a.id}`, undefined, h002)).statusCode).toBe(404);
      expect((await h.call('GET', `/v1/settlements/${c.id}`, undefined, h001)).statusCode).toBe(404);
      const listed = (await h.call('GET', '/v1/settlements?limit=200', undefined, h001)).json() as { items: { id: string; institution: string }[] };
      expect(listed.items.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
      expect((await h.call('GET', '/v1/settlements?institution=H002', undefined, h001)).statusCode).toBe(403);
      const own = await h.token(`person:${m}`);
      expect(((await h.call('GET', '/v1/settlements', undefined, own)).json() as { items: unknown[] }).items).toHaveLength(3);
      expect((await h.call('GET', '/v1/settlements?memberId=someone-else', undefined, own)).statusCode).toBe(403);

      expect((await h.call('POST', `/v1/settlements/${c.id}/reversal`)).statusCode).toBe(200);
      const day = today();
      const mine = (await h.call('GET', `/v1/reconciliation?date=${day}`, undefined, h001)).json() as { institutions: { institution: string; settlements: number; reversals: number; total: number; funds: Record<string, number> }[] };
      expect(mine.institutions.map((i) => i.institution)).toEqual(['H001']);
      const [h1] = mine.institutions;
      expect(h1).toMatchObject({ settlements: 2, reversals: 0, total: a.result.medfee_sumamt + b.result.medfee_sumamt });
      expect(h1!.funds['fund:pooled']).toBe(5148 + 5553);
      expect((await h.call('GET', `/v1/reconciliation?date=${day}&institution=H002`, undefined, h001)).statusCode).toBe(403);
      const theirs = (await h.call('GET', `/v1/reconciliation?date=${day}&institution=H002`)).json() as { institutions: { settlements: number; reversals: number; total: number; funds: Record<string, number> }[] };
      expect(theirs.institutions).toEqual([{ institution: 'H002', settlements: 1, reversals: 1, total: 0, funds: Object.fromEntries(Object.keys(theirs.institutions[0]!.funds).map((k) => [k, 0])) }]);
      expect((await h.call('GET', '/v1/reconciliation?date=2000-01-01')).json()).toMatchObject({ institutions: [] });

      // The statement from the journal: opening 100, less what the standing stays took from the account (I3's given back);
      // its balance is the member record's.
      const acct = (await h.call('GET', `/v1/members/${m}/account`)).json() as { balance: number; lines: { kind: string; amount: number; balance: number }[] };
      expect(acct.lines[0]).toMatchObject({ kind: 'opening', amount: 100, balance: 100 });
      expect(acct.balance).toBe(await balance(m));
      expect(acct.balance).toBe(100 - a.result.acct_pay - b.result.acct_pay);

      const timeline = (await h.call('GET', `/v1/members/${m}/timeline`)).json() as { events: { date: string; kind: string }[] };
      const dates = timeline.events.map((e) => e.date);
      expect(dates).toEqual([...dates].sort());
      expect(timeline.events[0]).toMatchObject({ date: '2024-01-01', kind: 'enrolment' });
      expect(timeline.events.filter((e) => e.kind === 'contribution')).toHaveLength(24);
      expect(timeline.events.filter((e) => e.kind === 'settlement').map((e) => e.date)).toEqual(['2024-07-05', '2024-09-05', '2024-11-05']);
      expect(timeline.events.filter((e) => e.kind === 'reversal').map((e) => e.date)).toEqual([day]);
      const person = await h.token(`person:${m}`);
      expect((await h.call('GET', `/v1/members/${m}/timeline`, undefined, person)).statusCode).toBe(200);
      expect((await h.call('GET', `/v1/members/${m}/account`, undefined, h001)).statusCode).toBe(403);
    });

    it('retires a member from a date and ends an enrolment on death: coverage, settlement and a new enrolment follow', async () => {
      const idNo = idNumber('130902', BIRTH, 'male', '77');
      const m = await enrol({ idNumber: idNo });
      await contribute(h, m);
      const retired = await h.call('POST', `/v1/members/${m}/changes`, { kind: 'retire', on: '2024-09-10' });
      expect(retired.statusCode).toBe(200);
      expect(retired.json()).toMatchObject({ status: 'retired', retiredOn: '2024-09-10', active: true });
      expect((await h.call('POST', `/v1/members/${m}/changes`, { kind: 'retire', on: '2024-09-11' })).statusCode).toBe(409);
      expect((await h.call('GET', `/v1/members/${m}/coverage?date=2024-09-01`)).json()).toMatchObject({ covered: true, source: '沧政规〔2024〕1号 第三十条' });
      expect((await h.call('GET', `/v1/members/${m}/coverage?date=2024-09-15`)).json()).toMatchObject({ covered: true, source: null });
      // Retired from the month after the registration (第六十八条): an October stay is settled at the retirees' rate.
      const stay = { ...structuredClone(C1), id: 'R1', admissionDate: '2024-10-01', dischargeDate: '2024-10-10' };
      const engine = settle({ region: 'cangzhou', scheme: 'employee', context: { averageWage: { 2022: 66000, 2023: 72000 } }, person: { retiredOn: '2024-09-10', birthDate: BIRTH, sex: 'male', tags: [], accountBalance: 0 }, claims: [stay] }).results[0]!;
      const s = (await post(m, stay, `ret-${m}`)).json() as Settled;
      expect(s.result).toEqual(JSON.parse(JSON.stringify(engine)));
      expect(s.result.hifp_pay).not.toBe(5148);

      expect((await h.call('POST', `/v1/members/${m}/changes`, { kind: 'death', on: '2024-11-01' })).json()).toMatchObject({ active: false, endedOn: '2024-11-01', endReason: 'death' });
      expect((await h.call('GET', `/v1/members/${m}/coverage?date=2024-10-31`)).json()).toMatchObject({ covered: true });
      expect((await h.call('GET', `/v1/members/${m}/coverage?date=2024-11-01`)).json()).toMatchObject({ covered: false, source: null });
      expect((await post(m, { ...stay, id: 'R2', admissionDate: '2024-10-15', dischargeDate: '2024-10-20' }, `ret2-${m}`)).statusCode).toBe(409);
      expect((await h.call('POST', `/v1/members/${m}/changes`, { kind: 'terminate', on: '2024-11-02' })).statusCode).toBe(409);
      const timeline = (await h.call('GET', `/v1/members/${m}/timeline`)).json() as { events: { date: string; kind: string; detail: { change?: string } }[] };
      expect(timeline.events.filter((e) => e.kind === 'change').map((e) => [e.date, e.detail.change])).toEqual([
        ['2024-09-10', 'retire'],
        ['2024-11-01', 'death'],
      ]);
      // The enrolment ended, the same person may be enrolled again (one active enrolment per person).
      expect((await enrolAgain(idNo)).statusCode).toBe(201);
    });

    const enrolAgain = (idNo: string) =>
      h.call('POST', '/v1/members', { idNumber: idNo, name: '再参保', sex: 'male', birthDate: BIRTH, region: 'cangzhou', scheme: 'employee', type: 'employee', status: 'employed', employerId, enrolledOn: '2025-01-01' });

    it('keeps an audit trail that only an admin reads', async () => {
      const agency = await h.token('agency');
      expect((await h.call('GET', '/v1/audit', undefined, agency)).statusCode).toBe(403);
      const all = (await h.call('GET', '/v1/audit?limit=500')).json() as { items: { actor: string; action: string }[] };
      const actions = new Set(all.items.map((a) => a.action));
      for (const a of ['employer.create', 'member.create', 'contribution.create', 'registration.create', 'recognition.create', 'settlement.create', 'settlement.reverse', 'token.create']) expect(actions).toContain(a);
      expect(all.items.find((a) => a.action === 'settlement.create' && a.actor === 'institution:H001')).toBeDefined();
    });
  });
}
