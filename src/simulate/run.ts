/**
 * `yibao simulate`: a population's member-years settled under the baseline and each reform, in
 * chunks on worker threads (piscina), summed in integer fen. The population is streamed: a file
 * is read line by line and at most a few chunks per worker are in flight, so memory stays bounded
 * whatever the population's size. Chunks are merged in their order and the sums are integers, so
 * the report is the same whatever the number of workers or the chunk size.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { YibaoError } from '../engine/errors.js';
import { firstInvalidUtf8, MAX_REQUEST_BYTES } from '../cli/input.js';
import { fenToYuan } from '../engine/money.js';
import { deciles, MONEY_FIELDS, sumsInYuan, tableInYuan, type ChangeSummary, type ScenarioSummary, type Sums, type SumsYuan } from './aggregate.js';
import { emptyChunkSummary, mergeChunk, type ChunkSummary, type ChunkTask, type InvalidLine, type RunConfig } from './chunk.js';
import { threadExecutor, type ChunkExecutor } from './executor.js';
import { shippedSources, validateReforms } from './files.js';
import type { ReformFile } from './reform.js';
import { checkSyntheticRegion, parseAssumptions } from './synthetic.js';
import { csvPopulation, type NumberedLine } from './csv.js';

/** The shipped assumptions of the synthetic population (illustrative, not real data). */
export const DEFAULT_ASSUMPTIONS = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'simulate', 'synthetic.yaml');

export type Population =
  | { kind: 'file'; path: string }
  | { kind: 'synthetic'; members: number }
  /** Lines from elsewhere (the service's database: src/service/population.ts), named by `label`. */
  | { kind: 'lines'; label: string; lines: AsyncIterable<string> };

/** `file:PATH` or `synthetic:N`; anything else: invalid_input, path `--population`. */
export function parsePopulation(text: string): Population {
  if (text.startsWith('file:') && text.length > 5) return { kind: 'file', path: text.slice(5) };
  const m = /^synthetic:([0-9]{1,10})$/.exec(text);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 100_000_000) return { kind: 'synthetic', members: Number(m[1]) };
  throw new YibaoError('invalid_input', `--population must be file:PATH or synthetic:N (1 ≤ N ≤ 100000000), not '${text}'`, '--population');
}

export interface SimulateOptions {
  region: string;
  year: number;
  population: Population;
  /** One scenario each. */
  reforms: ReformFile[];
  workers: number;
  /** Member-years per chunk (lines of a file, or synthetic members). */
  chunkSize: number;
  skipInvalid: boolean;
  seed: number;
  /** The synthetic assumptions file (default: the shipped one). */
  assumptions?: string | undefined;
  /**
   * Settle the chunks on a BullMQ queue at this redis:// URL (worker processes: `yibao worker`)
   * instead of this process's threads; `workers` then bounds nothing but the chunks in flight.
   */
  queue?: { url: string; name: string } | undefined;
  /** Called after each merged chunk with the member-years read so far. */
  onProgress?: ((read: number, claims: number) => void) | undefined;
}

type Table = Record<string, SumsYuan>;

export interface ScenarioReport {
  name: string;
  file?: string;
  totals: SumsYuan;
  byScheme: Table;
  byClaimType: Table;
  byStatus: Table;
  byAgeBand: Table;
  /** By member category: status group and tags (`resident:poverty`, `employed:general`); adds up to the totals. */
  byCategory: Table;
  refused: ScenarioSummary['refused'];
  /** Members whose pooled-fund payments of a year reached the annual cap. */
  capReached: number;
  /** Members' out-of-pocket over the year (psn_part_amt), P10…P90 in yuan (3 significant digits above 10 yuan). */
  outOfPocketDeciles: number[];
  /**
   * Members whose line carries a contribution: the year's contributions under this scenario (to
   * the pooled fund, the personal accounts, the 大额 fund), the pooled fund's outlay on them, and
   * the pooled fund's balance on them (contributions − outlay), yuan.
   */
  fundBalance: { members: number; toPooledFund: number; toPersonalAccount: number; largeExpense: number; pooledOutlay: number; balance: number };
  /** capReached and outOfPocketDeciles by status group (employed, retired, resident). */
  byStatusGroup: Record<string, { capReached: number; outOfPocketDeciles: number[] }>;
}

export interface ReformReport extends ScenarioReport {
  file: string;
  /** Reform minus baseline, money fields in yuan, counts as numbers. */
  difference: SumsYuan;
  /** The pooled fund's balance on the members carrying contributions, reform minus baseline, yuan. */
  balanceEffect: number;
  /** Members settled under both whose out-of-pocket (psn_part_amt) rises, falls or stays; amounts in yuan. */
  outOfPocket: { compared: number; rises: { members: number; amount: number }; falls: { members: number; amount: number }; unchanged: number };
}

