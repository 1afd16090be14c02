/**
 * CSV populations (src/simulate/csv.ts): one row per item; the same member-years as a JSON Lines
 * file give the same report, to the fen; a refusal names the member's first row.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { csvPopulation, csvRecords, type NumberedLine } from '../src/simulate/csv.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = `${root}bin/yibao.js`;
const dir = mkdtempSync(join(tmpdir(), 'yibao-csv-'));

async function* numbered(text: string): AsyncGenerator<NumberedLine> {
  let line = 0;
  for (const t of text.split('\n')) yield { line: ++line, text: t };
}
async function all<T>(g: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of g) out.push(x);
  return out;
}

function simulate(population: string, extra: string[] = []) {
  const r = spawnSync(process.execPath, [bin, 'simulate', '--region', 'cangzhou', '--year', '2025', '--population', `file:${population}`, '--workers', '1', ...extra], { encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A CSV cell: quoted where it must be. */
const cell = (v: unknown): string => {
  const text = v === undefined ? '' : String(v);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The JSON Lines member-years as CSV rows, one per item (the converter a spreadsheet user would be). */
function toCsv(members: Record<string, unknown>[]): string {
  const rows: Record<string, unknown>[] = [];
  for (const m of members) {
    const person = m['person'] as Record<string, unknown>;
    const base: Record<string, unknown> = { id: m['id'], region: m['region'], scheme: m['scheme'] };
    for (const [k, v] of Object.entries(person)) {
      if (k === 'tags') base['person.tags'] = (v as string[]).join(';');
      else if (k === 'chronicDiseases' || k === 'specialDiseases') {
        base[`person.${k}`] = (v as { name: string; recognizedOn?: string; class?: number }[]).map((d) => [d.name, d.recognizedOn ?? '', d.class ?? ''].filter((x) => x !== '').join('@')).join(';');
      } else base[`person.${k}`] = v;
    }
    for (const [y, w] of Object.entries(((m['context'] as Record<string, unknown> | undefined)?.['averageWage'] ?? {}) as Record<string, number>)) base[`context.averageWage.${y}`] = w;
    for (const c of m['claims'] as Record<string, unknown>[]) {
      const claimCells: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(c)) {
        if (k === 'items') continue;
        if (k === 'hospital') for (const [hk, hv] of Object.entries(v as object)) claimCells[`claim.hospital.${hk}`] = hv;
        else claimCells[`claim.${k}`] = v;
      }
      for (const it of c['items'] as Record<string, unknown>[]) {
        const row = { ...base, ...claimCells };
        for (const [k, v] of Object.entries(it)) row[`item.${k}`] = v;
        rows.push(row);
      }
    }
  }
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

describe('CSV populations', () => {
  it('reads RFC 4180 cells: quotes, doubled quotes, commas and line breaks inside quotes, blank lines', async () => {
    const recs = await all(csvRecords(numbered('a,"b, c","say ""hi"""\n\n"two\nlines",x,\n')));
    expect(recs).toEqual([
      { line: 1, cells: ['a', 'b, c', 'say "hi"'] },
      { line: 3, cells: ['two\nlines', 'x', ''] },
    ]);
    await expect(all(csvRecords(numbered('"open')))).rejects.toThrow(/line 1: a quoted cell is not closed/);
  });

  it('makes one member-year of consecutive rows of an id, one claim of consecutive rows of a claim.id', async () => {
    const text = [
      'id,region,scheme,person.birthDate,person.tags,person.chronicDiseases,claim.id,claim.type,claim.visitDate,claim.hospital.level,item.category,item.class,item.amount,item.code',
      'M1,cangzhou,employee,1960-01-01,a;b,高血压@2024-07-01,V1,outpatient,2025-03-01,2,drug,A,100,0001',
      'M1,,,,,,V1,,,,drug,B,50.5,',
      'M1,,,,,,V2,outpatient,2025-04-01,1,service,A,20,',
      'M2,cangzhou,resident,1990-01-01,,,V1,outpatient,2025-03-01,1,drug,A,10,',
    ].join('\n');
    const out = (await all(csvPopulation(numbered(text)))).map((l) => ({ line: l.line, member: JSON.parse(l.text) as Record<string, unknown> }));
    expect(out.map((o) => o.line)).toEqual([2, 5]);
    expect(out[0]!.member).toEqual({
      id: 'M1',
      region: 'cangzhou',
      scheme: 'employee',
      person: { birthDate: '1960-01-01', tags: ['a', 'b'], chronicDiseases: [{ name: '高血压', recognizedOn: '2024-07-01' }] },
      claims: [
        { id: 'V1', type: 'outpatient', visitDate: '2025-03-01', hospital: { level: 2 }, items: [{ category: 'drug', class: 'A', amount: 100, code: '0001' }, { category: 'drug', class: 'B', amount: 50.5 }] },
        { id: 'V2', type: 'outpatient', visitDate: '2025-04-01', hospital: { level: 1 }, items: [{ category: 'service', class: 'A', amount: 20 }] },
      ],
    });
    // A later row may not contradict the member's first.
    await expect(all(csvPopulation(numbered(`${text}\nM2,cangzhou,employee,,,,V1,,,,drug,A,1,`)))).rejects.toThrow(/line 6: scheme 'employee' contradicts an earlier row of the same member/);
    await expect(all(csvPopulation(numbered('id,colour\nM1,red')))).rejects.toThrow(/line 1: unknown column 'colour'/);
    await expect(all(csvPopulation(numbered('id,item.amount\nM1,5')))).rejects.toThrow(/line 2: an item without a claim.id/);
  });

  it('settles the fixture population written as CSV exactly as its JSON Lines: the same report, to the fen', () => {
    const members = readFileSync(`${root}test/fixtures/population.jsonl`, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return [];
        }
      })
      .filter((m) => typeof m['id'] === 'string' && m['yearToDate'] === undefined && m['region'] === 'cangzhou');
    expect(members.length).toBeGreaterThanOrEqual(3);
    const jsonl = join(dir, 'p.jsonl');
    const csv = join(dir, 'p.csv');
    writeFileSync(jsonl, members.map((m) => JSON.stringify(m)).join('\n') + '\n');
    writeFileSync(csv, toCsv(members));
    const reform = ['--reform', 'examples/reforms/cangzhou-level3-deductible.yaml'];
    const a = simulate(jsonl, reform);
    const b = simulate(csv, reform);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const ra = JSON.parse(a.stdout) as Record<string, unknown>;
    const rb = JSON.parse(b.stdout) as Record<string, unknown>;
    expect(rb['baseline']).toEqual(ra['baseline']);
    expect(rb['reforms']).toEqual(ra['reforms']);
    // Every member-year was read as one line of the CSV's, however many rows it took.
    expect(rb['read']).toBe(members.length);
    expect(ra['read']).toBe(members.length);
  });

  it("names a refused member-year by its first row's line", () => {
    const csv = join(dir, 'bad.csv');
    writeFileSync(
      csv,
      [
        'id,region,scheme,person.birthDate,person.sex,person.status,claim.id,claim.type,claim.visitDate,claim.hospital.level,item.category,item.class,item.amount',
        'OK,cangzhou,employee,1960-01-01,male,employed,V1,outpatient,2025-03-01,2,drug,A,100',
        'BAD,cangzhou,employee,1960-01-01,male,employed,V1,outpatient,2025-03-01,2,drug,A,100',
        'BAD,,,,,,V1,,,,drug,Z,5',
      ].join('\n'),
    );
    const r = simulate(csv);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'invalid_input' } });
    expect(r.stderr).toContain('line 3');
    expect(r.stderr).toContain('BAD');
  });
});
