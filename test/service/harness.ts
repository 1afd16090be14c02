/**
 * The service under test: an app over a fresh database per test file, PGlite in memory, and
 * PostgreSQL in a schema of its own (created and dropped here) where TEST_DATABASE_URL is set.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/service/app.js';
import { openStore, type Store } from '../../src/store/open.js';

export const ADMIN = 'test-admin-token';

export interface Backend {
  name: 'pglite' | 'postgres';
  /** False where this backend is not available (no TEST_DATABASE_URL). */
  enabled: boolean;
}

const testUrl = process.env['TEST_DATABASE_URL'];

export const BACKENDS: Backend[] = [
  { name: 'pglite', enabled: true },
  { name: 'postgres', enabled: Boolean(testUrl) },
];

export interface Harness {
  app: FastifyInstance;
  store: Store;
  close(): Promise<void>;
  /** A request with a bearer token (ADMIN unless given). */
  call(method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, body?: unknown, token?: string | null, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** A token for a role, issued through the API. */
  token(role: string): Promise<string>;
}

export async function openHarness(backend: Backend): Promise<Harness> {
  let store: Store;
  let drop: (() => Promise<void>) | undefined;
  if (backend.name === 'postgres') {
    const url = testUrl!;
    const schema = `yibao_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    store = await openStore({ databaseUrl: url, schema });
    drop = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    };
  } else {
    store = await openStore({ dataDir: 'memory://' });
  }
  const app = await buildApp({ db: store.db, adminToken: ADMIN, logger: false });
  const call: Harness['call'] = (method, url, body, token = ADMIN, headers = {}) =>
    app.inject({
      method,
      url,
      headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  return {
    app,
    store,
    call,
    async token(role) {
      const r = await call('POST', '/v1/tokens', { role });
      if (r.statusCode !== 201) throw new Error(`token for ${role}: ${r.statusCode} ${r.body}`);
      return (r.json() as { token: string }).token;
    },
    async close() {
      await app.close();
      await store.close();
      await drop?.();
    },
  };
}

/** GB 11643-1999, as the standard writes it (independent of the service's code): weights
 * W_i = 2^(18−i) mod 11 for i = 1…17, check = (12 − Σ a_i·W_i mod 11) mod 11, 10 written X. */
export function idCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const c = (12 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

/** An ID number for a birth date and sex in a region code: sequence 00, sex digit 1 (male) or 2 (female). */
export function idNumber(region: string, birthDate: string, sex: 'male' | 'female', seq = '00'): string {
  const first17 = `${region}${birthDate.replaceAll('-', '')}${seq}${sex === 'male' ? '1' : '2'}`;
  return first17 + idCheck(first17);
}

/** GB 32100-2015: characters 0-9 A-H J-N P-R T U W-Y worth 0–30, weights 3^(i−1) mod 31,
 * check = 31 − (Σ mod 31), 31 written 0. */
export function creditCode(first17: string): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += chars.indexOf(first17[i]!) * (3 ** i % 31);
  return first17 + chars[(31 - (sum % 31)) % 31];
}

/**
 * Records a member's contributions 2024-01 to 2025-12 as paid on 2024-01-10 (600 yuan a month,
 * recorded without a base: no personal-account credit), so that an employee who joined an
 * employer is covered from 2024-04 (沧政规〔2024〕1号 第二十九条: three months' wait).
 */
export async function contribute(h: Harness, memberId: string, from = '2024-01', until = '2025-12'): Promise<void> {
  const r = await h.call('POST', `/v1/members/${memberId}/contributions`, { from, until, amount: 600, paidOn: `${from}-10` });
  if (r.statusCode !== 201) throw new Error(`contributions of ${memberId}: ${r.statusCode} ${r.body}`);
}

/**
 * Enrols a Cangzhou employee (area 130902) born on `birthDate` with sequence number `seq` (a new ID
 * number for each seq), at `employerId`; `extra` overrides or adds fields. Returns the member id.
 */
export async function enrolCangzhouEmployee(h: Harness, employerId: string, birthDate: string, seq: number, sex: 'male' | 'female', extra: Record<string, unknown> = {}): Promise<string> {
  const r = await h.call('POST', '/v1/members', {
    idNumber: idNumber('130902', birthDate, sex, String(seq).padStart(2, '0')),
    name: `成员${seq}`,
    sex,
    birthDate,
    region: 'cangzhou',
    scheme: 'employee',
    type: 'employee',
    status: 'employed',
    employerId,
    enrolledOn: '2020-01-01',
    ...extra,
  });
  if (r.statusCode !== 201) throw new Error(`enrol ${seq}: ${r.statusCode} ${r.body}`);
  return (r.json() as { id: string }).id;
}

/** A Cangzhou employer (沧州示范有限公司) and the 2022 average wage of 80,000 the settlements read; the employer's id. */
export async function cangzhouEmployerWithWage(h: Harness): Promise<string> {
  const e = await h.call('POST', '/v1/employers', { creditCode: creditCode('91130900MA07L1234'), name: '沧州示范有限公司', region: 'cangzhou', type: 'enterprise' });
  if (e.statusCode !== 201) throw new Error(`employer: ${e.statusCode} ${e.body}`);
  const s = await h.call('PUT', '/v1/statistics/cangzhou/2022', { averageWage: 80000 });
  if (s.statusCode !== 200) throw new Error(`statistics: ${s.statusCode} ${s.body}`);
  return (e.json() as { id: string }).id;
}
