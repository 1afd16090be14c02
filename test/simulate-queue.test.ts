/**
 * `yibao simulate --queue`: the chunks on a BullMQ queue on the Redis at 127.0.0.1:6379, settled by
 * two `yibao worker` processes; the report is identical to the single-process run's. Skipped when
 * Redis does not answer there (.ci/run starts it).
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = `${root}bin/yibao.js`;
const url = 'redis://127.0.0.1:6379';
const reform = 'examples/reforms/cangzhou-level3-deductible.yaml';

/** Does a Redis answer PING at 127.0.0.1:6379 within a second? */
function redisAnswers(): Promise<boolean> {
  return new Promise((ok) => {
    const s = connect(6379, '127.0.0.1');
    const done = (v: boolean) => {
      s.destroy();
      ok(v);
    };
    s.setTimeout(1000, () => done(false));
    s.on('error', () => done(false));
    s.on('connect', () => s.write('PING\r\n'));
    s.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

const up = await redisAnswers();

/** Runs the program to its end, asynchronously (the workers' output is read meanwhile). */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const p = spawn(process.execPath, [bin, ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => ok({ code, stdout, stderr }));
  });
}

describe.skipIf(!up)('simulate --queue: two worker processes', () => {
  const name = `yibao-test-${randomUUID()}`;
  const workers: { proc: ChildProcessWithoutNullStreams; out: string }[] = [];

  afterAll(async () => {
    for (const w of workers) if (w.proc.exitCode === null) w.proc.kill('SIGKILL');
    const q = new Queue(name, { connection: { url } });
    await q.obliterate({ force: true });
    await q.close();
  });

  it('synthetic:600 in chunks of 50 on the queue = the single-process report, byte for byte', async () => {
    for (let i = 0; i < 2; i++) {
      const proc = spawn(process.execPath, [bin, 'worker', '--queue', url, '--queue-name', name, '--threads', '1'], { cwd: root });
      const w = { proc, out: '' };
      proc.stdout.on('data', (d: Buffer) => (w.out += d.toString()));
      workers.push(w);
    }
    // Both listen before the run starts (each prints its line then).
    await expect.poll(() => workers.every((w) => w.out.includes('"worker"')), { timeout: 15_000 }).toBe(true);
    expect(JSON.parse(workers[0]!.out.split('\n')[0]!)).toEqual({ worker: { queue: name, threads: 1 } });

    const common = ['simulate', '--region', 'cangzhou', '--year', '2025', '--population', 'synthetic:600', '--seed', '3', '--reform', reform];
    const queued = await run([...common, '--chunk-size', '50', '--queue', url, '--queue-name', name]);
    expect(queued.stderr).toBe('');
    expect(queued.code).toBe(0);
    const single = spawnSync(process.execPath, [bin, ...common, '--workers', '1'], { cwd: root, encoding: 'utf8' });
    expect(single.status).toBe(0);
    expect(queued.stdout).toBe(single.stdout);
    const report = JSON.parse(queued.stdout) as { read: number; baseline: { totals: { members: number; claims: number } } };
    expect(report.read).toBe(600);
    expect(report.baseline.totals.members).toBe(600);

    // Stopped by SIGTERM, each says how many chunks it settled: 600 / 50 = 12 in all, both took some.
    const exits = workers.map((w) => new Promise<number | null>((ok) => w.proc.on('close', ok)));
    for (const w of workers) w.proc.kill('SIGTERM');
    expect(await Promise.all(exits)).toEqual([0, 0]);
    const jobs = workers.map((w) => (JSON.parse(w.out.trim().split('\n').at(-1)!) as { stopped: { jobs: number } }).stopped.jobs);
    expect(jobs[0]! + jobs[1]!).toBe(12);
    expect(Math.min(...jobs)).toBeGreaterThan(0);

    // No job of the run is left on the queue.
    const q = new Queue(name, { connection: { url } });
    expect(await q.getJobCounts('wait', 'active', 'completed', 'failed', 'delayed')).toEqual({ wait: 0, active: 0, completed: 0, failed: 0, delayed: 0 });
    await q.close();
  });

  it('a --queue that is not a redis:// URL', async () => {
    const r = await run(['simulate', '--region', 'cangzhou', '--year', '2025', '--population', 'synthetic:5', '--queue', 'http://x']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).error).toMatchObject({ code: 'invalid_input', path: '--queue' });
  });
});

describe('simulate --queue: a Redis that does not answer', () => {
  it('fails with unsupported at --queue, nothing on stdout, instead of waiting for ever', async () => {
    // Nothing listens on 127.0.0.1:1 (a privileged port no test server uses): connections are refused.
    const r = await run(['simulate', '--region', 'cangzhou', '--year', '2025', '--population', 'synthetic:5', '--queue', 'redis://127.0.0.1:1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const e = (JSON.parse(r.stderr) as { error: { code: string; path: string; message: string } }).error;
    expect(e).toMatchObject({ code: 'unsupported', path: '--queue' });
    expect(e.message).toContain('cannot reach the queue at redis://127.0.0.1:1');
  });
});