export interface SimulationReport {
  region: string;
  year: number;
  population: string;
  seed?: number;
  /** Lines read (blank lines included) or synthetic members generated. */
  read: number;
  /** Lines of other regions, left out. */
  otherRegion: number;
  /** Invalid lines skipped (--skip-invalid): the count and the first ones. */
  invalid: { count: number; lines: InvalidLine[] };
  baseline: ScenarioReport;
  reforms: ReformReport[];
}

function difference(a: Sums, b: Sums): SumsYuan {
  const out = { members: a.members - b.members, claims: a.claims - b.claims } as SumsYuan;
  for (const f of MONEY_FIELDS) out[f] = fenToYuan(a[f] - b[f]);
  return out;
}

function scenarioReport(name: string, s: ScenarioSummary): ScenarioReport {
  return {
    name,
    totals: sumsInYuan(s.totals),
    byScheme: tableInYuan(s.byScheme),
    byClaimType: tableInYuan(s.byClaimType),
    byStatus: tableInYuan(s.byStatus),
    byAgeBand: tableInYuan(s.byAgeBand),
    byCategory: tableInYuan(s.byCategory),
    fundBalance: {
      members: s.contributions.members,
      toPooledFund: fenToYuan(s.contributions.toPooledFund),
      toPersonalAccount: fenToYuan(s.contributions.toPersonalAccount),
      largeExpense: fenToYuan(s.contributions.largeExpense),
      pooledOutlay: fenToYuan(s.contributions.pooledOutlay),
      balance: fenToYuan(s.contributions.toPooledFund - s.contributions.pooledOutlay),
    },
    refused: s.refused,
    capReached: s.capReached,
    outOfPocketDeciles: deciles(s.oopHistogram).map(fenToYuan),
    byStatusGroup: Object.fromEntries(
      Object.keys(s.oopHistogramByStatus)
        .sort()
        .map((k) => [k, { capReached: s.capReachedByStatus[k] ?? 0, outOfPocketDeciles: deciles(s.oopHistogramByStatus[k]!).map(fenToYuan) }]),
    ),
  };
}

function changeReport(c: ChangeSummary): ReformReport['outOfPocket'] {
  return {
    compared: c.compared,
    rises: { members: c.rises.members, amount: fenToYuan(c.rises.amount) },
    falls: { members: c.falls.members, amount: fenToYuan(c.falls.amount) },
    unchanged: c.unchanged,
  };
}

/** Bytes that are not UTF-8, on line `line` (1-based) of the file. */
class NotUtf8 extends Error {
  constructor(readonly line: number) {
    super(`line ${line}: not valid UTF-8`);
  }
}

/**
 * The bytes of `source` as text, whole lines at a time, refusing bytes that are not UTF-8 (never
 * replaced by U+FFFD): the lines before the bad one are passed on, then NotUtf8 names its line.
 * A newline byte is never inside a UTF-8 sequence, so whole lines decode on their own.
 */
async function* strictUtf8(source: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let newlines = 0;
  const decode = function* (bytes: Buffer): Generator<string> {
    try {
      yield decoder.decode(bytes);
    } catch {
      const at = Math.max(0, firstInvalidUtf8(bytes));
      const lineStart = bytes.lastIndexOf(0x0a, at - 1) + 1;
      if (lineStart > 0) yield decoder.decode(bytes.subarray(0, lineStart));
      throw new NotUtf8(newlines + countNewlines(bytes.subarray(0, at)) + 1);
    }
    newlines += countNewlines(bytes);
  };
  let carried = 0;
  let parts: Buffer[] = [];
  for await (const chunk of source) {
    const last = chunk.lastIndexOf(0x0a);
    if (last === -1) {
      parts.push(chunk);
      carried += chunk.length;
      // One line is one request: no longer than settle reads (memory stays bounded).
      if (carried > MAX_REQUEST_BYTES) throw new LineTooLong(newlines + 1);
      continue;
    }
    if (carried + chunk.indexOf(0x0a) + 1 > MAX_REQUEST_BYTES) throw new LineTooLong(newlines + 1);
    parts.push(chunk.subarray(0, last + 1));
    yield* decode(Buffer.concat(parts));
    const rest = Buffer.from(chunk.subarray(last + 1));
    parts = [rest];
    carried = rest.length;
  }
  if (carried > 0) yield* decode(Buffer.concat(parts));
}

