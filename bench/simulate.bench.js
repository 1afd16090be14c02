// npm run bench:simulate — a synthetic city-year through `yibao simulate`: baseline plus one
// reform (examples/reforms/cangzhou-level3-deductible.yaml), worker threads, in one process.
// Prints the population's member-years and claims, the wall time, claims per second (a claim
// counts once though it is settled under both scenarios) and the process's peak RSS (worker
// threads included: they live in the same process).
// Usage: npm run bench:simulate [-- --members 200000 --workers 2 --chunk-size 1000]
import { availableParallelism } from 'node:os';
import { readReformFiles } from '../dist/simulate/files.js';
import { simulate } from '../dist/simulate/run.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? dflt : Number(args[i + 1]);
};
const members = opt('members', 200_000);
const workers = opt('workers', Math.min(2, availableParallelism()));
const chunkSize = opt('chunk-size', 1000);

const reforms = await readReformFiles(['examples/reforms/cangzhou-level3-deductible.yaml']);
let lastPrint = 0;
const started = process.hrtime.bigint();
const report = await simulate({
  region: 'cangzhou',
  year: 2025,
  population: { kind: 'synthetic', members },
  reforms,
  workers,
  chunkSize,
  skipInvalid: false,
  seed: 1,
  onProgress: (read, claims) => {
    const now = Date.now();
    if (process.stderr.isTTY && now - lastPrint > 500) {
      lastPrint = now;
      process.stderr.write(`\r${read} member-years, ${claims} claims`);
    }
  },
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
if (process.stderr.isTTY) process.stderr.write('\n');
const claims = report.baseline.totals.claims;
const rate = claims / seconds;
const peakMiB = process.resourceUsage().maxRSS / 1024;
console.log(`members        ${members}`);
console.log(`claims         ${claims} (each settled under the baseline and 1 reform)`);
console.log(`workers        ${workers}, chunks of ${chunkSize}`);
console.log(`wall time      ${seconds.toFixed(1)} s`);
console.log(`claims/s       ${Math.round(rate)}`);
console.log(`peak RSS       ${peakMiB.toFixed(0)} MiB`);
console.log(`at this rate   10,000,000 claims in ${(10_000_000 / rate / 60).toFixed(1)} min`);
console.log(`fund difference (reform − baseline): ${report.reforms[0].difference.fund_pay_sumamt} yuan`);
