import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from '../../src/store/lock.js';
import { openStore } from '../../src/store/open.js';

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'yibao-store-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the data folder lock', () => {
  it('refuses a second holder at once, naming the folder and the holding pid', () => {
    const dir = tmp();
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, 'yibao.lock'), 'utf8').trim()).toBe(String(process.pid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(`the data folder ${dir} is in use by process ${process.pid}`);
    // Another process too.
    const other = spawnSync(process.execPath, ['--input-type=module', '-e', `import { lockDataDir } from ${JSON.stringify(new URL('../../dist/store/lock.js', import.meta.url).href)}; try { lockDataDir(${JSON.stringify(dir)}); } catch (e) { console.error(e.message); process.exit(3); }`], { encoding: 'utf8' });
    expect(other.status).toBe(3);
    expect(other.stderr).toContain(`is in use by process ${process.pid}`);
    lock.release();
    expect(existsSync(join(dir, 'yibao.lock'))).toBe(false);
    lockDataDir(dir).release();
  });

  it("takes over the lock of a process that is gone", () => {
    const dir = tmp();
    const pid = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
    writeFileSync(join(dir, 'yibao.lock'), `${pid}\n`);
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, 'yibao.lock'), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });
});

describe('PGlite in a folder', () => {
  it('keeps what was committed across a close and a reopen, and holds the lock while open', async () => {
    const dir = tmp();
    const first = await openStore({ dataDir: dir });
    await expect(openStore({ dataDir: dir })).rejects.toThrow(DataDirLockedError);
    await first.db.insertInto('statistics').values({ region: 'cangzhou', year: 2024, average_wage: 8_000_000 }).execute();
    await first.close();
    expect(existsSync(join(dir, 'yibao.lock'))).toBe(false);
    const second = await openStore({ dataDir: dir });
    const row = await second.db.selectFrom('statistics').select(['region', 'year', 'average_wage']).executeTakeFirstOrThrow();
    expect([row.region, row.year, Number(row.average_wage)]).toEqual(['cangzhou', 2024, 8_000_000]);
    await second.close();
  }, 60_000);
});

describe('prepared statements', () => {
  // The settlement path's statements carry /* prepared:name */ and are prepared once per
  // connection (PGlite: its one connection); prepare: false leaves them unnamed.
  for (const prepare of [true, false]) {
    it(`are ${prepare ? '' : 'not '}prepared with prepare: ${prepare}`, async () => {
      const { readSettlementState } = await import('../../src/store/settlements.js');
      const { sql } = await import('kysely');
      const store = await openStore({ dataDir: 'memory://', prepare });
      try {
        expect(await readSettlementState(store.db, 'nobody', 2024, null)).toBeUndefined();
        expect(await readSettlementState(store.db, 'nobody', 2024, 'k')).toBeUndefined();
        const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements order by name`.execute(store.db);
        expect(rows.map((r) => r.name)).toEqual(prepare ? ['settlement_read'] : []);
      } finally {
        await store.close();
      }
    });
  }
});
