/**
 * `yibao simulate --queue redis://…` and `yibao worker --queue redis://…`: a run's chunks on a
 * BullMQ queue on Redis, settled by worker processes on any number of machines.
 *
 * - A job is self-contained: the run's config (region, year, the reforms' text, the synthetic
 *   assumptions) and one chunk (lines of a file, or a range of synthetic members). A worker needs
 *   nothing else, so any number of runs may share a queue without mixing: each coordinator adds
 *   jobs with ids `RUN-INDEX` (RUN random per run) and waits for those ids only.
 * - A worker settles a job with the same chunk code as the threads of a single-process run
 *   (processChunk, on a piscina pool) and returns the chunk's partial summary (integer fen) as the
 *   job's return value; the coordinator merges the summaries in chunk order, so the report is the
 *   same as a single-process run's, byte for byte.
 * - Jobs are removed from Redis when they complete or fail; their results come through the
 *   queue's event stream (QueueEvents), subscribed before the first job is added.
 * - Both sides validate what comes out of Redis with zod (it is a boundary: another program, or
 *   another version of this one, may have written it).
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Piscina } from 'piscina';
import { z } from 'zod';
import { YibaoError } from '../engine/errors.js';
import { MONEY_FIELDS } from './aggregate.js';
import type { ChunkSummary, ChunkTask, RunConfig } from './chunk.js';
import { workerFile, type ChunkExecutor } from './executor.js';
import { Assumptions } from './synthetic.js';

/** The queue's name when --queue-name is not given (runs may share it: see above). */
export const DEFAULT_QUEUE_NAME = 'yibao-simulate';

/** A redis:// or rediss:// URL; anything else: invalid_input at `--queue`. */
export function parseQueueUrl(text: string): string {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new YibaoError('invalid_input', `--queue must be a redis:// URL, not '${text}'`, '--queue');
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new YibaoError('invalid_input', `--queue must be a redis:// or rediss:// URL, not '${text}'`, '--queue');
  return text;
}

export function checkQueueName(name: string): string {
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name)) throw new YibaoError('invalid_input', `--queue-name must be 1 to 100 of A-Z a-z 0-9 _ . -, not '${name}'`, '--queue-name');
  return name;
}

/** A worker's connection: BullMQ's blocking commands need maxRetriesPerRequest null; it reconnects for ever. */
function connection(url: string) {
  return { url, maxRetriesPerRequest: null };
}

/** The coordinator's: it gives up reconnecting after about 5 s, so that a run fails rather than waits for ever. */
function coordinatorConnection(url: string) {
  return { url, maxRetriesPerRequest: null, retryStrategy: (times: number) => (times > 10 ? null : Math.min(times * 100, 1000)) };
}

// ---------------------------------------------------------------- what crosses Redis

const Fen = z.number().int();
const Count = z.number().int().nonnegative();
const SumsSchema = z.object({ members: Count, claims: Count, ...Object.fromEntries(MONEY_FIELDS.map((f) => [f, Fen])) }).strict();
const Table = z.record(z.string(), SumsSchema);
const Amount = z.object({ members: Count, amount: Fen }).strict();
const InvalidLineSchema = z.object({ line: Count, id: z.string().optional(), code: z.string(), path: z.string(), message: z.string() }).strict();
const ScenarioSchema = z
  .object({
    totals: SumsSchema,
    byScheme: Table,
    byClaimType: Table,
    byStatus: Table,
    byAgeBand: Table,
    byCategory: Table,
    contributions: z.object({ members: Count, toPooledFund: Fen, toPersonalAccount: Fen, largeExpense: Fen, pooledOutlay: Fen }).strict(),
    capReachedByStatus: z.record(z.string(), Count),
    oopHistogramByStatus: z.record(z.string(), z.record(z.string().regex(/^-?[0-9]+$/), Count)),
    refused: z.object({ members: Count, byCode: z.record(z.string(), Count), first: z.array(z.object({ id: z.string(), code: z.string(), path: z.string(), message: z.string() }).strict()) }).strict(),
    capReached: Count,
    oopHistogram: z.record(z.string().regex(/^-?[0-9]+$/), Count),
  })
  .strict();
const ChangeSchema = z.object({ compared: Count, rises: Amount, falls: Amount, unchanged: Count }).strict();
export const ChunkSummarySchema = z
  .object({
    read: Count,
    otherRegion: Count,
    invalid: z.object({ count: Count, first: z.array(InvalidLineSchema) }).strict(),
    baseline: ScenarioSchema,
    reforms: z.array(ScenarioSchema),
    changes: z.array(ChangeSchema),
    stop: InvalidLineSchema.optional(),
  })
  .strict();

const TaskSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('lines'), firstLine: z.number().int().positive(), lines: z.array(z.string()), lineNumbers: z.array(z.number().int().positive()).optional() }).strict(),
  z.object({ kind: z.literal('synthetic'), start: Count, count: Count }).strict(),
]);
export const JobSchema = z
  .object({
    config: z
      .object({
        region: z.string(),
        year: z.number().int(),
        reforms: z.array(z.object({ file: z.string(), text: z.string() }).strict()),
        skipInvalid: z.boolean(),
        synthetic: z.object({ seed: z.number().int().nonnegative(), assumptions: Assumptions }).strict().optional(),
      })
      .strict(),
    task: TaskSchema,
  })
  .strict();
