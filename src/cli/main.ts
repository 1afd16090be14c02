/**
 * yibao: the command-line program.
 *
 *   yibao settle [--input FILE]         claims → settlement
 *   yibao contribution [--input FILE]   one month's contribution
 *   yibao eligibility [--input FILE]    coverage on given dates
 *   yibao account [--input FILE]        one month's personal-account credit
 *   yibao retirement [--input FILE]     retirement qualification and top-up
 *   yibao maternity [--input FILE]      maternity allowance and medical benefits
 *   yibao simulate --region R --year Y --population SRC [--reform FILE]…   a population under reforms
 *   yibao worker --queue redis://…      settles `simulate --queue` chunks until SIGINT/SIGTERM
 *
 * Each reads one JSON request (FILE, or stdin when FILE is absent or `-`) of at
 * most MAX_REQUEST_BYTES and prints one JSON result on stdout, exit 0.
 *
 * On any error, usage errors included: exit code 1, nothing on stdout, and on
 * stderr one line {"error": {"code", "message", "path"}}. The one exception is a
 * reader that goes away (EPIPE on stdout): exit 1 with nothing on stderr.
 * `yibao --help` and `yibao COMMAND --help` print help on stdout, exit 0.
 */
import { Command, CommanderError } from 'commander';
import { YibaoError } from '../engine/errors.js';
import { account, contribution, eligibility, maternity, retirement, settle, settleWith } from '../index.js';
import { readReformFiles, reformedPolicies } from '../simulate/files.js';
import { readRequest } from './input.js';
import type { SimulateCliOptions, WorkerCliOptions } from './simulate.js';
import { jsonPieces, writePieces } from './output.js';

export { MAX_REQUEST_BYTES } from './input.js';

interface JobOptions {
  input?: string;
  explain: boolean;
  /** settle only: reform files applied together (--reform, repeatable). */
  reform?: string[];
}
type Job = (input: unknown, opts: JobOptions) => unknown | Promise<unknown>;

/** settle, under the shipped rules or, with --reform, under the reformed ones. */
async function settleJob(input: unknown, opts: JobOptions): Promise<unknown> {
  const files = opts.reform ?? [];
  if (files.length === 0) return settle(input, { explain: opts.explain });
  // A bad reform is reported before anything in the request is validated.
  const policies = reformedPolicies(await readReformFiles(files));
  return settleWith(policies, input, { explain: opts.explain });
}

const COMMANDS: readonly (readonly [string, string, Job])[] = [
  ['settle', "settle one person's claims (--reform FILE: under a reform's rules)", settleJob],
  ['contribution', "one month's contribution (缴费), or a resident's contribution by category", (i, o) => contribution(i, { explain: o.explain })],
  ['eligibility', 'is the person covered on given dates (等待期, 中断缴费, 补缴)', (i, o) => eligibility(i, { explain: o.explain })],
  ['account', "one month's personal-account credit (个人账户划入)", (i, o) => account(i, { explain: o.explain })],
  ['retirement', 'may the person retire into benefits without contributing, and the top-up if not', (i, o) => retirement(i, { explain: o.explain })],
  ['maternity', 'maternity allowance and maternity medical benefits (生育保险)', (i, o) => maternity(i, { explain: o.explain })],
];

const COMMAND_NAMES = [...COMMANDS.map(([name]) => name), 'simulate', 'worker'];
const NAMES = COMMAND_NAMES.join(', ');
const USAGE = `yibao <command> [--input FILE] [--no-explain], <command> one of ${NAMES}`;

/** A write to stdout failed: the reader went away (EPIPE) or the system refused (ENOSPC, …). */
class OutputError extends Error {
  constructor(readonly reason: Error) {
    super(reason.message);
    this.name = 'OutputError';
  }
}

function errnoCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code: unknown = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

let exiting = false;

/** Reports `error` on stderr as the one-line JSON error and exits 1. */
function fail(error: unknown): never {
  if (exiting) process.exit(1);
  exiting = true;
  if (error instanceof OutputError && errnoCode(error.reason) === 'EPIPE') process.exit(1);
  const e =
    error instanceof YibaoError
      ? error
      : error instanceof OutputError
        ? new YibaoError('unsupported', `cannot write the result: ${error.message}`, '')
        : new YibaoError('unsupported', `internal error: ${error instanceof Error ? error.message : String(error)}`, '');
  try {
    process.stderr.write(`${JSON.stringify(e.toJSON())}\n`);
  } catch {
    // Nowhere left to report it; the exit code says it.
  }
  process.exit(1);
}

function unknownCommand(word: string): YibaoError {
  return new YibaoError('invalid_input', `unknown command '${word}': the commands are ${NAMES}`, word);
}

/** A CommanderError as the JSON error: invalid_input, path the option or word at fault. */
function usageError(e: CommanderError): YibaoError {
  const message = e.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
  const quoted = /'([^']*)'/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'commander.unknownOption':
      return new YibaoError('invalid_input', `${message}; usage: ${USAGE}`, quoted.replace(/^(--[^=]*)=.*$/s, '$1'));
    case 'commander.missingMandatoryOptionValue':
    case 'commander.optionMissingArgument': {
      // quoted is the option's flags, e.g. "-i, --input <file>"
      const long = /--[\w-]+/.exec(quoted)?.[0] ?? quoted;
      return new YibaoError('invalid_input', message, long);
    }
    case 'commander.unknownCommand':
      return unknownCommand(quoted);
    case 'commander.help':
      // help shown as an error: no command (caught before commander) or `help WORD`
      return new YibaoError('invalid_input', `no command: ${USAGE} (yibao --help)`, '');
    default:
      return new YibaoError('invalid_input', `${message}; usage: ${USAGE}`, '');
  }
}

