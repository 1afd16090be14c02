/**
 * Opens the store: one Kysely PostgresDialect over a node-postgres Pool, whether the pool
 * reaches a PostgreSQL server (`databaseUrl`) or an embedded PGlite (through PGlite's own
 * node-postgres adapter). Migrations run before it is returned.
 */
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir, type DirLock } from './lock.js';
import { enableGroupCommit } from './batch.js';
import { migrate } from './migrations.js';
import type { Database } from './schema.js';

export interface StoreOptions {
  /** postgres://… : a PostgreSQL server. */
  databaseUrl?: string;
  /** With databaseUrl: the schema to work in (it must exist); tests use one each. */
  schema?: string;
  /** Otherwise an embedded PGlite in this folder (locked), or `memory://` for an in-memory one. */
  dataDir?: string;
  /**
   * Prepare the settlement path's statements once per connection (default true). Set false behind
   * a pooler that cannot keep named prepared statements (PgBouncer in transaction mode before
   * 1.21, or without `max_prepared_statements`): `YIBAO_PREPARED_STATEMENTS=off`.
   */
  prepare?: boolean;
  /**
   * Group commit of the settlements' optimistic writes (src/store/batch.ts): on by default on a
   * PostgreSQL server, off on PGlite; `YIBAO_GROUP_COMMIT=on|off` sets it when this is not given.
   */
  groupCommit?: boolean;
}

/** The group-commit switch: the option, else YIBAO_GROUP_COMMIT (on/off), else on for a server only. */
function groupCommitFor(options: StoreOptions, kind: Store['kind']): boolean {
  if (options.groupCommit !== undefined) return options.groupCommit;
  const env = process.env['YIBAO_GROUP_COMMIT'];
  if (env === 'on' || env === '1' || env === 'true') return true;
  if (env === 'off' || env === '0' || env === 'false') return false;
  return kind === 'postgres';
}

export interface Store {
  readonly db: Kysely<Database>;
  readonly kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Statements that start with this comment are prepared once per connection under the name it
 * gives (`/* prepared:settlement_read *\/ select …`): PostgreSQL parses and plans them once, not
 * at every call. Only the settlement path's statements, whose text never varies, carry it.
 */
const PREPARED = /^\/\* prepared:([a-z_][a-z0-9_]*) \*\//;

type QueryFn = (text: unknown, values?: unknown) => Promise<unknown>;

/** The pool, with each client's `query` preparing the statements marked PREPARED. */
function preparingPool(pool: pg.Pool): pg.Pool {
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  const patched = new WeakSet<pg.PoolClient>();
  (pool as unknown as { connect: () => Promise<pg.PoolClient> }).connect = async () => {
    const client = await connect();
    if (!patched.has(client)) {
      patched.add(client);
      const query = client.query.bind(client) as QueryFn;
      (client as unknown as { query: QueryFn }).query = (text, values) => {
        const m = typeof text === 'string' ? PREPARED.exec(text) : null;
        return m ? query({ name: m[1], text, values }) : query(text, values);
      };
    }
    return client;
  };
  return pool;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) throw new Error(`not a schema name: ${options.schema}`);
    const kysely = (max: number): Kysely<Database> => {
      const pool = new pg.Pool({
        connectionString: options.databaseUrl,
        max,
        ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
      });
      return new Kysely<Database>({ dialect: new PostgresDialect({ pool: options.prepare === false ? pool : preparingPool(pool) }) });
    };
    const db = kysely(10);
    try {
      await migrate(db as Kysely<unknown>, options.schema);
    } catch (e) {
      await db.destroy();
      throw e;
    }
    if (!groupCommitFor(options, 'postgres')) return { db, kind: 'postgres', close: () => db.destroy() };
    // The batches go on a connection of their own: they never wait behind the reads for one of the pool's.
    const writer = kysely(1);
    enableGroupCommit(db, { connection: writer });
    return {
      db,
      kind: 'postgres',
      async close() {
        await db.destroy();
        await writer.destroy();
      },
    };
  }
  const dataDir = options.dataDir ?? './data';
  const memory = dataDir.startsWith('memory://');
  const lock: DirLock | undefined = memory ? undefined : lockDataDir(dataDir);
  let pglite: PGlite | undefined;
  let db: Kysely<Database> | undefined;
  try {
    pglite = await PGlite.create(memory ? dataDir : join(dataDir, 'pgdata'));
    const config = createPgConfig(pglite);
    // PGlite is one connection: a pool of one, never closed while idle.
    const pool = new pg.Pool({ ...config, max: 1, idleTimeoutMillis: 0 } as pg.PoolConfig);
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: options.prepare === false ? pool : preparingPool(pool) }) });
    await migrate(db as Kysely<unknown>);
  } catch (e) {
    await db?.destroy();
    await pglite?.close();
    lock?.release();
    throw e;
  }
  const lite = pglite;
  const kysely = db;
  if (groupCommitFor(options, 'pglite')) enableGroupCommit(kysely);
  let closed = false;
  return {
    db: kysely,
    kind: 'pglite',
    async close() {
      if (closed) return;
      closed = true;
      try {
        await kysely.destroy();
        await lite.close();
      } finally {
        lock?.release();
      }
    },
  };
}
