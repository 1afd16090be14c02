// npm run bench — claims settled per second, on one core (one Node thread).
//
// Generates synthetic people with 1–4 claims of about 20 items each — inpatient,
// general outpatient, chronic and special diseases — over all four regions and
// both of Suihua's schemes, and settles them four ways:
//   1. settle(request, {explain: false})                   validation + engine
//   2. settle(request)                                     validation + engine + explanation
//   3. settleParsed(policies, parsed, {explain: false})   the engine alone, on validated requests
//   4. settleParsed(policies, parsed)                      the engine with the explanation (steps)
// Usage: npm run bench [-- --claims 100000 --pool 5000]
import { defaultPolicies, parseSettleRequest, settle, settleParsed } from '../dist/index.js';

const args = process.argv.slice(2);
const N = Number(args[args.indexOf('--claims') + 1] || 100_000) || 100_000;

let seed = 42;
const rnd = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const yuan = (max) => Math.round(rnd() * max * 100) / 100;

const REGIONS = [
  { region: 'cangzhou', scheme: 'employee', year: 2025, chronic: '高血压病', special: '白血病' },
  { region: 'langfang', scheme: 'employee', year: 2025 },
  { region: 'ziyang', scheme: 'employee', year: 2024, special: '甲亢', specialClass: 2 },
  { region: 'suihua', scheme: 'employee', year: 2026 },
  { region: 'suihua', scheme: 'resident', year: 2026, chronic: '高血压' },
];

function item() {
  const k = rnd();
  if (k < 0.45) return { category: 'drug', class: pick(['A', 'B', 'B', 'C']), amount: yuan(3000), negotiatedCancerDrug: rnd() < 0.05 };
  if (k < 0.75) return { category: 'service', class: pick(['A', 'B', 'C']), unitPrice: yuan(2000), quantity: 1 + Math.floor(rnd() * 3), largeEquipment: rnd() < 0.1 };
  if (k < 0.95) return { category: 'material', class: pick(['A', 'B']), unitPrice: yuan(5000), quantity: 1, ...(rnd() < 0.3 ? { priceCap: yuan(4000) } : {}) };
  return { category: 'bed', ward: pick(['general', 'general', 'icu', 'isolation']), dailyPrice: yuan(200), days: 1 + Math.floor(rnd() * 20) };
}

function person(i) {
  const r = REGIONS[i % REGIONS.length];
  const n = 1 + Math.floor(rnd() * 4);
  const claims = [];
  for (let c = 0; c < n; c++) {
    const month = String(1 + c * 3).padStart(2, '0');
    const k = rnd();
    const type = k < 0.4 ? 'inpatient' : k < 0.8 || (!r.chronic && !r.special) ? 'outpatient' : r.chronic && (k < 0.9 || !r.special) ? 'chronic' : 'special';
    const place = type === 'inpatient' ? pick(['local', 'local', 'local', 'in_province', 'cross_province']) : 'local';
    const common = {
      id: `P${i}C${c}`,
      type,
      hospital: { level: type === 'chronic' ? pick([0, 1, 2]) : pick([0, 1, 2, 3]), grade: pick(['A', 'B']), tcm: rnd() < 0.1 },
      place,
      registration: place === 'cross_province' ? pick(['referral', 'temporary', 'long_term']) : 'none',
      items: Array.from({ length: 18 + Math.floor(rnd() * 5) }, item).filter((it) => type === 'inpatient' || it.category !== 'bed'),
    };
    if (type === 'inpatient') claims.push({ ...common, admissionDate: `${r.year}-${month}-02`, dischargeDate: `${r.year}-${month}-12` });
    else claims.push({ ...common, visitDate: `${r.year}-${month}-12`, ...(type === 'outpatient' ? {} : { disease: type === 'chronic' ? r.chronic : r.special }) });
  }
  return {
    region: r.region,
    scheme: r.scheme,
    context: { averageWage: { 2023: 80000 } },
    person: {
      status: pick(['employed', 'retired']),
      birthDate: `${1940 + Math.floor(rnd() * 50)}-03-15`,
      tags: [],
      chronicDiseases: r.chronic ? [{ name: r.chronic, recognizedOn: '2020-01-01' }] : [],
      specialDiseases: r.special ? [{ name: r.special, recognizedOn: '2020-01-01', ...(r.specialClass ? { class: r.specialClass } : {}) }] : [],
      ...(r.scheme === 'employee' ? { accountBalance: yuan(3000) } : {}),
    },
    claims,
  };
}

// A pool of distinct people (about 12,000 claims), settled over and over until N
// claims are done: the data stays varied while the live heap stays the size a
// service holds, not N requests at once.
const POOL = Number(args.includes('--pool') ? args[args.indexOf('--pool') + 1] : 5_000);
const requests = [];
let claims = 0;
for (let i = 0; i < POOL; i++) {
  const r = person(i);
  requests.push(r);
  claims += r.claims.length;
}
const policies = defaultPolicies();

/** Best of `rounds` passes over all requests (the first pass also warms the JIT). */
function measure(label, fn, rounds = 3) {
  let best = Infinity;
  let settled = 0;
  for (let round = 0; round < rounds; round++) {
    const t0 = process.hrtime.bigint();
    settled = 0;
    while (settled < N) for (let i = 0; i < requests.length && settled < N; i++) settled += fn(i);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  console.log(`${label.padEnd(52)} ${String(Math.round(settled / best)).padStart(9)} claims/s  (${settled} claims in ${best.toFixed(2)} s, best of ${rounds})`);
}

const types = {};
for (const r of requests) for (const c of r.claims) types[c.type] = (types[c.type] ?? 0) + 1;
console.log(`node ${process.version}, ${N} claims settled from a pool of ${requests.length} people with ${claims} claims (${Object.entries(types).map(([t, n]) => `${t} ${n}`).join(', ')}), ~20 items each, 4 regions`);
// settle(request) first: once the pool is parsed and kept, V8 allocates what parsing allocates
// directly in the old generation (allocation-site pretenuring), which a service that parses,
// settles and drops each request never sees.
measure('settle(request, {explain: false})', (i) => settle(requests[i], { explain: false }).results.length);
measure('settle(request) with explanation', (i) => settle(requests[i]).results.length);
const parsed = requests.map(parseSettleRequest);
measure('engine alone on validated requests, no explanation', (i) => settleParsed(policies, parsed[i], { explain: false }).results.length);
measure('engine alone on validated requests, explained', (i) => settleParsed(policies, parsed[i]).results.length);