/** The pieces, then a newline, in as few writes as the pieces (a small result is one write). */
function* lines(pieces: Iterable<string>): Generator<string, void, undefined> {
  let previous: string | undefined;
  for (const piece of pieces) {
    if (previous !== undefined) yield previous;
    previous = piece;
  }
  yield `${previous ?? ''}\n`;
}

async function run(job: Job, opts: JobOptions, args: readonly string[]): Promise<void> {
  const extra = args[0];
  if (extra !== undefined) {
    throw new YibaoError('invalid_input', `unexpected argument '${extra}': the request is read from --input FILE or stdin; usage: ${USAGE}`, extra);
  }
  const request = await readRequest(opts.input);
  const result = await job(request, opts);
  // Every refusal is thrown above, before the first byte reaches stdout.
  try {
    await writePieces(process.stdout, lines(jsonPieces(result)));
  } catch (e) {
    throw new OutputError(e instanceof Error ? e : new Error(String(e)));
  }
}

/** Collects a repeatable option's values. */
function collectOption(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function program(): Command {
  const p = new Command();
  p.name('yibao')
    .description('China basic medical insurance, as the city regulations write it (沧州 廊坊 资阳 绥化)')
    .exitOverride()
    // Commander reports nothing itself: its errors become the JSON error.
    .configureOutput({ writeErr: () => {}, outputError: () => {} });
  for (const [name, description, job] of COMMANDS) {
    const c = p
      .command(name)
      .description(`${description}: JSON request from --input FILE or stdin, JSON result on stdout`)
      .option('-i, --input <file>', 'request file; - or none: stdin')
      .option('--no-explain', 'leave out the explanation steps');
    if (name === 'settle') c.option('--reform <file>', 'a reform (policy file) applied over the shipped rules; repeatable, applied in order', collectOption, []);
    c.allowExcessArguments(true).action((opts: JobOptions, command: Command) => run(job, opts, command.args));
  }
  p.command('simulate')
    .description('settle a population under the shipped rules and each reform; report of totals and breakdowns')
    .requiredOption('--region <region>', 'the region simulated (lines of other regions are left out)')
    .requiredOption('--year <year>', 'the benefit year (synthetic claims fall in it; age bands are read on its 1 January)')
    .option('--population <source>', 'file:PATH (JSON Lines, one member-year a line) or synthetic:N')
    .option('--from-database', "the population is the service's stored claims of the year, re-settled (DATABASE_URL, or the embedded database in DATA_DIR, ./data)")
    .option('--reform <file>', 'a reform (policy file), one scenario each; repeatable', collectOption, [])
    .option('--out <dir>', 'write report.json and totals.csv there (default: the report on stdout)')
    .option('--workers <n>', 'worker threads (default: the number of cores)')
    .option('--seed <n>', 'seed of the synthetic population', '1')
    .option('--chunk-size <n>', 'member-years per chunk', '1000')
    .option('--skip-invalid', 'count and list invalid lines instead of stopping at the first')
    .option('--assumptions <file>', 'assumptions of the synthetic population (default simulate/synthetic.yaml)')
    .option('--queue <url>', 'settle the chunks on a BullMQ queue at this redis:// URL, by `yibao worker` processes')
    .option('--queue-name <name>', 'the queue (default yibao-simulate; runs may share one)')
    .allowExcessArguments(true)
    .action(async (opts: SimulateCliOptions, command: Command) => {
      const extra = command.args[0];
      if (extra !== undefined) throw new YibaoError('invalid_input', `unexpected argument '${extra}'`, extra);
      // Loaded on use: the other commands do not pay for the worker pool's modules.
      const { simulateCommand } = await import('./simulate.js');
      const text = await simulateCommand(opts);
      try {
        await writePieces(process.stdout, [text]);
      } catch (e) {
        throw new OutputError(e instanceof Error ? e : new Error(String(e)));
      }
    });
  p.command('worker')
    .description('settle the chunks of `yibao simulate --queue` runs from a BullMQ queue on Redis, until SIGINT or SIGTERM')
    .requiredOption('--queue <url>', 'the redis:// URL of the queue')
    .option('--queue-name <name>', 'the queue (default yibao-simulate)')
    .option('--threads <n>', 'chunks settled at once, on as many threads (default: the number of cores)')
    .allowExcessArguments(true)
    .action(async (opts: WorkerCliOptions, command: Command) => {
      const extra = command.args[0];
      if (extra !== undefined) throw new YibaoError('invalid_input', `unexpected argument '${extra}'`, extra);
      const { workerCommand } = await import('./simulate.js');
      await workerCommand(opts);
    });
  return p;
}

/** Runs the command line `argv` (process.argv). Never throws: errors end the process with exit 1. */
export async function main(argv: string[]): Promise<void> {
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  // A write error on stdout outside writePieces (help text to a closed pipe) is no stack trace either.
  process.stdout.on('error', (e: Error) => fail(new OutputError(e)));
  process.stderr.on('error', () => process.exit(1));
  try {
    const [first, second] = argv.slice(2);
    if (first === undefined) throw new YibaoError('invalid_input', `no command: ${USAGE} (yibao --help)`, '');
    if (first === 'help' && second !== undefined && !COMMAND_NAMES.includes(second)) throw unknownCommand(second);
    await program().parseAsync(argv);
    process.exitCode = 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) {
        process.exitCode = 0;
        return;
      }
      fail(usageError(e));
    }
    fail(e);
  }
}
