// npm run bench — claims settled per second, on one core (one Node thread).
//
// Generates synthetic people with 1–4 inpatient claims of about 20 items each,
// spread over all four regions, and settles them three ways:
//   1. settle(request)                      validation + engine + explanation (steps)
//   2. settle(request, {explain: false})    validation + engine
//   3. settleParsed(policies, parsed, {explain: false})   the engine alone, on validated requests
// Usage: npm run bench [-- --claims 100000]
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
  { region: 'cangzhou', year: 2025 },
  { region: 'langfang', year: 2025 },
  { region: 'ziyang', year: 2024 },
  { region: 'suihua', year: 2026 },
];

function item() {
  const k = rnd();
  if (k < 0.45) return { category: 'drug', class: pick(['A', 'B', 'B', 'C']), amount: yuan(3000), negotiatedCancerDrug: rnd() < 0.05 };
  if (k < 0.75) return { category: 'service', class: pick(['A', 'B', 'C']), unitPrice: yuan(2000), quantity: 1 + Math.floor(rnd() * 3), largeEquipment: rnd() < 0.1 };
  if (k < 0.95) return { category: 'material', class: pick(['A', 'B']), unitPrice: yuan(5000), quantity: 1, ...(rnd() < 0.3 ? { priceCap: yuan(4000) } : {}) };
  return { category: 'bed', ward: pick(['general', 'general', 'icu', 'isolation']), dailyPrice: yuan(200), days: 1 + Math.floor(rnd() * 20) };
}

function person(i) {
  const { region, year } = REGIONS[i % REGIONS.length];
  const n = 1 + Math.floor(rnd() * 4);
  const claims = [];
  for (let c = 0; c < n; c++) {
    const month = String(1 + c * 3).padStart(2, '0');
    const place = pick(['local', 'local', 'local', 'in_province', 'cross_province']);
    claims.push({
      id: `P${i}C${c}`,
      type: 'inpatient',
      admissionDate: `${year}-${month}-02`,
      dischargeDate: `${year}-${month}-12`,
      hospital: { level: pick([0, 1, 2, 3]), grade: pick(['A', 'B']), tcm: rnd() < 0.1 },
      place,
      registration: place === 'cross_province' ? pick(['referral', 'temporary', 'long_term']) : 'none',
      items: Array.from({ length: 18 + Math.floor(rnd() * 5) }, item),
    });
  }
  return {
    region,
    scheme: 'employee',
    context: { averageWage: { 2023: 80000 } },
    person: { status: pick(['employed', 'retired']), birthDate: `${1940 + Math.floor(rnd() * 50)}-03-15`, tags: [] },
    claims,
  };
}

const requests = [];
let claims = 0;
for (let i = 0; claims < N; i++) {
  const r = person(i);
  requests.push(r);
  claims += r.claims.length;
}
const policies = defaultPolicies();
const parsed = requests.map(parseSettleRequest);

function measure(label, fn) {
  for (let i = 0; i < Math.min(2000, requests.length); i++) fn(i); // warm-up
  const t0 = process.hrtime.bigint();
  let settled = 0;
  for (let i = 0; i < requests.length; i++) settled += fn(i);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${label.padEnd(52)} ${String(Math.round(settled / s)).padStart(9)} claims/s  (${settled} claims in ${s.toFixed(2)} s)`);
}

console.log(`node ${process.version}, ${requests.length} people, ${claims} claims, ~20 items each, 4 regions`);
measure('settle(request) with explanation', (i) => settle(requests[i]).results.length);
measure('settle(request, {explain: false})', (i) => settle(requests[i], { explain: false }).results.length);
measure('engine alone on validated requests, no explanation', (i) => settleParsed(policies, parsed[i], { explain: false }).results.length);
