/**
 * yibao: the command-line program.
 *
 *   yibao settle [--input FILE]         claims → settlement
 *   yibao contribution [--input FILE]   one month's contribution
 *   yibao eligibility [--input FILE]    coverage on given dates
 *   yibao account [--input FILE]        one month's personal-account credit
 *   yibao retirement [--input FILE]     retirement qualification and top-up
 *   yibao maternity [--input FILE]      maternity allowance and medical benefits
 *
 * Each reads one JSON request (FILE or stdin) and prints one JSON result on stdout.
 *
 * On error: exit code 1 (2 for a usage error), nothing on stdout, and on stderr
 * {"error": {"code", "message", "path"}}.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { YibaoError } from '../engine/errors.js';
import { account, contribution, eligibility, maternity, retirement, settle } from '../index.js';

function readInput(file: string | undefined): unknown {
  let text: string;
  try {
    text = readFileSync(file ?? 0, 'utf8');
  } catch (e) {
    throw new YibaoError('invalid_input', `cannot read ${file ?? 'stdin'}: ${e instanceof Error ? e.message : String(e)}`, '');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new YibaoError('invalid_input', `the request is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, '');
  }
}

function fail(error: unknown): never {
  const e =
    error instanceof YibaoError
      ? error
      : new YibaoError('invalid_input', error instanceof Error ? error.message : String(error), '');
  process.stderr.write(`${JSON.stringify(e.toJSON())}\n`);
  process.exit(1);
}

function run(job: (input: unknown) => unknown, file: string | undefined): void {
  try {
    const result = job(readInput(file));
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } catch (e) {
    fail(e);
  }
}

export function main(argv: string[]): void {
  const program = new Command();
  program
    .name('yibao')
    .description('China basic medical insurance, as the city regulations write it (沧州 廊坊 资阳 绥化)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('settle')
    .description('settle one person\'s claims: JSON request from --input FILE or stdin, JSON result on stdout')
    .option('-i, --input <file>', 'request file (default: stdin)')
    .option('--no-explain', 'leave out the explanation steps')
    .action((opts: { input?: string; explain: boolean }) => run((input) => settle(input, { explain: opts.explain }), opts.input));

  const commands: [string, string, (input: unknown, explain: boolean) => unknown][] = [
    ['contribution', "one month's contribution (缴费), or a resident's contribution by category", (i, e) => contribution(i, { explain: e })],
    ['eligibility', 'is the person covered on given dates (等待期, 中断缴费, 补缴)', (i, e) => eligibility(i, { explain: e })],
    ['account', "one month's personal-account credit (个人账户划入)", (i, e) => account(i, { explain: e })],
    ['retirement', 'may the person retire into benefits without contributing, and the top-up if not', (i, e) => retirement(i, { explain: e })],
    ['maternity', 'maternity allowance and maternity medical benefits (生育保险)', (i, e) => maternity(i, { explain: e })],
  ];
  for (const [name, description, job] of commands) {
    program
      .command(name)
      .description(`${description}: JSON request from --input FILE or stdin, JSON result on stdout`)
      .option('-i, --input <file>', 'request file (default: stdin)')
      .option('--no-explain', 'leave out the explanation steps')
      .action((opts: { input?: string; explain: boolean }) => run((input) => job(input, opts.explain), opts.input));
  }

  try {
    program.parse(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) process.exit(0);
      process.stderr.write(`${JSON.stringify({ error: { code: 'invalid_input', message: e.message, path: '' } })}\n`);
      process.exit(2);
    }
    throw e;
  }
}
