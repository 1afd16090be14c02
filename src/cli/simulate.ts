/**
 * `yibao simulate --region R --year Y --population SRC [--reform FILE]… [--out DIR] [--workers N]`:
 * the report as JSON on stdout, or with --out, DIR/report.json, DIR/totals.csv and DIR/report.html (and a line
 * naming them on stdout). Errors: the commands' one-line JSON error, exit 1, nothing on stdout.
 * Progress on stderr only when stderr is a terminal.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { YibaoError } from '../engine/errors.js';
import { readReformFiles } from '../simulate/files.js';
import { parsePopulation, simulate, totalsCsv, type Population } from '../simulate/run.js';

export interface SimulateCliOptions {
  region: string;
  year: string;
  population?: string;
  fromDatabase?: boolean;
  reform: string[];
  out?: string;
  workers?: string;
  seed: string;
  chunkSize: string;
  skipInvalid?: boolean;
  assumptions?: string;
  queue?: string;
  queueName?: string;
}

export interface WorkerCliOptions {
  queue: string;
  queueName?: string;
  threads?: string;
}

/** A whole number given on the command line; otherwise invalid_input at the option. */
function integer(text: string, option: string): number {
  if (!/^[0-9]{1,15}$/.test(text)) throw new YibaoError('invalid_input', `${option} must be a whole number, not '${text}'`, option);
  return Number(text);
}

async function queueOption(url: string | undefined, name: string | undefined): Promise<{ url: string; name: string } | undefined> {
  if (url === undefined) {
    if (name !== undefined) throw new YibaoError('invalid_input', '--queue-name without --queue', '--queue-name');
    return undefined;
  }
  const { parseQueueUrl, checkQueueName, DEFAULT_QUEUE_NAME } = await import('../simulate/queue.js');
  return { url: parseQueueUrl(url), name: checkQueueName(name ?? DEFAULT_QUEUE_NAME) };
}

/**
 * `yibao worker`: settles queued chunks until SIGINT or SIGTERM, then finishes the jobs it holds
 * and exits 0. Prints one line on stdout once it listens, {"worker": {"queue", "threads"}}, and
 * one when it stops, {"stopped": {"jobs"}} (the chunks it settled).
 */
export async function workerCommand(o: WorkerCliOptions): Promise<void> {
  const queue = await queueOption(o.queue, o.queueName);
  const threads = o.threads === undefined ? Math.max(1, availableParallelism()) : integer(o.threads, '--threads');
  if (threads < 1 || threads > 256) throw new YibaoError('invalid_input', '--threads must be an integer from 1 to 256', '--threads');
  const { runWorker } = await import('../simulate/queue.js');
  const w = await runWorker({ url: queue!.url, name: queue!.name, threads });
  process.stdout.write(`${JSON.stringify({ worker: { queue: queue!.name, threads } })}\n`);
  const stop = () => void w.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await w.done;
  await w.stop();
  process.stdout.write(`${JSON.stringify({ stopped: { jobs: w.jobs() } })}\n`);
}

/** Runs the command; returns the text for stdout. */
export async function simulateCommand(o: SimulateCliOptions): Promise<string> {
  if ((o.population === undefined) === (o.fromDatabase !== true)) {
    throw new YibaoError('invalid_input', 'give either --population file:PATH | synthetic:N, or --from-database', '--population');
  }
  if (o.fromDatabase !== true) return simulateWith(o, parsePopulation(o.population!));
  // The service's database: DATABASE_URL, or the embedded one in DATA_DIR (./data; not while `npm start` holds it).
  const year = integer(o.year, '--year');
  const { openStore } = await import('../store/open.js');
  const { storedPopulation } = await import('../service/population.js');
  const databaseUrl = process.env['DATABASE_URL'];
  let store;
  try {
    store = await openStore(databaseUrl ? { databaseUrl } : { dataDir: process.env['DATA_DIR'] ?? './data' });
  } catch (e) {
    throw new YibaoError('unsupported', `cannot open the service's database: ${e instanceof Error ? e.message : String(e)}`, '--from-database');
  }
  try {
    return await simulateWith(o, { kind: 'lines', label: `database:${databaseUrl ? 'DATABASE_URL' : (process.env['DATA_DIR'] ?? './data')}`, lines: storedPopulation(store.db, o.region, year) });
  } finally {
    await store.close();
  }
}

async function simulateWith(o: SimulateCliOptions, population: Population): Promise<string> {
  const reforms = await readReformFiles(o.reform);
  const tty = process.stderr.isTTY === true;
  const started = Date.now();
  const report = await simulate({
    region: o.region,
    year: integer(o.year, '--year'),
    population,
    reforms,
    workers: o.workers === undefined ? Math.max(1, availableParallelism()) : integer(o.workers, '--workers'),
    chunkSize: integer(o.chunkSize, '--chunk-size'),
    skipInvalid: o.skipInvalid === true,
    seed: integer(o.seed, '--seed'),
    assumptions: o.assumptions,
    queue: await queueOption(o.queue, o.queueName),
    onProgress: tty
      ? (read, claims) => {
          const s = (Date.now() - started) / 1000;
          process.stderr.write(`\r${read} member-years, ${claims} claims, ${Math.round(claims / Math.max(s, 0.001))} claims/s, ${s.toFixed(1)} s `);
        }
      : undefined,
  });
  if (tty) process.stderr.write('\n');
  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (o.out === undefined) return json;
  const reportFile = join(o.out, 'report.json');
  const csvFile = join(o.out, 'totals.csv');
  const htmlFile = join(o.out, 'report.html');
  try {
    await mkdir(o.out, { recursive: true });
    await writeFile(reportFile, json);
    await writeFile(csvFile, totalsCsv(report));
    const { reportHtml } = await import('../simulate/html.js');
    await writeFile(htmlFile, reportHtml(report));
  } catch (e) {
    throw new YibaoError('unsupported', `cannot write the report: ${e instanceof Error ? e.message : String(e)}`, '--out');
  }
  return `${JSON.stringify({ report: reportFile, csv: csvFile, html: htmlFile })}\n`;
}
