// npm run bench:service — committed settlements per second over HTTP (autocannon), many members in
// parallel, on the embedded PGlite (default) or on PostgreSQL (DATABASE_URL=postgres://…, in a
// fresh schema dropped at the end). Each request is POST /v1/settlements with its own
// Idempotency-Key: a Cangzhou 2024 outpatient visit of one of MEMBERS members, round robin.
//   MEMBERS (default 500), CONNECTIONS (default 50), SECONDS (default 10)
import { randomBytes } from 'node:crypto';
import { fork } from 'node:child_process';
import pg from 'pg';
import { buildApp } from '../dist/service/app.js';
import { creditCodeCheckChar, idNumberCheckDigit } from '../dist/service/ids.js';
import { openStore } from '../dist/store/open.js';

const MEMBERS = Number(process.env.MEMBERS ?? 500);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const SECONDS = Number(process.env.SECONDS ?? 10);
const url = process.env.DATABASE_URL;
const ADMIN = `bench-${randomBytes(8).toString('hex')}`;

let schema;
let store;
if (url) {
  schema = `yibao_bench_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`create schema ${schema}`);
  await c.end();
  store = await openStore({ databaseUrl: url, schema });
} else {
  store = await openStore({ dataDir: 'memory://' });
}
const app = await buildApp({ db: store.db, adminToken: ADMIN, logger: false });
const auth = { authorization: `Bearer ${ADMIN}` };
const inject = async (method, path, payload) => {
  const r = await app.inject({ method, url: path, headers: auth, payload });
  if (r.statusCode >= 300) throw new Error(`${method} ${path}: ${r.statusCode} ${r.body}`);
  return r.json();
};

const employer = await inject('POST', '/v1/employers', { creditCode: `91130900MA07L1234${creditCodeCheckChar('91130900MA07L1234')}`, name: '基准测试有限公司', region: 'cangzhou', type: 'enterprise' });
const members = [];
for (let i = 0; i < MEMBERS; i++) {
  const first17 = `130902198001${String(1 + (i % 28)).padStart(2, '0')}${String(Math.floor(i / 28)).padStart(3, '0')}`;
  const m = await inject('POST', '/v1/members', {
    idNumber: first17 + idNumberCheckDigit(first17),
    name: `成员${i}`,
    sex: Number(first17[16]) % 2 === 1 ? 'male' : 'female',
    birthDate: `1980-01-${first17.slice(12, 14)}`,
    region: 'cangzhou',
    scheme: 'employee',
    type: 'employee',
    status: 'employed',
    employerId: employer.id,
    enrolledOn: '2020-01-01',
  });
  // Covered on the visit's date: a year of contributions recorded as paid.
  await inject('POST', `/v1/members/${m.id}/contributions`, { from: '2024-01', until: '2024-12', amount: 600, paidOn: '2024-01-10' });
  members.push(m.id);
}

await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${app.server.address().port}`;
// The load generator runs in its own process (bench/service-load.js), not on the service's event loop.
const child = fork(new URL('./service-load.js', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
child.send({ base, token: ADMIN, members, connections: CONNECTIONS, seconds: SECONDS });
const result = await new Promise((resolve, reject) => {
  child.once('message', resolve);
  child.once('error', reject);
});
const ok = result['2xx'];
console.log(`${url ? 'PostgreSQL' : 'PGlite'}: ${MEMBERS} members, ${CONNECTIONS} connections, ${SECONDS} s`);
console.log(`committed settlements: ${ok} (${(ok / SECONDS).toFixed(0)}/s); non-2xx ${result.non2xx}; errors ${result.errors}, timeouts ${result.timeouts}`);
console.log(`latency ms: p50 ${result.latency.p50}, p90 ${result.latency.p90}, p99 ${result.latency.p99}, max ${result.latency.max}`);
const rows = await store.db.selectFrom('settlements').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
console.log(`settlements in the database: ${rows.n}`);
await app.close();
await store.close();
if (schema) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`drop schema ${schema} cascade`);
  await c.end();
}
