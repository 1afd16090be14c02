// The service's stored year as a population for `yibao simulate` (src/service/population.ts):
// re-settled by the engine, the stored claims give back what the settlements paid, to the fen.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settle, type ClaimResult } from '../../src/index.js';
import { storedPopulation } from '../../src/service/population.js';
import { buildApp } from '../../src/service/app.js';
import { openStore } from '../../src/store/open.js';
import { ADMIN, BACKENDS, contribute, creditCode, enrolCangzhouEmployee, openHarness, type Harness } from './harness.js';

const example = JSON.parse(readFileSync(new URL('../../examples/settle-cangzhou-inpatient.json', import.meta.url), 'utf8')) as { claims: Record<string, unknown>[] };
/** (6620 − 900) × 90% = 5148. */
const C1 = { ...example.claims[0]!, hospital: { ...(example.claims[0]!['hospital'] as object), code: 'H001' } };
/** The year's 2nd stay: deductible halved, (6620 − 450) × 90% = 5553. */
const C2 = { ...structuredClone(C1), id: 'C2', admissionDate: '2024-10-01', dischargeDate: '2024-10-10' };
/** Settled, then reversed: not in the population. */
const C3 = { ...structuredClone(C1), id: 'C3', admissionDate: '2024-11-01', dischargeDate: '2024-11-10' };

async function seed(call: Harness['call']): Promise<string> {
  const e = await call('POST', '/v1/employers', { creditCode: creditCode('91130900MA07L1234'), name: '沧州示范有限公司', region: 'cangzhou', type: 'enterprise' });
  expect((await call('PUT', '/v1/statistics/cangzhou/2022', { averageWage: 80000 })).statusCode).toBe(200);
  const h = { call } as Harness;
  const m = await enrolCangzhouEmployee(h, (e.json() as { id: string }).id, '1962-04-01', 1, 'male', { accountBalance: 300 });
  await contribute(h, m);
  for (const [claim, key] of [[C1, 'p1'], [C2, 'p2'], [C3, 'p3']] as const) {
    const r = await call('POST', '/v1/settlements', { memberId: m, claim }, undefined, { 'idempotency-key': key });
    expect(r.statusCode, r.body).toBe(201);
    if (key === 'p3') expect((await call('POST', `/v1/settlements/${(r.json() as { id: string }).id}/reversal`)).statusCode).toBe(200);
  }
  return m;
}

for (const backend of BACKENDS) {
  describe.skipIf(!backend.enabled)(`the stored year as a population on ${backend.name}`, () => {
    let h: Harness;
    let m: string;
    beforeAll(async () => {
      h = await openHarness(backend);
      m = await seed(h.call);
    }, 60_000);
    afterAll(async () => h?.close());

    it('is one line per member with its settled claims in order; the engine pays on it what was paid', async () => {
      const lines: string[] = [];
      for await (const line of storedPopulation(h.store.db, 'cangzhou', 2024)) lines.push(line);
      expect(lines.length).toBe(1);
      const { id, ...request } = JSON.parse(lines[0]!) as { id: string; claims: { id: string; registration: string; hospital: Record<string, unknown> }[]; person: { accountBalance: number } };
      expect(id).toBe(m);
      expect(request.claims.map((c) => [c.id, c.registration, 'code' in c.hospital])).toEqual([
        [(C1 as Record<string, unknown>)['id'], 'none', false],
        ['C2', 'none', false],
      ]);
      // The account as the year's first settlement saw it: the opening 300.
      expect(request.person.accountBalance).toBe(300);
      const stored = await h.store.db.selectFrom('settlements').select(['result']).where('member_id', '=', m).where('status', '=', 'settled').orderBy('seq').execute();
      const paid = (stored.map((s) => s.result) as ClaimResult[]).map((r) => [r.hifp_pay, r.acct_pay, r.psn_cash_pay]);
      expect(paid.map((p) => p[0])).toEqual([5148, 5553]);
      const again = settle(request, { explain: false }).results.map((r) => [r.hifp_pay, r.acct_pay, r.psn_cash_pay]);
      expect(again).toEqual(paid);
      // Another region, another year: nobody.
      for await (const _ of storedPopulation(h.store.db, 'langfang', 2024)) expect.unreachable();
      for await (const _ of storedPopulation(h.store.db, 'cangzhou', 2025)) expect.unreachable();
    });

    it('downloads as JSON Lines from GET /v1/population, for the agency only', async () => {
      const r = await h.call('GET', '/v1/population?region=cangzhou&year=2024');
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toContain('application/x-ndjson');
      const lines = r.body.split('\n').filter((l) => l !== '');
      expect(lines.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual([m]);
      expect((await h.call('GET', '/v1/population?region=cangzhou&year=2024', undefined, await h.token('institution:H001'))).statusCode).toBe(403);
      expect((await h.call('GET', '/v1/population?region=atlantis&year=2024')).json()).toMatchObject({ error: { path: 'region' } });
    });
  });
}

describe('yibao simulate --from-database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-population-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("re-settles the embedded database's year: the baseline's totals are the stored settlements' (5148 + 5553)", async () => {
    const store = await openStore({ dataDir: dir });
    const app = await buildApp({ db: store.db, adminToken: ADMIN, logger: false });
    const call: Harness['call'] = (method, url, body, token = ADMIN, headers = {}) =>
      app.inject({ method, url, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }, ...(body === undefined ? {} : { payload: body as object }) });
    await seed(call);
    await app.close();
    await store.close();
    const bin = new URL('../../bin/yibao.js', import.meta.url).pathname;
    const out = execFileSync(process.execPath, [bin, 'simulate', '--region', 'cangzhou', '--year', '2024', '--from-database', '--workers', '1'], { env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '' }, encoding: 'utf8' });
    const report = JSON.parse(out) as { population: string; baseline: { totals: { members: number; claims: number; hifp_pay: number } } };
    expect(report.population).toBe(`database:${dir}`);
    expect(report.baseline.totals).toMatchObject({ members: 1, claims: 2, hifp_pay: 10701 });
    // Either a population or the database, not both, not neither.
    expect(() => execFileSync(process.execPath, [bin, 'simulate', '--region', 'cangzhou', '--year', '2024'], { env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8', stdio: 'pipe' })).toThrow(/--from-database/);
  }, 60_000);
});
