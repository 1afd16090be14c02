// npm run bench:service — committed settlements per second over HTTP (autocannon), many members in
// parallel, on the embedded PGlite (default) or on PostgreSQL (DATABASE_URL=postgres://…, in a
// fresh schema dropped at the end). Each request is POST /v1/settlements with its own
// Idempotency-Key: a Cangzhou 2024 outpatient visit of one of MEMBERS members, round robin.
//   MEMBERS (default 500), CONNECTIONS (default 50), SECONDS (default 10), WARMUP (seconds of load first, not counted; default 2)
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fork } from 'node:child_process';
import pg from 'pg';
import { buildApp } from '../dist/service/app.js';
import { creditCodeCheckChar, idNumberCheckDigit } from '../dist/service/ids.js';
import { openStore } from '../dist/store/open.js';
import { groupCommitOf } from '../dist/store/batch.js';

const MEMBERS = Number(process.env.MEMBERS ?? 500);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const SECONDS = Number(process.env.SECONDS ?? 10);
const WARMUP = Number(process.env.WARMUP ?? 2);
const url = process.env.DATABASE_URL;
const ADMIN = `bench-${randomBytes(8).toString('hex')}`;

let schema;
let store;
let dataDir;
if (url) {
  schema = `yibao_bench_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`create schema ${schema}`);
  await c.end();
  store = await openStore({ databaseUrl: url, schema });
} else {
  // In a folder, as `npm start` runs it (PGLITE_DIR=memory:// for the in-memory database).
  dataDir = process.env.PGLITE_DIR ?? mkdtempSync(join(tmpdir(), 'yibao-bench-'));
  store = await openStore({ dataDir });
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
// CPU_PROFILE=file.cpuprofile: the service's CPU profile over the load (not the setup), for Chrome's DevTools.
// WARMUP seconds of the same load first (default 2), not counted: the pool's connections opened,
// the statements prepared and planned, the JIT warm; the figures are of the SECONDS after it.
child.send({ base, token: ADMIN, members, connections: CONNECTIONS, seconds: SECONDS, warmup: WARMUP });
const fromChild = () =>
  new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('error', reject);
  });
if (WARMUP > 0) await fromChild();
const profiler = process.env.CPU_PROFILE ? await startProfile() : undefined;
const pg0 = postgresCpu();
const self0 = process.cpuUsage();
child.send({ go: true });
const result = await fromChild();
const selfCpu = process.cpuUsage(self0);
if (profiler) await profiler.stop(process.env.CPU_PROFILE);
const pgCpu = pg0 === undefined ? undefined : postgresCpu() - pg0;
const ok = result['2xx'];
console.log(`${url ? 'PostgreSQL' : `PGlite (${dataDir.startsWith('memory://') ? 'in memory' : 'in a folder'})`}: ${MEMBERS} members, ${CONNECTIONS} connections, ${SECONDS} s after ${WARMUP} s of warm-up`);
console.log(`committed settlements: ${ok} (${(ok / SECONDS).toFixed(0)}/s); non-2xx ${result.non2xx}; errors ${result.errors}, timeouts ${result.timeouts}`);
console.log(`latency ms: p50 ${result.latency.p50}, p90 ${result.latency.p90}, p99 ${result.latency.p99}, max ${result.latency.max}`);
// CPU per committed settlement, by process: where the two cores go.
const ms = (micros) => (micros / 1000 / Math.max(ok, 1)).toFixed(2);
const cpuLine = [`service ${ms(selfCpu.user + selfCpu.system)} (system ${ms(selfCpu.system)})`, `load generator ${ms(result.cpu.user + result.cpu.system)}`];
if (pgCpu !== undefined) cpuLine.push(`PostgreSQL server ${ms(pgCpu)}`);
console.log(`CPU ms per committed settlement: ${cpuLine.join(', ')}`);
// Group commit (src/store/batch.ts), where on: how the writes grouped.
const batcher = groupCommitOf(store.db);
if (batcher) {
  const { batches, batched, fallbacks, staleAtOnce } = batcher.stats;
  console.log(`group commit: ${batches} write statements, ${batched} writes in batches of several (${(batched / Math.max(batches - (ok - batched), 1)).toFixed(1)} a batch), ${fallbacks} batches written one by one, ${staleAtOnce} stale at once`);
} else {
  console.log('group commit: off');
}
const rows = await store.db.selectFrom('settlements').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
console.log(`settlements in the database: ${rows.n}`);
await app.close();
await store.close();
if (dataDir && !dataDir.startsWith('memory://') && !process.env.PGLITE_DIR) rmSync(dataDir, { recursive: true, force: true });
if (schema) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`drop schema ${schema} cascade`);
  await c.end();
}

/** CPU time (µs) of the local PostgreSQL server's processes, where /proc shows them (undefined: none, or a remote server, or PGlite). */
function postgresCpu() {
  if (!url) return undefined;
  let host;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  // A host of '' or a path (%2Fvar%2Frun%2Fpostgresql) is the local server's Unix socket.
  if (!['127.0.0.1', 'localhost', '[::1]', ''].includes(host) && !decodeURIComponent(host).startsWith('/')) return undefined;
  let ticks = 0;
  let found = false;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue;
      const fields = stat.slice(close + 2).split(' ');
      // utime, stime, cutime, cstime (fields 14–17; here from the state field, 3): a backend that exits passes its time to the server's cutime.
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      found = true;
    } catch {
      // gone meanwhile
    }
  }
  // Clock ticks are 100 a second on Linux.
  return found ? ticks * 10_000 : undefined;
}

async function startProfile() {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
