/**
 * The command's limits and refusals (README "Limits and refusals of the
 * command"): every failure is exit 1, nothing on stdout, one JSON line on
 * stderr, in bounded time and memory. Runs the built program (npm test builds first).
 */
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_REQUEST_BYTES } from '../src/cli/input.js';
import { settle } from '../src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = `${root}bin/yibao.js`;
const example = `${root}examples/settle-cangzhou-inpatient.json`;
const tmp = mkdtempSync(join(tmpdir(), 'yibao-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function yibao(args: string[], options: SpawnSyncOptions & { input?: string | Buffer } = {}): Run {
  const start = Date.now();
  const r = spawnSync(process.execPath, [bin, ...args], { input: '', cwd: root, timeout: 60_000, maxBuffer: 1 << 30, ...options });
  return { code: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), ms: Date.now() - start };
}

/** The run failed by the contract: exit 1, nothing on stdout, exactly one JSON line on stderr. */
function refusal(r: Run): { code: string; message: string; path: string } {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.split('\n')).toHaveLength(2);
  const parsed = JSON.parse(r.stderr) as { error: { code: string; message: string; path: string } };
  expect(Object.keys(parsed)).toEqual(['error']);
  expect(Object.keys(parsed.error)).toEqual(['code', 'message', 'path']);
  return parsed.error;
}

function fileOf(name: string, content: string | Buffer): string {
  const f = join(tmp, name);
  writeFileSync(f, content);
  return f;
}

/** A Cangzhou request of n copies of the example's claim: an output of about n × 4 KB. */
function manyClaims(n: number): Record<string, unknown> {
  const req = JSON.parse(readFileSync(example, 'utf8')) as { claims: Record<string, unknown>[] };
  const claim = req.claims[0]!;
  req.claims = Array.from({ length: n }, (_, i) => ({ ...claim, id: `C${i}` }));
  return req;
}

describe('the request size is capped at MAX_REQUEST_BYTES', () => {
  const tooLarge = {
    code: 'invalid_input',
    path: '',
    message: 'the request is larger than 64 MiB (67108864 bytes), the most yibao reads',
  };

  it('--input /dev/zero: refused quickly', () => {
    const r = yibao(['settle', '--input', '/dev/zero']);
    expect(refusal(r)).toEqual(tooLarge);
    expect(r.ms).toBeLessThan(15_000);
  });

  it('/dev/zero on stdin: refused quickly', () => {
    const zero = openSync('/dev/zero', 'r');
    try {
      const r = yibao(['settle'], { stdio: [zero, 'pipe', 'pipe'] });
      expect(refusal(r)).toEqual(tooLarge);
      expect(r.ms).toBeLessThan(15_000);
    } finally {
      closeSync(zero);
    }
  });

  it('an endless pipe on stdin: refused quickly', () => {
    const r = yibao(['eligibility'], { input: Buffer.alloc(MAX_REQUEST_BYTES + 1, 0x20) });
    expect(refusal(r)).toEqual(tooLarge);
  });

  it('a request of exactly the limit is read; one byte more is not', () => {
    const body = '{}';
    const exact = fileOf('exact.json', body + ' '.repeat(MAX_REQUEST_BYTES - body.length));
    // read and parsed: refused by the engine for what it holds, not for its size
    expect(refusal(yibao(['settle', '--input', exact]))).toMatchObject({ code: 'invalid_input', path: 'region' });
    const over = fileOf('over.json', body + ' '.repeat(MAX_REQUEST_BYTES - body.length + 1));
    expect(refusal(yibao(['settle', '--input', over]))).toEqual(tooLarge);
  });
});

describe('--input', () => {
  it('- is stdin', () => {
    const r = yibao(['settle', '--input', '-'], { input: readFileSync(example) });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).results[0].hifp_pay).toBe(5148);
    const short = yibao(['contribution', '-i', '-'], { input: readFileSync(`${root}examples/contribution-cangzhou.json`) });
    expect(short.code).toBe(0);
    expect(JSON.parse(short.stdout).total).toBe(564);
  });

  it('a missing file, a directory: invalid_input naming it', () => {
    const missing = refusal(yibao(['settle', '--input', 'no-such-file.json']));
    expect(missing).toMatchObject({ code: 'invalid_input', path: '' });
    expect(missing.message).toMatch(/^cannot read no-such-file\.json: ENOENT/);
    const dir = refusal(yibao(['settle', '--input', 'examples']));
    expect(dir).toMatchObject({ code: 'invalid_input', path: '' });
    expect(dir.message).toMatch(/^cannot read examples: EISDIR/);
  });
});