function countNewlines(b: Uint8Array): number {
  let n = 0;
  for (let i = b.indexOf(0x0a); i !== -1; i = b.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** A line longer than MAX_REQUEST_BYTES, on line `line`. */
class LineTooLong extends Error {
  constructor(readonly line: number) {
    super(`line ${line}: longer than ${MAX_REQUEST_BYTES} bytes, the most yibao reads for one request`);
  }
}

/**
 * The file's lines were not all read: bytes that are not UTF-8 (on line `line`), or a read error.
 * Raised by `chunks` after the lines before it, so that an earlier bad line is reported first.
 */
class PopulationReadError extends Error {
  constructor(readonly error: YibaoError) {
    super(error.message);
  }
}

/** The lines of a population file, numbered from 1; UTF-8 and line length checked. */
async function* fileLines(path: string): AsyncGenerator<NumberedLine> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  const opened = new Promise<void>((ok, fail) => {
    stream.once('ready', ok);
    stream.once('error', fail);
  });
  try {
    await opened;
  } catch (e) {
    throw new YibaoError('invalid_input', `cannot read the population ${path}: ${e instanceof Error ? e.message : String(e)}`, '--population');
  }
  const rl = createInterface({ input: Readable.from(strictUtf8(stream)), crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const line of rl) {
      lineNo += 1;
      // A leading byte-order mark on the first line is not part of the content.
      yield { line: lineNo, text: lineNo === 1 && line.startsWith('\uFEFF') ? line.slice(1) : line };
    }
  } catch (e) {
    if (e instanceof YibaoError) throw new PopulationReadError(e);
    throw new PopulationReadError(
      e instanceof NotUtf8 || e instanceof LineTooLong
        ? new YibaoError('invalid_input', e.message, `line ${e.line}`)
        : new YibaoError('invalid_input', `cannot read the population ${path}: ${e instanceof Error ? e.message : String(e)}`, '--population'),
    );
  } finally {
    rl.close();
    stream.destroy();
  }
}

/** Numbered lines in chunks of `chunkSize`; `lineNumbers` only where they are not consecutive. */
async function* lineChunks(lines: AsyncIterable<NumberedLine>, chunkSize: number, consecutive: boolean): AsyncGenerator<ChunkTask> {
  let batch: NumberedLine[] = [];
  const task = (): ChunkTask => ({
    kind: 'lines',
    firstLine: batch[0]!.line,
    lines: batch.map((l) => l.text),
    ...(consecutive ? {} : { lineNumbers: batch.map((l) => l.line) }),
  });
  try {
    for await (const l of lines) {
      batch.push(l);
      if (batch.length >= chunkSize) {
        yield task();
        batch = [];
      }
    }
  } catch (e) {
    // What was read before the failure is settled first, as before.
    if (batch.length > 0) yield task();
    batch = [];
    if (e instanceof PopulationReadError) throw e;
    if (e instanceof YibaoError) throw new PopulationReadError(e);
    throw e;
  }
  if (batch.length > 0) yield task();
}

async function* numbered(lines: AsyncIterable<string>): AsyncGenerator<NumberedLine> {
  let line = 0;
  for await (const text of lines) yield { line: ++line, text };
}

/** The chunks of a population, read lazily. */
async function* chunks(population: Population, chunkSize: number): AsyncGenerator<ChunkTask> {
  if (population.kind === 'synthetic') {
    for (let start = 0; start < population.members; start += chunkSize) {
      yield { kind: 'synthetic', start, count: Math.min(chunkSize, population.members - start) };
    }
    return;
  }
  if (population.kind === 'lines') {
    yield* lineChunks(numbered(population.lines), chunkSize, true);
    return;
  }
  if (/\.csv$/i.test(population.path)) {
    yield* lineChunks(csvPopulation(fileLines(population.path)), chunkSize, false);
    return;
  }
  yield* lineChunks(fileLines(population.path), chunkSize, true);
}

function checkInteger(value: number, min: number, max: number, path: string): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new YibaoError('invalid_input', `${path} must be an integer from ${min} to ${max}`, path);
  }
}

