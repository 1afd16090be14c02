/**
 * `POST /v1/simulations` (issue 11 §6, the console's 测算): a synthetic population settled in this
 * process under the baseline and one reform, by the simulator (`simulate`, src/simulate/run.ts),
 * and its SimulationReport. The reform is a policy-file text, or one parameter edited in a form,
 * written here as a reform file in the format of examples/reforms/*.yaml. Also the shipped example
 * reforms, for the console to choose from.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, stringify } from 'yaml';
import { z } from 'zod';
import { YibaoError, describeRegion, type PolicySet } from '../index.js';
import { simulate, type SimulationReport } from '../simulate/run.js';
import { invalid } from './errors.js';
import { IsoDate, regionSchema } from './schemas.js';

/** At most this many synthetic members, so that a request stays short (~2–4 s for 20,000 here). */
export const MAX_SIMULATION_MEMBERS = 20_000;
/** Worker threads of one simulation, and members per chunk. */
const WORKERS = 2;
const CHUNK_SIZE = 2500;

const here = dirname(fileURLToPath(import.meta.url));
/** examples/reforms, from src/service or dist/service alike. */
export const EXAMPLE_REFORMS_DIR = resolve(here, '..', '..', 'examples', 'reforms');

export const ParameterReformIn = z
  .object({
    parameter: z
      .string()
      .min(3)
      .max(200)
      .regex(/^(employee|resident)(\.[A-Za-z][A-Za-z0-9_]*)+$/, 'a parameter path such as employee.inpatient.deductible.tables')
      .describe("the scheme and the parameter's path, as GET /v1/policies/{region} lists them: employee.inpatient.deductible.tables"),
    value: z.unknown().refine((v) => v !== undefined && v !== null, 'a value as the policy file writes it').describe('the new value as the policy file writes it (yuan, "90%")'),
    from: IsoDate.describe('the day the new value starts'),
    article: z.string().trim().min(1).max(200).describe("the proposal's clause it rests on, e.g. 方案第一条"),
    note: z.string().trim().min(1).max(2000).describe('what is proposed (a reform must say it is a proposal)'),
  })
  .strict();
export type ParameterReformIn = z.infer<typeof ParameterReformIn>;

export const TextReformIn = z.object({ text: z.string().min(1).max(64 * 1024).describe('a reform policy file (YAML), as examples/reforms/*.yaml') }).strict();

export function simulationIn(regions: readonly string[]) {
  return z
    .object({
      region: regionSchema(regions),
      year: z.number().int().min(1990).max(2100),
      members: z.number().int().min(1).max(MAX_SIMULATION_MEMBERS).describe('the synthetic population size (illustrative members, not real data)'),
      seed: z.number().int().min(0).max(4294967295).optional().describe('the synthetic population seed (default 1)'),
      reform: z.union([TextReformIn, ParameterReformIn]),
    })
    .strict();
}
export type SimulationIn = z.infer<ReturnType<typeof simulationIn>>;

/** One parameter's new value as a reform policy file (the format of examples/reforms/*.yaml). */
export function parameterReformText(policies: PolicySet, region: string, r: ParameterReformIn): string {
  const policy = policies.get(region);
  if (!policy) throw invalid(`region: unknown region ${region}`, 'region');
  const [scheme, ...rest] = r.parameter.split('.');
  const path = rest.join('.');
  const known = describeRegion(policy).schemes.find((s) => s.scheme === scheme)?.parameters.some((p) => p.path === path);
  if (!known) throw invalid(`reform.parameter: ${region} has no parameter ${r.parameter} (GET /v1/policies/${region} lists them)`, 'reform.parameter');
  let tree: Record<string, unknown> = { [rest[rest.length - 1]!]: [{ article: r.article, value: r.value, note: r.note }] };
  for (const key of rest.slice(0, -1).reverse()) tree = { [key]: tree };
  const doc = {
    document: {
      id: `测算方案：${r.parameter}`,
      title: `${policy.name} ${r.parameter} 调整（控制台测算方案）`,
      region,
      regionName: policy.name,
      seed: 'none (a proposal entered in the console)',
      effective: { from: r.from, source: `控制台测算方案，自${r.from}起` },
      note: 'A proposal entered in the console for a simulation; not a published policy.',
    },
    [scheme!]: tree,
  };
  return stringify(doc);
}

/** The reform file's name in the report and in messages. */
const FORM_FILE = 'console-form.yaml';
const TEXT_FILE = 'console-text.yaml';

/** A reform key of the form's file as the form's field: `reform.value…`, `reform.article`, `reform.note`, `reform.from`. */
function formPath(parameter: string, key: string): string {
  const entry = `${parameter}[0]`;
  if (key.startsWith(`${entry}.value`)) return `reform.value${key.slice(entry.length + '.value'.length)}`;
  if (key === `${entry}.article`) return 'reform.article';
  if (key === `${entry}.note`) return 'reform.note';
  return 'reform.from';
}

/** The simulator's error as the service's: option paths as the body's fields. */
function serviceError(e: unknown, body: SimulationIn): unknown {
  if (!(e instanceof YibaoError)) return e;
  const path = e.path ?? '';
  const options: Record<string, string> = { '--region': 'region', '--year': 'year', '--seed': 'seed', '--population': 'members' };
  let mapped: string;
  if (options[path]) mapped = options[path];
  else if ('text' in body.reform) mapped = 'reform.text';
  else mapped = path === '--reform' ? 'reform.parameter' : formPath(body.reform.parameter, path);
  return new YibaoError(e.code, e.message, mapped);
}

let running: Promise<unknown> = Promise.resolve();

/** Runs one simulation (one at a time in this process: each takes the machine's cores). */
export async function runSimulation(policies: PolicySet, body: SimulationIn): Promise<SimulationReport> {
  const text = 'text' in body.reform ? body.reform.text : parameterReformText(policies, body.region, body.reform);
  const file = 'text' in body.reform ? TEXT_FILE : FORM_FILE;
  const run = running.then(() =>
    simulate({
      region: body.region,
      year: body.year,
      population: { kind: 'synthetic', members: body.members },
      reforms: [{ file, text }],
      workers: WORKERS,
      chunkSize: CHUNK_SIZE,
      skipInvalid: false,
      seed: body.seed ?? 1,
    }),
  );
  running = run.catch(() => undefined);
  try {
    return await run;
  } catch (e) {
    throw serviceError(e, body);
  }
}

export interface ExampleReform {
  /** The file name under examples/reforms. */
  file: string;
  /** document.id */
  name: string;
  title: string;
  region: string;
  from: string;
  text: string;
}

/** The shipped example reforms (examples/reforms/*.yaml), by file name. */
export function exampleReforms(dir = EXAMPLE_REFORMS_DIR): ExampleReform[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort();
  } catch {
    return [];
  }
  return names.map((file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const doc = parseYaml(text) as { document: { id: string; title: string; region: string; effective: { from: string } } };
    return { file, name: doc.document.id, title: doc.document.title, region: doc.document.region, from: String(doc.document.effective.from), text };
  });
}
