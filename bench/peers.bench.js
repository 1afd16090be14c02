// npm run bench:peers — settle(request) beside the plain implementation of ../shared/bench-peers,
// with the two timed in alternation: each round times one pass of plain, then one pass of this
// project, over the same 5,000 requests, and the ratio of that round is plain's time over ours.
// The median ratio over the rounds is reported: a change of the machine's speed during the run
// (this project's machines vary by up to 2×) moves both passes of a round alike, where timing
// each engine in its own phase (bench-peers' own bench.mjs) lets it move one engine's figure only.
//
// Each way of calling settle runs in a process of its own, as in bench-peers: a process that
// also settled with explanations would run the shared code paths less optimised.
// Before timing, every output is compared with plain's on the 8 amounts, in fen.
// Usage: npm run bench:peers [-- --rounds 15 --n 5000 --engine <another build's index.js>]
//        (BENCH_PEERS=<folder> if not ../shared/bench-peers)
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const arg = (name, dflt) => Number(args[args.indexOf(`--${name}`) + 1] || dflt) || dflt;
const ROUNDS = arg('rounds', 15);
const N = arg('n', 5000);
const folder = resolve(process.env.BENCH_PEERS ?? resolve(import.meta.dirname, '..', '..', 'shared', 'bench-peers'));
const { generate } = await import(pathToFileURL(resolve(folder, 'gen.mjs')).href);
const plain = await import(pathToFileURL(resolve(folder, 'plain.mjs')).href);
const engine = args.includes('--engine') ? resolve(args[args.indexOf('--engine') + 1]) : resolve(import.meta.dirname, '..', 'dist', 'index.js');
const { settle } = await import(pathToFileURL(engine).href);

const requests = generate(N, 20240801, { exact: true });
const FIELDS = ['medfee_sumamt', 'fulamt_ownpay_amt', 'overlmt_selfpay', 'preselfpay_amt', 'inscp_scp_amt', 'act_pay_dedc', 'hifp_pay', 'psn_part_amt'];
const toFen = (y) => Math.round(y * 100);

const MODES = {
  'no-explain': ['{explain: false}', (r) => settle(r, { explain: false })],
  explain: ['with the explanation', (r) => settle(r)],
};
const mode = args.includes('--mode') ? args[args.indexOf('--mode') + 1] : undefined;
if (mode === undefined) {
  // One child process per mode.
  for (const m of Object.keys(MODES)) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...args, '--mode', m], { stdio: 'inherit' });
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
  process.exit(0);
}
if (!MODES[mode]) throw new Error(`--mode: ${mode} is not one of ${Object.keys(MODES).join(', ')}`);
const engines = { [MODES[mode][0]]: MODES[mode][1] };

// Identical outputs first, on every request.
for (const [name, run] of Object.entries(engines)) {
  for (const r of requests) {
    const want = plain.settle(r).results[0];
    const got = run(r).results[0];
    for (const f of FIELDS) {
      if (toFen(want[f]) !== toFen(got[f])) throw new Error(`${name}: ${r.claims[0].id} ${f}: plain ${want[f]}, settle ${got[f]}`);
    }
  }
}
console.log(`${Object.keys(engines)[0]}: all ${N} outputs identical to plain on the 8 amounts`);

/** One pass over the requests; µs a claim. */
function pass(run) {
  let sink = 0;
  const t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) sink += run(requests[i]).results[0].hifp_pay;
  const us = Number(process.hrtime.bigint() - t) / N / 1000;
  if (Number.isNaN(sink)) throw new Error('unreachable');
  return us;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const plainRun = (r) => plain.settle(r);
for (const [name, run] of Object.entries(engines)) {
  for (let w = 0; w < 3; w++) {
    pass(plainRun);
    pass(run);
  }
  const ratios = [];
  const ours = [];
  const theirs = [];
  for (let k = 0; k < ROUNDS; k++) {
    const p = pass(plainRun);
    const s = pass(run);
    theirs.push(p);
    ours.push(s);
    ratios.push(p / s);
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  console.log(
    `${name.padEnd(22)} ratio ${median(ratios).toFixed(3)} (rounds ${sorted[0].toFixed(3)}–${sorted[sorted.length - 1].toFixed(3)}); ` +
      `settle ${median(ours).toFixed(2)} µs a claim (${Math.round(1e6 / median(ours)).toLocaleString('en')}/s), plain ${median(theirs).toFixed(2)} µs`,
  );
}
