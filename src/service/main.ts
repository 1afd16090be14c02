/**
 * `npm start`: the agency service on HOST:PORT (127.0.0.1:8080), on an embedded PGlite in
 * DATA_DIR (./data, locked against a second process) or on PostgreSQL at DATABASE_URL.
 * YIBAO_ADMIN_TOKEN sets the admin token; YIBAO_PREPARED_STATEMENTS=off behind a pooler that
 * cannot keep prepared statements (src/store/open.ts); YIBAO_GROUP_COMMIT=off|on turns the group
 * commit of settlement writes off (on by default on PostgreSQL) or on (off by default on PGlite),
 * src/store/batch.ts. SIGTERM/SIGINT: stop accepting, finish in-flight
 * requests, close the database, release the lock.
 */
import { openStore } from '../store/open.js';
import { DataDirLockedError } from '../store/lock.js';
import { buildApp } from './app.js';
import { demoTokensLine, loadDemo, type DemoResult } from './demo.js';

async function main(): Promise<void> {
  const host = process.env['HOST'] ?? '127.0.0.1';
  const port = Number(process.env['PORT'] ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${process.env['PORT']}`);
  const databaseUrl = process.env['DATABASE_URL'];
  const prepare = process.env['YIBAO_PREPARED_STATEMENTS'] !== 'off';
  const store = await openStore(databaseUrl ? { databaseUrl, prepare } : { dataDir: process.env['DATA_DIR'] ?? './data' });
  const adminToken = process.env['YIBAO_ADMIN_TOKEN'];
  const app = await buildApp({ db: store.db, logger: true, ...(adminToken ? { adminToken } : {}) });
  // The demonstration data set, on an empty database only (YIBAO_DEMO=0: never).
  let demo: DemoResult = { loaded: false };
  if (process.env['YIBAO_DEMO'] !== '0') {
    try {
      demo = await loadDemo(app, store.db, adminToken ? { adminToken } : {});
    } catch (e) {
      await app.close();
      await store.close();
      throw e;
    }
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    app
      .close()
      .then(() => store.close())
      .then(
        () => process.exit(0),
        (e: unknown) => {
          app.log.error({ err: e }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  try {
    await app.listen({ host, port });
  } catch (e) {
    await store.close();
    throw e;
  }
  const address = app.server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  const where = databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${process.env['DATA_DIR'] ?? './data'}`;
  // One write: the URL and the demonstration tokens arrive together.
  let text = `Yibao service on ${url} (${where}); console at ${url}/, API docs at ${url}/docs\n`;
  if (demo.loaded && demo.tokens) {
    text += 'Demonstration data loaded (演示数据，非官方统计): members of cangzhou, langfang, ziyang and suihua, with contributions, registrations, recognitions and settlements.\n';
    text += `${demoTokensLine(demo.tokens)}\n`;
  } else if (!adminToken) {
    text += 'No YIBAO_ADMIN_TOKEN set: set it to get an admin token.\n';
  }
  process.stdout.write(text);
}

main().catch((e: unknown) => {
  process.stderr.write(`yibao service: ${e instanceof DataDirLockedError || e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
