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
import { migrate } from './migrations.js';
import type { Database } from './schema.js';

export interface StoreOptions {
  /** postgres://… : a PostgreSQL server. */
  databaseUrl?: string;
  /** With databaseUrl: the schema to work in (it must exist); tests use one each. */
  schema?: string;
  /** Otherwise an embedded PGlite in this folder (locked), or `memory://` for an in-memory one. */
  dataDir?: string;
}

export interface Store {
  readonly db: Kysely<Database>;
  readonly kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) throw new Error(`not a schema name: ${options.schema}`);
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      await migrate(db as Kysely<unknown>, options.schema);
    } catch (e) {
      await db.destroy();
      throw e;
    }
    return { db, kind: 'postgres', close: () => db.destroy() };
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
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    await migrate(db as Kysely<unknown>);
  } catch (e) {
    await db?.destroy();
    await pglite?.close();
    lock?.release();
    throw e;
  }
  const lite = pglite;
  const kysely = db;
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