export type Job = { config: RunConfig; task: ChunkTask };

function toChunkSummary(value: unknown, jobId: string): ChunkSummary {
  const r = ChunkSummarySchema.safeParse(value);
  if (!r.success) throw new YibaoError('unsupported', `job ${jobId}: the worker's summary is not one this version reads: ${r.error.issues[0]!.path.join('.')}: ${r.error.issues[0]!.message}`, '--queue');
  return r.data as ChunkSummary;
}

// ---------------------------------------------------------------- the coordinator

/**
 * Chunks as jobs on the queue `name` at `url`. `run` adds one job and resolves with the worker's
 * summary; `close` removes what is left of this run's jobs and closes the connections.
 */
export async function queueExecutor(url: string, name: string, config: RunConfig): Promise<ChunkExecutor> {
  const runId = randomUUID();
  const pending = new Map<string, { ok: (s: ChunkSummary) => void; fail: (e: Error) => void }>();
  const unreachable = (e: unknown) => new YibaoError('unsupported', `cannot reach the queue at ${url}: ${e instanceof Error ? e.message : String(e)}`, '--queue');
  const queue = new Queue(name, { connection: coordinatorConnection(url) });
  const events = new QueueEvents(name, { connection: coordinatorConnection(url) });
  // Connection errors are reported once, through the run's failure (not printed by BullMQ).
  let lastError: Error | undefined;
  const fail = (e: Error) => {
    lastError = e;
    for (const [id, p] of pending) {
      pending.delete(id);
      p.fail(unreachable(e));
    }
  };
  queue.on('error', fail);
  events.on('error', fail);
  events.on('completed', ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) => {
    const p = pending.get(jobId);
    if (!p) return;
    pending.delete(jobId);
    try {
      p.ok(toChunkSummary(returnvalue, jobId));
    } catch (e) {
      p.fail(e instanceof Error ? e : new Error(String(e)));
    }
  });
  events.on('failed', ({ jobId, failedReason }: { jobId: string; failedReason: string }) => {
    const p = pending.get(jobId);
    if (!p) return;
    pending.delete(jobId);
    p.fail(new YibaoError('unsupported', `job ${jobId} failed on a worker: ${failedReason}`, '--queue'));
  });
  let ready = false;
  const timeout = new Promise<never>((_, no) => setTimeout(() => (ready ? undefined : no(unreachable(lastError ?? 'no answer in 10 s'))), 10_000).unref());
  try {
    // Subscribed before any job is added: no completion is missed.
    await Promise.race([Promise.all([queue.waitUntilReady(), events.waitUntilReady()]), timeout]);
    ready = true;
  } catch (e) {
    // Closing a connection that never opened may not settle: not waited for long.
    await Promise.race([Promise.allSettled([queue.close(), events.close()]), new Promise((ok) => setTimeout(ok, 1000).unref())]);
    throw e instanceof YibaoError ? e : unreachable(e);
  }
  let index = 0;
  return {
    run(task: ChunkTask): Promise<ChunkSummary> {
      const jobId = `${runId}-${index++}`;
      const done = new Promise<ChunkSummary>((ok, fail) => pending.set(jobId, { ok, fail }));
      const data: Job = { config, task };
      return queue
        .add('chunk', data, { jobId, attempts: 1, removeOnComplete: true, removeOnFail: true })
        .then(() => done);
    },
    async close(): Promise<void> {
      // A run that stopped early leaves jobs waiting: they are removed (those being settled are
      // finished by their worker and removed on completion).
      const ids = [...pending.keys()];
      pending.clear();
      await Promise.allSettled(ids.map((id) => queue.remove(id)));
      await Promise.allSettled([events.close(), queue.close()]);
    },
  };
}

// ---------------------------------------------------------------- the worker

export interface WorkerOptions {
  url: string;
  name: string;
  /** Threads settling chunks (and jobs taken at once); default: the number of cores. */
  threads?: number | undefined;
  /** Told once the worker listens on the queue. */
  onReady?: (() => void) | undefined;
}

/** Settles the queue's jobs until `stop` is called (or SIGINT/SIGTERM, by the command). */
export async function runWorker(opts: WorkerOptions): Promise<{ stop: () => Promise<void>; done: Promise<void>; jobs: () => number }> {
  let settled = 0;
  const threads = opts.threads ?? Math.max(1, availableParallelism());
  const pool = new Piscina<Job, ChunkSummary>({ filename: workerFile(), minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
  const worker = new Worker(
    opts.name,
    async (job) => {
      const r = JobSchema.safeParse(job.data);
      if (!r.success) throw new Error(`not a yibao simulate job: ${r.error.issues[0]!.path.join('.')}: ${r.error.issues[0]!.message}`);
      const summary = await pool.run(r.data as Job);
      settled += 1;
      return summary;
    },
    { connection: connection(opts.url), concurrency: threads, autorun: false },
  );
  // A job that fails reports itself to the coordinator (its 'failed' event); the worker goes on.
  worker.on('error', (e) => process.stderr.write(`${JSON.stringify({ warning: { message: e.message } })}\n`));
  await worker.waitUntilReady();
  const done = worker.run().then(() => undefined);
  opts.onReady?.();
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await worker.close();
      await pool.destroy();
    })();
    return stopping;
  };
  return { stop, done, jobs: () => settled };
}