/** Runs a simulation and returns its report. Errors are YibaoError (invalid_input with the option or line at fault). */
export async function simulate(opts: SimulateOptions): Promise<SimulationReport> {
  const sources = shippedSources();
  if (!sources.policies.has(opts.region)) {
    throw new YibaoError('invalid_input', `unknown region ${opts.region}; known: ${[...sources.policies.keys()].join(', ')}`, '--region');
  }
  checkInteger(opts.year, 1990, 2100, '--year');
  checkInteger(opts.workers, 1, 256, '--workers');
  checkInteger(opts.chunkSize, 1, 1_000_000, '--chunk-size');
  checkInteger(opts.seed, 0, 4294967295, '--seed');
  const reforms = validateReforms(opts.reforms, sources);
  for (const r of reforms) {
    if (r.region !== opts.region) throw new YibaoError('invalid_input', `reform ${r.file} is for ${r.region}, the run is for ${opts.region}`, '--reform');
  }
  const config: RunConfig = { region: opts.region, year: opts.year, reforms: opts.reforms, skipInvalid: opts.skipInvalid };
  if (opts.population.kind === 'synthetic') {
    const file = opts.assumptions ?? DEFAULT_ASSUMPTIONS;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new YibaoError('invalid_input', `cannot read the assumptions ${file}: ${e instanceof Error ? e.message : String(e)}`, '--assumptions');
    }
    const assumptions = parseAssumptions(file, text);
    checkSyntheticRegion(assumptions, opts.region);
    config.synthetic = { seed: opts.seed, assumptions };
  }

  const total = emptyChunkSummary(reforms.length);
  let executor: ChunkExecutor;
  if (opts.queue) {
    const { queueExecutor } = await import('./queue.js');
    executor = await queueExecutor(opts.queue.url, opts.queue.name, config);
  } else executor = threadExecutor(opts.workers, config);
  const inFlight: Promise<ChunkSummary>[] = [];
  // On a queue, enough chunks waiting for many machines' workers (still bounded).
  const maxInFlight = opts.queue ? Math.max(64, opts.workers * 2) : opts.workers * 2;
  let stopped = false;
  const mergeOldest = async (): Promise<void> => {
    const c = await inFlight.shift()!;
    mergeChunk(total, c);
    opts.onProgress?.(total.read, total.baseline.totals.claims);
    if (total.stop) stopped = true;
  };
  let readFailure: YibaoError | undefined;
  try {
    try {
      for await (const task of chunks(opts.population, opts.chunkSize)) {
        const p = executor.run(task);
        // A chunk left behind when the run stops must not become an unhandled rejection.
        p.catch(() => undefined);
        inFlight.push(p);
        if (inFlight.length >= maxInFlight) await mergeOldest();
        if (stopped) break;
      }
    } catch (e) {
      if (!(e instanceof PopulationReadError)) throw e;
      // Even with --skip-invalid: what follows cannot be read line by line.
      readFailure = e.error;
    }
    while (!stopped && inFlight.length > 0) await mergeOldest();
  } finally {
    await executor.close();
  }
  if (total.stop) {
    const s = total.stop;
    throw new YibaoError(s.code, `line ${s.line}${s.id ? ` (member ${s.id})` : ''}: ${s.message}`, s.path);
  }
  if (readFailure) throw readFailure;

  const report: SimulationReport = {
    region: opts.region,
    year: opts.year,
    population: opts.population.kind === 'file' ? `file:${opts.population.path}` : opts.population.kind === 'lines' ? opts.population.label : `synthetic:${opts.population.members}`,
    ...(opts.population.kind === 'synthetic' ? { seed: opts.seed } : {}),
    read: total.read,
    otherRegion: total.otherRegion,
    invalid: { count: total.invalid.count, lines: total.invalid.first },
    baseline: scenarioReport('baseline', total.baseline),
    reforms: reforms.map((r, i) => ({
      ...scenarioReport(r.name, total.reforms[i]!),
      file: r.file,
      difference: difference(total.reforms[i]!.totals, total.baseline.totals),
      balanceEffect: fenToYuan(
        total.reforms[i]!.contributions.toPooledFund - total.reforms[i]!.contributions.pooledOutlay - (total.baseline.contributions.toPooledFund - total.baseline.contributions.pooledOutlay),
      ),
      outOfPocket: changeReport(total.changes[i]!),
    })),
  };
  return report;
}

function fenText(f: number): string {
  const sign = f < 0 ? '-' : '';
  const a = Math.abs(f);
  return `${sign}${Math.trunc(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The totals of each scenario as CSV: one row per scenario, yuan with 2 decimals. */
export function totalsCsv(report: SimulationReport): string {
  const header = ['scenario', 'members', 'claims', ...MONEY_FIELDS].join(',');
  const rows = [report.baseline, ...report.reforms].map((s) =>
    [csvField(s.name), String(s.totals.members), String(s.totals.claims), ...MONEY_FIELDS.map((f) => fenText(Math.round(s.totals[f] * 100)))].join(','),
  );
  return `${[header, ...rows].join('\n')}\n`;
}
