// POST /v1/simulations (the console's 测算): the simulator run in the service gives what
// `simulate()` gives with the same options, to the fen; a reform edited as one parameter works.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { simulate, type SimulationReport } from '../../src/simulate/run.js';
import { parameterReformText } from '../../src/service/simulations.js';
import { defaultPolicies } from '../../src/index.js';
import { BACKENDS, openHarness, type Harness } from './harness.js';

const CANGZHOU = readFileSync(new URL('../../examples/reforms/cangzhou-level3-deductible.yaml', import.meta.url), 'utf8');
const fen = (yuan: number) => Math.round(yuan * 100);
const fenOf = (sums: Record<string, number>) => Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, fen(v)]));

const LEVEL3_700 = {
  parameter: 'employee.inpatient.deductible.tables',
  value: { local: { level0: 300, level1: 300, level2: 600, level3: 700 }, cross_province: { level0: 600, level1: 600, level2: 1200, level3: 1800 } },
  from: '2025-01-01',
  article: '方案第一条',
  note: 'Proposal: the local level-3 deductible 900 → 700 yuan.',
};

describe('POST /v1/simulations on pglite', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(BACKENDS[0]!);
  }, 60_000);
  afterAll(async () => h?.close());

  it('runs a shipped example reform as simulate() does, to the fen', async () => {
    const r = await h.call('POST', '/v1/simulations', { region: 'cangzhou', year: 2025, members: 200, seed: 3, reform: { text: CANGZHOU } });
    expect(r.statusCode, r.body).toBe(200);
    const got = r.json() as SimulationReport;
    const direct = await simulate({ region: 'cangzhou', year: 2025, population: { kind: 'synthetic', members: 200 }, reforms: [{ file: 'x.yaml', text: CANGZHOU }], workers: 1, chunkSize: 1000, skipInvalid: false, seed: 3 });
    expect(got.population).toBe('synthetic:200');
    expect(got.reforms).toHaveLength(1);
    expect(got.reforms[0]!.name).toBe('沧州起付线改革示例');
    expect(fenOf(got.reforms[0]!.difference)).toEqual(fenOf(direct.reforms[0]!.difference));
    expect(fenOf(got.baseline.totals)).toEqual(fenOf(direct.baseline.totals));
    // The reform lowers a deductible: the pooled fund pays more.
    expect(got.reforms[0]!.difference.hifp_pay).toBeGreaterThan(0);
  }, 60_000);

  it('runs a reform edited as one parameter, the same as the example that changes it', async () => {
    const body = { region: 'cangzhou', year: 2025, members: 200, reform: LEVEL3_700 };
    const r = await h.call('POST', '/v1/simulations', body);
    expect(r.statusCode, r.body).toBe(200);
    const byForm = r.json() as SimulationReport;
    const byText = (await h.call('POST', '/v1/simulations', { ...body, reform: { text: CANGZHOU } })).json() as SimulationReport;
    expect(fenOf(byForm.reforms[0]!.difference)).toEqual(fenOf(byText.reforms[0]!.difference));
    expect(byForm.reforms[0]!.name).toBe('测算方案：employee.inpatient.deductible.tables');
  }, 60_000);

  it('writes the form as a reform file in the examples\' format', () => {
    const doc = parseYaml(parameterReformText(defaultPolicies(), 'cangzhou', LEVEL3_700)) as Record<string, Record<string, unknown>>;
    expect(doc['document']).toMatchObject({ region: 'cangzhou', regionName: '沧州', effective: { from: '2025-01-01' } });
    expect(doc['employee']).toEqual({ inpatient: { deductible: { tables: [{ article: '方案第一条', value: LEVEL3_700.value, note: LEVEL3_700.note }] } } });
  });

  it('refuses a person (403), a bad region, an unknown parameter, a bad value, a reform without a note (400 with path)', async () => {
    const person = await h.token('person:M1');
    const ok = { region: 'cangzhou', year: 2025, members: 10, reform: LEVEL3_700 };
    expect((await h.call('POST', '/v1/simulations', ok, person)).statusCode).toBe(403);
    const cases: [unknown, string][] = [
      [{ ...ok, region: 'atlantis' }, 'region'],
      [{ ...ok, members: 20_001 }, 'members'],
      [{ ...ok, reform: { ...LEVEL3_700, parameter: 'employee.inpatient.nothing' } }, 'reform.parameter'],
      [{ ...ok, reform: { ...LEVEL3_700, value: { local: 'much' } } }, 'reform.value'],
      [{ ...ok, reform: { ...LEVEL3_700, from: '2024-06-27' } }, 'reform.from'],
      [{ ...ok, reform: { text: CANGZHOU.replace(/note: >-\n[\s\S]*$/, '') } }, 'reform.text'],
      [{ ...ok, region: 'langfang', reform: { text: CANGZHOU } }, 'reform.text'],
    ];
    for (const [body, path] of cases) {
      const r = await h.call('POST', '/v1/simulations', body);
      expect(r.statusCode, `${path}: ${r.body}`).toBe(400);
      const error = (r.json() as { error: { code: string; path: string } }).error;
      expect(error.code).toBe('invalid_input');
      expect(error.path.startsWith(path), `${error.path} for ${path}`).toBe(true);
    }
  }, 60_000);

  it('lists the shipped example reforms with their texts (admin, agency)', async () => {
    const r = await h.call('GET', '/v1/simulations/examples');
    expect(r.statusCode).toBe(200);
    const { examples } = r.json() as { examples: { file: string; name: string; region: string; from: string; text: string }[] };
    const cz = examples.find((e) => e.file === 'cangzhou-level3-deductible.yaml');
    expect(cz).toMatchObject({ name: '沧州起付线改革示例', region: 'cangzhou', from: '2025-01-01', text: CANGZHOU });
    expect(examples.length).toBeGreaterThanOrEqual(3);
    expect((await h.call('GET', '/v1/simulations/examples', undefined, await h.token('person:M1'))).statusCode).toBe(403);
  });

  it('documents both routes in the OpenAPI document', async () => {
    const doc = (await h.call('GET', '/openapi.json', undefined, null)).json() as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(doc.paths['/v1/simulations']?.['post']?.requestBody).toBeDefined();
    expect(doc.paths['/v1/simulations/examples']?.['get']).toBeDefined();
  });
});
