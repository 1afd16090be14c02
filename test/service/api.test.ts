import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settle } from '../../src/index.js';
import { ADMIN, BACKENDS, creditCode, idNumber, openHarness, type Harness } from './harness.js';

const example: unknown = JSON.parse(readFileSync(new URL('../../examples/settle-cangzhou-inpatient.json', import.meta.url), 'utf8'));

for (const backend of BACKENDS) {
  describe.skipIf(!backend.enabled)(`API on ${backend.name}`, () => {
    let h: Harness;
    let employerId: string;
    beforeAll(async () => {
      h = await openHarness(backend);
      const e = await h.call('POST', '/v1/employers', { creditCode: creditCode('91130900MA07L1234'), name: '沧州示范有限公司', region: 'cangzhou', type: 'enterprise' });
      expect(e.statusCode).toBe(201);
      employerId = (e.json() as { id: string }).id;
    }, 60_000);
    afterAll(async () => h?.close());

    const member = (over: Record<string, unknown> = {}) => ({
      idNumber: idNumber('130902', '1962-04-01', 'male'),
      name: '张三',
      sex: 'male',
      birthDate: '1962-04-01',
      region: 'cangzhou',
      scheme: 'employee',
      type: 'employee',
      status: 'employed',
      employerId,
      enrolledOn: '2020-01-01',
      ...over,
    });

    it('answers /health without a token, and serves the OpenAPI document and /docs', async () => {
      const health = await h.call('GET', '/health', undefined, null);
      expect(health.statusCode).toBe(200);
      expect(health.json()).toEqual({ status: 'ok' });
      const doc = (await h.call('GET', '/openapi.json', undefined, null)).json() as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/members', '/v1/settlements', '/v1/settlements/{id}/reversal', '/v1/preview/settle']));
      const docs = await h.call('GET', '/docs/', undefined, null);
      expect(docs.statusCode).toBe(200);
    });

    it('401 without a token or with an unknown one; 403 for a role not allowed', async () => {
      const none = await h.call('POST', '/v1/members', member(), null);
      expect(none.statusCode).toBe(401);
      expect(none.json()).toMatchObject({ error: { code: 'unauthorized' } });
      expect((await h.call('GET', '/v1/members', undefined, 'no-such-token')).statusCode).toBe(401);
      const person = await h.token('person:someone');
      const forbidden = await h.call('POST', '/v1/members', member(), person);
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.json()).toMatchObject({ error: { code: 'forbidden' } });
      const institution = await h.token('institution:H001');
      expect((await h.call('PUT', '/v1/statistics/cangzhou/2022', { averageWage: 1 }, institution)).statusCode).toBe(403);
      expect((await h.call('POST', '/v1/tokens', { role: 'admin' }, institution)).statusCode).toBe(403);
    });

    it('refuses an employer whose credit code fails its check character, naming the field', async () => {
      const good = creditCode('91130900MA07L5678');
      const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
      const r = await h.call('POST', '/v1/employers', { creditCode: bad, name: 'x', region: 'cangzhou', type: 'enterprise' });
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({ error: { code: 'invalid_input', path: 'creditCode' } });
      expect((await h.call('POST', '/v1/employers', { creditCode: creditCode('91130900MA07L1234'), name: 'again', region: 'cangzhou', type: 'enterprise' })).statusCode).toBe(409);
    });

    it('enrols a member once: check digit, sex and birth date must agree with the ID number; a second active enrolment is 409', async () => {
      const wrongCheck = member({ idNumber: `${idNumber('130902', '1962-04-01', 'male').slice(0, 17)}${idNumber('130902', '1962-04-01', 'male').endsWith('0') ? '1' : '0'}` });
      const r1 = await h.call('POST', '/v1/members', wrongCheck);
      expect(r1.statusCode).toBe(400);
      expect(r1.json()).toMatchObject({ error: { code: 'invalid_input', path: 'idNumber' } });
      const r2 = await h.call('POST', '/v1/members', member({ sex: 'female' }));
      expect(r2.json()).toMatchObject({ error: { path: 'sex' } });
      const r3 = await h.call('POST', '/v1/members', member({ birthDate: '1962-04-02' }));
      expect(r3.json()).toMatchObject({ error: { path: 'birthDate' } });
      const resident = { scheme: 'resident', type: 'resident', status: undefined, employerId: undefined };
      expect((await h.call('POST', '/v1/members', member({ ...resident, accountBalance: 10 }))).json()).toMatchObject({ error: { path: 'accountBalance' } });
      expect((await h.call('POST', '/v1/members', member({ ...resident, status: 'employed' }))).json()).toMatchObject({ error: { path: 'status' } });
      expect((await h.call('POST', '/v1/members', member({ status: undefined }))).json()).toMatchObject({ error: { path: 'status' } });
      const ok = await h.call('POST', '/v1/members', member());
      expect(ok.statusCode).toBe(201);
      const created = ok.json() as { id: string; idNumber: string };
      expect(created.idNumber).toBe(idNumber('130902', '1962-04-01', 'male')); // admin sees it whole
      const again = await h.call('POST', '/v1/members', member({ name: '张三丰' }));
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ error: { code: 'conflict', path: 'idNumber' } });

      // Masked for anyone but admin; a person reads only their own record.
      const agency = await h.token('agency');
      const seen = (await h.call('GET', `/v1/members/${created.id}`, undefined, agency)).json() as { idNumber: string };
      const id = idNumber('130902', '1962-04-01', 'male');
      expect(seen.idNumber).toBe(`${id.slice(0, 6)}********${id.slice(14)}`);
      const self = await h.token(`person:${created.id}`);
      expect((await h.call('GET', `/v1/members/${created.id}`, undefined, self)).statusCode).toBe(200);
      const other = await h.token('person:another');
      expect((await h.call('GET', `/v1/members/${created.id}`, undefined, other)).statusCode).toBe(403);
      expect((await h.call('GET', '/v1/members/nobody')).statusCode).toBe(404);
    });

    it('lists members by region and name or ID number, paged', async () => {
      for (const [name, birth] of [['李四', '1970-01-02'], ['李五', '1971-05-06'], ['王六', '1972-07-08']] as const) {
        const r = await h.call('POST', '/v1/members', member({ name, birthDate: birth, idNumber: idNumber('130902', birth, 'male') }));
        expect(r.statusCode).toBe(201);
      }
      const agency = await h.token('agency');
      const page = (await h.call('GET', '/v1/members?region=cangzhou&q=%E6%9D%8E&limit=1&offset=1', undefined, agency)).json() as { items: { name: string; idNumber: string }[]; total: number };
      expect(page.total).toBe(2);
      expect(page.items.map((m) => m.name)).toEqual(['李五']);
      expect(page.items[0]!.idNumber).toContain('********');
      const byId = (await h.call('GET', `/v1/members?q=${idNumber('130902', '1972-07-08', 'male')}`)).json() as { items: { name: string }[] };
      expect(byId.items.map((m) => m.name)).toEqual(['王六']);
      const bad = await h.call('GET', '/v1/members?limit=0');
      expect(bad.json()).toMatchObject({ error: { code: 'invalid_input', path: 'limit' } });
    });

    it('stores statistics per region and year, merging fields', async () => {
      const a = await h.call('PUT', '/v1/statistics/cangzhou/2023', { averageWage: 72000 });
      expect(a.json()).toEqual({ region: 'cangzhou', year: 2023, averageWage: 72000, averagePension: null, residentContribution: null, note: null });
      const b = await h.call('PUT', '/v1/statistics/cangzhou/2023', { averagePension: { enterprise: 3000.5 } });
      expect(b.json()).toEqual({ region: 'cangzhou', year: 2023, averageWage: 72000, averagePension: { enterprise: 3000.5 }, residentContribution: null, note: null });
      expect((await h.call('PUT', '/v1/statistics/nowhere/2023', {})).json()).toMatchObject({ error: { path: 'region' } });
      expect((await h.call('PUT', '/v1/statistics/cangzhou/2023', { averageWage: 1.234 })).json()).toMatchObject({ error: { path: 'averageWage' } });
    });

    it("POST /v1/preview/settle is the engine's settle, and the engine's refusals keep code and path", async () => {
      const r = await h.call('POST', '/v1/preview/settle', example);
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual(JSON.parse(JSON.stringify(settle(example))));
      // (6620 − 900) × 90% = 5148
      expect((r.json() as { results: { hifp_pay: number }[] }).results[0]!.hifp_pay).toBe(5148);
      const quiet = (await h.call('POST', '/v1/preview/settle?explain=false', example)).json() as { results: { steps: unknown[] }[] };
      expect(quiet).toEqual(JSON.parse(JSON.stringify(settle(example, { explain: false }))));
      const late = structuredClone(example) as { claims: { dischargeDate: string; admissionDate: string }[] };
      late.claims[0]!.admissionDate = '2020-01-01';
      late.claims[0]!.dischargeDate = '2020-01-05';
      const refused = await h.call('POST', '/v1/preview/settle', late);
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ error: { code: 'policy_not_in_force', path: 'claims[0].dischargeDate' } });
      const notJson = await h.app.inject({ method: 'POST', url: '/v1/preview/settle', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, payload: '{' });
      expect(notJson.statusCode).toBe(400);
      expect(notJson.json()).toMatchObject({ error: { code: 'invalid_input' } });
    });
  });
}
