/**
 * The worker thread of `yibao simulate` (run by piscina): settles one chunk. Compiles the
 * scenarios' policies once per worker and run (the reforms come as text with each chunk).
 */
import type { PolicySet } from '../policy/scheme-view.js';
import { processChunk, type ChunkSummary, type ChunkTask, type RunConfig } from './chunk.js';
import { scenarioPolicies } from './scenarios.js';

let cached: { key: string; scenarios: PolicySet[] } | undefined;

export default function settleChunk(job: { config: RunConfig; task: ChunkTask }): ChunkSummary {
  const key = JSON.stringify(job.config.reforms);
  if (cached?.key !== key) cached = { key, scenarios: scenarioPolicies(job.config.reforms) };
  return processChunk(cached.scenarios, job.config, job.task);
}
