/**
 * `yibao simulate --region R --year Y --population SRC [--reform FILE]… [--out DIR] [--workers N]`:
 * the report as JSON on stdout, or with --out, DIR/report.json and DIR/totals.csv (and a line
 * naming them on stdout). Errors: the commands' one-line JSON error, exit 1, nothing on stdout.
 * Progress on stderr only when stderr is a terminal.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { YibaoError } from '../engine/errors.js';
import { readReformFiles } from '../simulate/files.js';
import { parsePopulation, simulate, totalsCsv } from '../simulate/run.js';

export interface SimulateCliOptions {
  region: string;
  year: string;
  population: string;
  reform: string[];
  out?: string;
  workers?: string;
  seed: string;
  chunkSize: string;
  skipInvalid?: boolean;
  assumptions?: string;
}

/** A whole number given on the command line; otherwise invalid_input at the option. */
function integer(text: string, option: string): number {
  if (!/^[0-9]{1,15}$/.test(text)) throw new YibaoError('invalid_input', `${option} must be a whole number, not '${text}'`, option);
  return Number(text);
}

/** Runs the command; returns the text for stdout. */
export async function simulateCommand(o: SimulateCliOptions): Promise<string> {
  const population = parsePopulation(o.population);
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
  try {
    await mkdir(o.out, { recursive: true });
    await writeFile(reportFile, json);
    await writeFile(csvFile, totalsCsv(report));
  } catch (e) {
    throw new YibaoError('unsupported', `cannot write the report: ${e instanceof Error ? e.message : String(e)}`, '--out');
  }
  return `${JSON.stringify({ report: reportFile, csv: csvFile })}\n`;
}