describe('the encoding of the request', () => {
  it('refuses invalid UTF-8 inside a string instead of echoing U+FFFD', () => {
    const text = readFileSync(example, 'utf8');
    const at = Buffer.byteLength(text.slice(0, text.indexOf('"C1"') + 2));
    const bad = Buffer.concat([Buffer.from(text.slice(0, text.indexOf('"C1"') + 2)), Buffer.from([0xff]), Buffer.from(text.slice(text.indexOf('"C1"') + 2))]);
    expect(refusal(yibao(['settle'], { input: bad }))).toEqual({ code: 'invalid_input', path: '', message: `the request is not valid UTF-8 (byte ${at})` });
    expect(refusal(yibao(['settle', '--input', fileOf('bad.json', bad)]))).toMatchObject({ code: 'invalid_input', path: '' });
  });

  it('accepts a leading byte-order mark', () => {
    const plain = yibao(['settle', '--input', example]);
    const bom = yibao(['settle'], { input: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(example)]) });
    expect(bom.code).toBe(0);
    expect(bom.stdout).toBe(plain.stdout);
  });

  it('refuses what is not JSON (NUL bytes, text) as invalid_input', () => {
    const nul = refusal(yibao(['settle'], { input: Buffer.alloc(10) }));
    expect(nul).toMatchObject({ code: 'invalid_input', path: '' });
    expect(nul.message).toMatch(/^the request is not valid JSON: /);
    expect(refusal(yibao(['settle'], { input: '{not json' }))).toMatchObject({ code: 'invalid_input', path: '' });
    expect(refusal(yibao(['settle'], { input: '' }))).toMatchObject({ code: 'invalid_input', path: '' });
  });
});

describe('the output', () => {
  it('is the text of JSON.stringify(result, null, 2) and a newline, for a large result too', () => {
    const req = manyClaims(2000);
    const r = yibao(['settle'], { input: JSON.stringify(req) });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.length).toBeGreaterThan(1_000_000);
    expect(r.stdout).toBe(`${JSON.stringify(settle(req), null, 2)}\n`);
  });

  it('a reader that goes away (| head -c 10): exit 1, no stack trace, nothing on stderr', () => {
    const f = fileOf('many.json', JSON.stringify(manyClaims(2000)));
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${bin}" settle --input "${f}" | head -c 10`], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout).toBe('{\n  "resul');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
  });

  it('a reader that closes before the first byte: exit 1, nothing on stderr', async () => {
    const child = spawn(process.execPath, [bin, 'settle', '--input', example], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(1);
  });

  it('a full disk (> /dev/full): the JSON error, code unsupported', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = yibao(['settle', '--input', example], { stdio: ['pipe', full, 'pipe'] });
      expect(r.stdout).toBe(''); // not captured: it went to /dev/full
      expect(refusal(r)).toEqual({ code: 'unsupported', path: '', message: 'cannot write the result: ENOSPC: no space left on device, write' });
    } finally {
      closeSync(full);
    }
  });
});

describe('usage errors are the JSON error, exit 1', () => {
  const commands = 'settle, contribution, eligibility, account, retirement, maternity, simulate, worker';

  it.each([
    [['settle', '--foo'], '--foo'],
    [['maternity', '--foo=1'], '--foo'],
    [['--foo'], '--foo'],
    [['settle', '-x'], '-x'],
    [['settle', '--explain'], '--explain'],
    [['settle', '--input'], '--input'],
    [['account', '-i'], '--input'],
    [['settle', 'request.json'], 'request.json'],
    [['settle', '--input', example, '--', 'x'], 'x'],
    [['foo'], 'foo'],
    [['help', 'foo'], 'foo'],
  ])('yibao %j: invalid_input at %s', (args, path) => {
    const e = refusal(yibao(args));
    expect(e.code).toBe('invalid_input');
    expect(e.path).toBe(path);
  });

  it('names the commands for an unknown one', () => {
    expect(refusal(yibao(['setle'])).message).toBe(`unknown command 'setle': the commands are ${commands}`);
  });

  it('no arguments: the JSON error listing the commands, no help text', () => {
    const e = refusal(yibao([]));
    expect(e).toEqual({
      code: 'invalid_input',
      path: '',
      message: `no command: yibao <command> [--input FILE] [--no-explain], <command> one of ${commands} (yibao --help)`,
    });
  });

  it.each([[['--help']], [['-h']], [['help']], [['settle', '--help']], [['help', 'eligibility']]])('yibao %j: help on stdout, exit 0', (args) => {
    const r = yibao(args);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: yibao/);
  });

  it('--no-explain still works', () => {
    const r = yibao(['settle', '--no-explain', '--input', example]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results[0].steps).toEqual([]);
    expect(JSON.parse(yibao(['settle', '--input', example]).stdout).results[0].steps.length).toBeGreaterThan(3);
  });
});

describe('an unexpected exception is the JSON error, not a stack trace', () => {
  // main() waits on a stdin that never ends while the exception happens.
  it.each([
    ['a throw', "setTimeout(() => { throw new Error('boom'); }, 50);"],
    ['a rejection', "setTimeout(() => { Promise.reject(new Error('boom')); }, 50);"],
  ])('%s', async (_name, trigger) => {
    const script = `import { main } from ${JSON.stringify(`${root}dist/cli/main.js`)}; main(['node', 'yibao', 'settle']); ${trigger}`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(refusal({ code, stdout, stderr, ms: 0 })).toEqual({ code: 'unsupported', path: '', message: 'internal error: boom' });
  });
});
