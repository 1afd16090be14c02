/** The engine stays pure: nothing under src/engine or src/policy imports the store, the service or their I/O libraries. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('layering', () => {
  it('src/engine and src/policy import no service, store, database or HTTP module', () => {
    const offending: string[] = [];
    for (const f of [...files(join(SRC, 'engine')), ...files(join(SRC, 'policy'))]) {
      for (const m of readFileSync(f, 'utf8').matchAll(/from\s+'([^']+)'/g)) {
        if (/(^|\/)(service|store|cli)\//.test(m[1]!) || /^(pg|kysely|fastify|@fastify\/|@electric-sql\/)/.test(m[1]!)) offending.push(`${f}: ${m[1]}`);
      }
    }
    expect(offending).toEqual([]);
    expect(files(join(SRC, 'engine')).length).toBeGreaterThan(10);
  });
});
