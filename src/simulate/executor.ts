/**
 * Where a run's chunks are settled: worker threads of this process (piscina), or, with --queue,
 * worker processes reading a Redis queue (queue.ts). Either way a chunk goes in and its partial
 * summary (integer fen) comes back; the run merges them in chunk order.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { ChunkSummary, ChunkTask, RunConfig } from './chunk.js';

export interface ChunkExecutor {
  run(task: ChunkTask): Promise<ChunkSummary>;
  close(): Promise<void>;
}

/** The worker's compiled file (dist/simulate/worker.js), also when this module runs from src/ (tests). */
export function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? resolve(dirname(here), '..', '..', 'dist', 'simulate', 'worker.js') : resolve(dirname(here), 'worker.js');
}

/** `workers` threads of this process. */
export function threadExecutor(workers: number, config: RunConfig): ChunkExecutor {
  const pool = new Piscina<{ config: RunConfig; task: ChunkTask }, ChunkSummary>({
    filename: workerFile(),
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 1000,
  });
  return {
    run: (task) => pool.run({ config, task }),
    close: () => pool.destroy(),
  };
}
