/**
 * `yibao simulate` (runs the built program): the report's sums equal, to the fen, the sums of
 * `settle` on each line; the same report whatever the workers and chunks; bad lines by number.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { settle, settleWith, YibaoError, type ClaimResult } from '../src/index.js';
import { defaultPolicies, defaultPolicyDocuments } from '../src/policy/load.js';
import { policiesWithReforms } from '../src/simulate/reform.js';
import { MONEY_FIELDS } from '../src/simulate/aggregate.js';
import { parseAssumptions, syntheticMember } from '../src/simulate/synthetic.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = `${root}bin/yibao.js`;
const reformPath = 'examples/reforms/cangzhou-level3-deductible.yaml';
const reformed = policiesWithReforms({ policies: defaultPolicies(), documents: defaultPolicyDocuments() }, [
  { file: reformPath, text: readFileSync(`${root}${reformPath}`, 'utf8') },
]);

function yibao(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Totals = Record<string, number>;
interface Report {
  read: number;
  otherRegion: number;
  invalid: { count: number; lines: { line: number; id: string; path: string }[] };
  baseline: { totals: Totals; byClaimType: Record<string, Totals>; refused: { members: number; byCode: Record<string, number>; first: { id: string }[] } };
  reforms: { name: string; totals: Totals; difference: Totals; outOfPocket: { compared: number; rises: { members: number; amount: number }; falls: { members: number; amount: number }; unchanged: number } }[];
}

function simulate(args: string[]): Report {
  const r = yibao(['simulate', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

/** The lines of a population file that are of `region`, as {id, request}. */
function lines(file: string, region: string): { id: string; request: Record<string, unknown> }[] {
  return readFileSync(`${root}${file}`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.includes('oops'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((o) => o.region === region)
    .map(({ id, ...request }) => ({ id: id as string, request }));
}

/** Sums in fen of the results of every line `run` settles; lines it refuses are counted apart. */
function expectedTotals(all: { request: Record<string, unknown> }[], run: (req: unknown) => ClaimResult[]) {
  const fen: Totals = Object.fromEntries(MONEY_FIELDS.map((f) => [f, 0]));
  let members = 0;
  let claims = 0;
  let refused = 0;
  const oop: (number | undefined)[] = [];
  for (const { request } of all) {
    let results: ClaimResult[];
    try {
      results = run(request);
    } catch (e) {
      if (!(e instanceof YibaoError)) throw e;
      refused += 1;
      oop.push(undefined);
      continue;
    }
    members += 1;
    claims += results.length;
    let mine = 0;
    for (const r of results) {
      for (const f of MONEY_FIELDS) fen[f]! += Math.round(r[f] * 100);
      mine += Math.round(r.psn_part_amt * 100);
    }
    oop.push(mine);
  }
  const yuan: Totals = { members, claims, ...Object.fromEntries(MONEY_FIELDS.map((f) => [f, fen[f]! / 100])) };
  return { yuan, refused, oop };
}

describe('simulate: line by line', () => {
  const population = 'test/fixtures/population.jsonl';
  const cz = lines(population, 'cangzhou');
  const report = simulate(['--region', 'cangzhou', '--year', '2025', '--population', `file:${population}`, '--reform', reformPath, '--workers', '2', '--chunk-size', '3']);

  it('reads 8 lines: 6 of Cangzhou, 2 of Langfang left out', () => {
    expect(report.read).toBe(8);
    expect(report.otherRegion).toBe(2);
    expect(cz).toHaveLength(6);
  });

  it('baseline totals = the sums of settle on each Cangzhou line, to the fen', () => {
    const e = expectedTotals(cz, (req) => settle(req, { explain: false }).results);
    // CZ-5 (discharged 2024-03-06, before 沧政规〔2024〕1号) is refused by settle and by the simulation alike.
    expect(e.refused).toBe(1);
    expect(report.baseline.refused).toMatchObject({ members: 1, byCode: { policy_not_in_force: 1 } });
    expect(report.baseline.refused.first[0]!.id).toBe('CZ-5');
    expect(report.baseline.totals).toEqual(e.yuan);
    // 5 members settled, 1 + 3 + 4 + 2 + 2 = 12 claims.
    expect(e.yuan).toMatchObject({ members: 5, claims: 12 });
    // By claim type: the sums add up to the totals.
    const types = Object.values(report.baseline.byClaimType);
    expect(types.reduce((a, t) => a + Math.round(t.hifp_pay! * 100), 0)).toBe(Math.round(e.yuan.hifp_pay! * 100));
  });

  it('reform totals = the sums of settle --reform on each line; out-of-pocket changes member by member', () => {
    const base = expectedTotals(cz, (req) => settle(req, { explain: false }).results);
    const e = expectedTotals(cz, (req) => settleWith(reformed, req, { explain: false }).results);
    const r = report.reforms[0]!;
    expect(r.name).toBe('沧州起付线改革示例');
    expect(r.totals).toEqual(e.yuan);
    // Members whose level-3 local deductible falls: CZ-1 (900 → 700: 200 × 90% = 180 less out of pocket),
    // CZ-3 (a retiree's first admission at level 3), CZ-4 (a level-3 TCM hospital: 900 − 100 → 700 − 100).
    // CZ-2 (outpatient), CZ-6 (level 2) are unchanged; CZ-4's cross-province stay keeps its 1800 table.
    let falls = 0;
    let fell = 0;
    base.oop.forEach((b, i) => {
      const a = e.oop[i];
      if (b !== undefined && a !== undefined && a < b) {
        falls += 1;
        fell += b - a;
      }
    });
    expect(r.outOfPocket).toEqual({ compared: 5, rises: { members: 0, amount: 0 }, falls: { members: falls, amount: fell / 100 }, unchanged: 5 - falls });
    expect(falls).toBe(3);
    expect(r.difference.psn_part_amt).toBe(-fell / 100);
    expect(r.difference.hifp_pay).toBe(fell / 100);
  });

  it('the example line CZ-1 alone: hifp (6620 − 900) × 90% = 5148 baseline, (6620 − 700) × 90% = 5328 reformed', () => {
    const one = `${mkdtempSync(join(tmpdir(), 'yibao-'))}/one.jsonl`;
    spawnSync('sh', ['-c', `head -n 1 ${population} > ${one}`], { cwd: root });
    const r = simulate(['--region', 'cangzhou', '--year', '2025', '--population', `file:${one}`, '--reform', reformPath, '--workers', '1']);
    expect(r.baseline.totals).toMatchObject({ members: 1, claims: 1, medfee_sumamt: 8400, hifp_pay: 5148, psn_part_amt: 3252 });
    expect(r.reforms[0]!.totals).toMatchObject({ hifp_pay: 5328, psn_part_amt: 3072 });
    expect(r.reforms[0]!.outOfPocket.falls).toEqual({ members: 1, amount: 180 });
  });
});

describe('simulate: line by line, Langfang lines of the same file', () => {
  it('totals = the sums of settle on LF-1 and LF-2', () => {
    const population = 'test/fixtures/population.jsonl';
    const lf = lines(population, 'langfang');
    expect(lf.map((l) => l.id)).toEqual(['LF-1', 'LF-2']);
    const report = simulate(['--region', 'langfang', '--year', '2025', '--population', `file:${population}`, '--workers', '1']);
    expect(report.otherRegion).toBe(6);
    const e = expectedTotals(lf, (req) => settle(req, { explain: false }).results);
    expect(report.baseline.totals).toEqual(e.yuan);
    // LF-1: one claim (hifp 9312, the example with its year so far); LF-2: one stay, hifp 6512.
    expect(report.baseline.totals).toMatchObject({ members: 2, claims: 2, hifp_pay: 9312 + 6512 });
  });
});

describe('simulate: the same report whatever the workers and chunks', () => {
  it('synthetic:300, 1 worker / chunks of 1000 vs 2 workers / chunks of 37: identical report and CSV', () => {
    const dirs = [mkdtempSync(join(tmpdir(), 'yibao-')), mkdtempSync(join(tmpdir(), 'yibao-'))];
    const common = ['simulate', '--region', 'cangzhou', '--year', '2025', '--population', 'synthetic:300', '--seed', '7', '--reform', reformPath];
    const a = yibao([...common, '--workers', '1', '--out', dirs[0]!]);
    const b = yibao([...common, '--workers', '2', '--chunk-size', '37', '--out', dirs[1]!]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const ra = readFileSync(join(dirs[0]!, 'report.json'), 'utf8');
    expect(readFileSync(join(dirs[1]!, 'report.json'), 'utf8')).toBe(ra);
    expect(readFileSync(join(dirs[1]!, 'totals.csv'), 'utf8')).toBe(readFileSync(join(dirs[0]!, 'totals.csv'), 'utf8'));
    const report = JSON.parse(ra) as Report;
    expect(report.baseline.totals.members).toBe(300);
    expect(report.baseline.totals.claims).toBeGreaterThan(300);
    // The CSV's rows are the totals: baseline then the reform.
    const csv = readFileSync(join(dirs[0]!, 'totals.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(`scenario,members,claims,${MONEY_FIELDS.join(',')}`);
    expect(csv[1]!.split(',').slice(0, 5)).toEqual(['baseline', '300', String(report.baseline.totals.claims), report.baseline.totals.medfee_sumamt!.toFixed(2), report.baseline.totals.hifp_pay!.toFixed(2)]);
  });

  it('groups members by category (status and tags: resident:poverty …), adding up to the totals; cap and deciles by status group', () => {
    const r = yibao(['simulate', '--region', 'suihua', '--year', '2027', '--population', 'synthetic:400', '--seed', '5', '--workers', '2', '--chunk-size', '50']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      baseline: {
        totals: Totals;
        byCategory: Record<string, Totals>;
        byStatus: Record<string, Totals>;
        capReached: number;
        outOfPocketDeciles: number[];
        byStatusGroup: Record<string, { capReached: number; outOfPocketDeciles: number[] }>;
      };
    };
    const b = report.baseline;
    expect(Object.keys(b.byCategory)).toContain('resident:poverty');
    expect(Object.keys(b.byCategory)).toContain('resident:general');
    // Every member in exactly one category: members, claims and every amount add up (in fen).
    for (const f of ['members', 'claims', ...MONEY_FIELDS]) {
      const sum = Object.values(b.byCategory).reduce((s, t) => s + Math.round(t[f]! * 100), 0);
      expect(sum, f).toBe(Math.round(b.totals[f]! * 100));
    }
    // By status group: the groups are byStatus's; their cap counts add up to the total.
    expect(Object.keys(b.byStatusGroup)).toEqual(Object.keys(b.byStatus).sort());
    expect(Object.values(b.byStatusGroup).reduce((s, g) => s + g.capReached, 0)).toBe(b.capReached);
    for (const g of Object.values(b.byStatusGroup)) expect(g.outOfPocketDeciles).toHaveLength(9);
    // One status group only (residents): its deciles are the whole population's.
    if (Object.keys(b.byStatusGroup).length === 1) expect(Object.values(b.byStatusGroup)[0]!.outOfPocketDeciles).toEqual(b.outOfPocketDeciles);
  });

  it("the pooled fund's balance on members carrying a contribution: 12 months of the engine's contribution − their hifp_pay", async () => {
    const { contribution } = await import('../src/index.js');
    const person = { type: 'employee', monthlyWage: 5000, employer: { type: 'other', hardship: false }, enrolment: 'combined' };
    const context = { averageWage: { '2022': 80000, '2023': 84000, '2024': 90000 } };
    const members = lines('test/fixtures/population.jsonl', 'cangzhou')
      .filter(({ request }) => request['scheme'] === 'employee' && request['yearToDate'] === undefined)
      .slice(0, 3)
      .map(({ id, request }) => ({ id, ...request, context, contribution: person }));
    expect(members.length).toBe(3);
    const file = join(mkdtempSync(join(tmpdir(), 'yibao-')), 'wages.jsonl');
    writeFileSync(file, members.map((m) => JSON.stringify(m)).join('\n') + '\n');
    const report = simulate(['--region', 'cangzhou', '--year', '2025', '--population', `file:${file}`, '--reform', reformPath, '--workers', '1']) as unknown as {
      baseline: { totals: Totals; fundBalance: Record<string, number> };
      reforms: { difference: Totals; fundBalance: Record<string, number>; balanceEffect: number }[];
    };
    // The engine's contribution, month by month: what the pooled fund receives from one member in 2025.
    let pooled = 0;
    let account = 0;
    for (let m = 1; m <= 12; m++) {
      const r = contribution({ region: 'cangzhou', month: `2025-${String(m).padStart(2, '0')}`, person, context }, { explain: false }) as { toPooledFund: number; toPersonalAccount: number };
      pooled += Math.round(r.toPooledFund * 100);
      account += Math.round(r.toPersonalAccount * 100);
    }
    expect(pooled).toBeGreaterThan(0);
    const b = report.baseline;
    expect(b.fundBalance['members']).toBe(3);
    expect(Math.round(b.fundBalance['toPooledFund']! * 100)).toBe(3 * pooled);
    expect(Math.round(b.fundBalance['toPersonalAccount']! * 100)).toBe(3 * account);
    // Every member carries a contribution: the outlay on them is the whole baseline's.
    expect(b.fundBalance['pooledOutlay']).toBe(b.totals['hifp_pay']);
    expect(Math.round(b.fundBalance['balance']! * 100)).toBe(3 * pooled - Math.round(b.totals['hifp_pay']! * 100));
    // The reform changes a deductible, not a rate: the balance moves by the fund's extra outlay.
    const r = report.reforms[0]!;
    expect(r.fundBalance['toPooledFund']).toBe(b.fundBalance['toPooledFund']);
    expect(Math.round(r.balanceEffect * 100)).toBe(-Math.round(r.difference['hifp_pay']! * 100));
    expect(r.difference['hifp_pay']).toBeGreaterThan(0);
  });

  it('a contribution the engine refuses is an invalid line, at the contribution', () => {
    const [first] = lines('test/fixtures/population.jsonl', 'cangzhou').filter(({ request }) => request['scheme'] === 'employee');
    const file = join(mkdtempSync(join(tmpdir(), 'yibao-')), 'bad-wage.jsonl');
    writeFileSync(file, JSON.stringify({ id: first!.id, ...first!.request, contribution: { type: 'employee', monthlyWage: -5 } }) + '\n');
    const r = yibao(['simulate', '--region', 'cangzhou', '--year', '2025', '--population', `file:${file}`]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).error.path).toMatch(/^line 1: contribution/);
  });

  it('a synthetic member depends on the seed and its index only', () => {
    const a = parseAssumptions('synthetic.yaml', readFileSync(`${root}simulate/synthetic.yaml`, 'utf8'));
    const m = syntheticMember(a, 'cangzhou', 2025, 7, 41);
    expect(syntheticMember(a, 'cangzhou', 2025, 7, 41)).toEqual(m);
    expect(syntheticMember(a, 'cangzhou', 2025, 8, 41)).not.toEqual(m);
    expect(syntheticMember(a, 'cangzhou', 2025, 7, 42)).not.toEqual(m);
    expect(m.id).toBe('S42');
  });

  it('draws chronic-disease claims of a disease the region lists, after everything else (a file without `chronic` draws the rest alike)', () => {
    const a = parseAssumptions('synthetic.yaml', readFileSync(`${root}simulate/synthetic.yaml`, 'utf8'));
    const { chronic: _chronic, special: _special, ...without } = a;
    let chronicMembers = 0;
    for (let i = 0; i < 300; i++) {
      const m = syntheticMember(a, 'cangzhou', 2025, 3, i);
      const claims = m.request['claims'] as { type: string; disease?: string }[];
      const person = m.request['person'] as { chronicDiseases?: { name: string; recognizedOn: string }[] };
      const chronic = claims.filter((c) => c.type === 'chronic');
      if (person.chronicDiseases) {
        chronicMembers += 1;
        expect(person.chronicDiseases).toHaveLength(1);
        expect(a.chronic!.diseases['cangzhou']).toContain(person.chronicDiseases[0]!.name);
        expect(person.chronicDiseases[0]!.recognizedOn).toBe('2024-06-01');
        for (const c of chronic) expect(c.disease).toBe(person.chronicDiseases[0]!.name);
      } else expect(chronic).toEqual([]);
      const other = syntheticMember(without as typeof a, 'cangzhou', 2025, 3, i);
      expect(claims.filter((c) => c.type !== 'chronic' && c.type !== 'special')).toEqual(other.request['claims']);
    }
    expect(chronicMembers).toBeGreaterThan(5);
    // Special diseases (Cangzhou lists them): drawn after the chronic, of a listed disease, with their claims.
    let specialMembers = 0;
    for (let i = 0; i < 2000; i++) {
      const m = syntheticMember(a, 'cangzhou', 2025, 3, i);
      const special = (m.request['person'] as { specialDiseases?: { name: string }[] }).specialDiseases;
      const claims = (m.request['claims'] as { type: string; disease?: string }[]).filter((c) => c.type === 'special');
      if (!special) {
        expect(claims).toEqual([]);
        continue;
      }
      specialMembers += 1;
      expect(a.special!.diseases['cangzhou']).toContain(special[0]!.name);
      for (const c of claims) expect(c.disease).toBe(special[0]!.name);
    }
    expect(specialMembers).toBeGreaterThan(5);
    // Langfang lists none: no chronic claims.
    for (let i = 0; i < 100; i++) expect((syntheticMember(a, 'langfang', 2025, 3, i).request['claims'] as { type: string }[]).some((c) => c.type === 'chronic')).toBe(false);
  });

  it('refuses a region the synthetic assumptions do not cover', () => {
    const r = yibao(['simulate', '--region', 'ziyang', '--year', '2025', '--population', 'synthetic:10']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr).error).toMatchObject({ code: 'invalid_input', path: '--region' });
  });
});

describe('simulate: bad lines', () => {
  const bad = 'test/fixtures/population-bad.jsonl';

  it('stops at the first bad line, naming its number and field', () => {
    const r = yibao(['simulate', '--region', 'cangzhou', '--year', '2025', '--population', `file:${bad}`, '--workers', '2', '--chunk-size', '2']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const e = JSON.parse(r.stderr).error as { code: string; path: string; message: string };
    // Line 3 (CZ-3): its first claim's second item has amount −5.
    expect(e).toMatchObject({ code: 'invalid_input', path: 'line 3: claims[0].items[1].amount' });
    expect(e.message).toContain('CZ-3');
  });

  it('--skip-invalid: counted, listed, and left out of the sums', () => {
    const report = simulate(['--region', 'cangzhou', '--year', '2025', '--population', `file:${bad}`, '--skip-invalid', '--workers', '2', '--chunk-size', '2']);
    expect(report.invalid.count).toBe(2);
    expect(report.invalid.lines.map((l) => [l.line, l.path])).toEqual([
      [3, 'line 3: claims[0].items[1].amount'],
      [6, 'line 6'],
    ]);
    expect(report.read).toBe(6);
    expect(report.otherRegion).toBe(1);
    // The valid Cangzhou lines: 1 (CZ-1), 4 (CZ-4), 5 (CZ-2).
    const valid = lines(bad, 'cangzhou').filter((l) => l.id !== 'CZ-3');
    expect(valid.map((l) => l.id)).toEqual(['CZ-1', 'CZ-4', 'CZ-2']);
    expect(report.baseline.totals).toEqual(expectedTotals(valid, (req) => settle(req, { explain: false }).results).yuan);
  });

  it('bytes that are not UTF-8 stop the run at their line, after the lines before (never replaced by U+FFFD)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'yibao-')), 'p.jsonl');
    const first = readFileSync(`${root}test/fixtures/population.jsonl`, 'utf8').split('\n')[0]!;
    writeFileSync(file, Buffer.concat([Buffer.from(`${first}\n${first}\n{"id": "X`), Buffer.from([0xff]), Buffer.from('", "region": "cangzhou"}\n')]));
    const r = yibao(['simulate', '--region', 'cangzhou', '--year', '2025', '--population', `file:${file}`, '--skip-invalid']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr).error).toEqual({ code: 'invalid_input', path: 'line 3', message: 'line 3: not valid UTF-8' });
  });

  it('a population that is neither file: nor synthetic:', () => {
    const r = yibao(['simulate', '--region', 'cangzhou', '--year', '2025', '--population', 'db:x']);
    expect(JSON.parse(r.stderr).error).toMatchObject({ code: 'invalid_input', path: '--population' });
  });

  it('a reform of another region than the run', () => {
    const r = yibao(['simulate', '--region', 'langfang', '--year', '2025', '--population', 'synthetic:5', '--reform', reformPath]);
    expect(JSON.parse(r.stderr).error).toMatchObject({ code: 'invalid_input', path: '--reform' });
  });

  it('a reform with a value without a note: the reform key as path', () => {
    const r = yibao(['simulate', '--region', 'cangzhou', '--year', '2025', '--population', 'synthetic:5', '--reform', 'test/fixtures/reform-no-note.yaml']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).error).toMatchObject({ code: 'invalid_input', path: 'employee.inpatient.deductible.tables[0].note' });
  });
});
