/**
 * The shipped example reforms (examples/reforms/): each one's key arithmetic on one hand-built
 * request through `yibao settle --reform`, and a small run of `yibao simulate` on a population file
 * (members reaching the annual cap, out-of-pocket deciles) and on the synthetic population.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const LF = 'examples/reforms/langfang-outpatient-cap-70.yaml';
const SH = 'examples/reforms/suihua-resident-critical-first-band.yaml';

function yibao(args: string[], stdin = '') {
  const r = spawnSync(process.execPath, [`${root}bin/yibao.js`, ...args], { input: stdin, encoding: 'utf8', cwd: root });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as unknown;
}

type Result = { hifp_pay: number; hifmi_pay: number; psn_part_amt: number };
function settle(request: unknown, reform?: string): Result[] {
  return (yibao(['settle', '--no-explain', ...(reform ? ['--reform', reform] : [])], JSON.stringify(request)) as { results: Result[] }).results;
}

const drugA = (amount: number) => [{ category: 'drug', class: 'A', amount }];
const visit = (id: string, visitDate: string, amount: number) => ({ id, type: 'outpatient', visitDate, hospital: { level: 1 }, place: 'local', registration: 'none', items: drugA(amount) });
const stay = (id: string, admissionDate: string, dischargeDate: string, level: number, amount: number) => ({
  id,
  type: 'inpatient',
  admissionDate,
  dischargeDate,
  hospital: { level },
  place: 'local',
  registration: 'none',
  items: drugA(amount),
});
const langfang = (birthDate: string) => ({
  region: 'langfang',
  scheme: 'employee',
  person: { status: 'employed', birthDate, sex: 'male', tags: [] },
  claims: [visit('O1', '2025-03-01', 5000), visit('O2', '2025-06-01', 3000)],
});
const suihua = (claims: unknown[], tags: string[] = []) => ({ region: 'suihua', scheme: 'resident', person: { status: 'employed', birthDate: '1960-05-01', sex: 'male', tags }, claims });
const big = suihua([stay('I1', '2027-03-01', '2027-03-20', 3, 100000)]);

describe('廊坊: the outpatient cap of employed members aged 70+, 3000 → 4000', () => {
  it('aged 72 on 2025-01-01: the second visit pays 60 under the 3000 cap, 1060 under 4000', () => {
    // O1: (5000 − 100 deductible) × 60% = 2940. O2: 3000 × 60% = 1800, within what is left of the cap:
    // 3000 − 2940 = 60 (baseline), 4000 − 2940 = 1060 (reform).
    expect(settle(langfang('1952-06-01')).map((r) => r.hifp_pay)).toEqual([2940, 60]);
    expect(settle(langfang('1952-06-01'), LF).map((r) => r.hifp_pay)).toEqual([2940, 1060]);
    expect(settle(langfang('1952-06-01'), LF)[1]!.psn_part_amt).toBe(1940); // 3000 − 1060
  });

  it('aged 65: the 45–69 band keeps 3000, the reform changes nothing', () => {
    expect(settle(langfang('1959-06-01'), LF).map((r) => r.hifp_pay)).toEqual([2940, 60]);
  });
});

describe('绥化: residents’ 大病 first band (15,000–20,000) at 50% instead of 65%', () => {
  it('a level-3 stay of 100,000: the first band pays 5000 × 50% instead of 65%, 750 less', () => {
    // Basic: (100000 − 800) × 65% = 64480; left to the member 35520. 大病 (deductible 15000, bands on
    // the cumulative amount): 15000–20000 × 65% = 3250, 20000–35520 × 70% = 10864: 14114.
    // Reform: 5000 × 50% = 2500 + 10864 = 13364.
    const [b] = settle(big);
    const [r] = settle(big, SH);
    expect([b!.hifp_pay, b!.hifmi_pay, b!.psn_part_amt]).toEqual([64480, 14114, 21406]);
    expect([r!.hifp_pay, r!.hifmi_pay, r!.psn_part_amt]).toEqual([64480, 13364, 22156]);
  });

  it('the poverty groups keep their 5 extra points: 55% instead of 70% on their first band', () => {
    // Deductible 7500: 7500–20000 × 70% = 8750, 20000–35520 × 75% = 11640: 20390; reform 55%: 6875 + 11640 = 18515.
    expect(settle(suihua(big.claims, ['poverty']))[0]!.hifmi_pay).toBe(20390);
    expect(settle(suihua(big.claims, ['poverty']), SH)[0]!.hifmi_pay).toBe(18515);
  });

  it('in 2026 the shipped 65% still governs (the reform starts 2027-01-01)', () => {
    expect(settle(suihua([stay('I1', '2026-03-01', '2026-03-20', 3, 100000)]), SH)[0]!.hifmi_pay).toBe(14114);
  });
});

describe('simulate: members reaching the annual cap, out-of-pocket deciles', () => {
  it('two Suihua members: one reaches the 100,000 cap; deciles by nearest rank', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'yibao-')), 'p.jsonl');
    // A: level-0 stay of 200,000: (200000 − 100) × 85% = 169915, cut to the cap 100,000; 大病 on the
    // 100,000 left: 5000 × 65% + 30000 × 70% + 50000 × 75% = 3250 + 21000 + 37500 = 61750;
    // out of pocket 200000 − 100000 − 61750 = 38250.
    // B: the 100,000 level-3 stay above, out of pocket 21406 (reform 22156).
    const a = suihua([stay('I1', '2027-03-01', '2027-03-20', 0, 200000)]);
    writeFileSync(file, `${JSON.stringify({ id: 'A', ...a })}\n${JSON.stringify({ id: 'B', ...big })}\n`);
    const [ra] = settle(a);
    const report = yibao(['simulate', '--region', 'suihua', '--year', '2027', '--population', `file:${file}`, '--reform', SH, '--workers', '1']) as {
      baseline: { capReached: number; outOfPocketDeciles: number[] };
      reforms: { capReached: number; outOfPocketDeciles: number[] }[];
    };
    expect([ra!.hifp_pay, ra!.hifmi_pay, ra!.psn_part_amt]).toEqual([100000, 61750, 38250]);
    expect(report.baseline.capReached).toBe(1);
    expect(report.reforms[0]!.capReached).toBe(1);
    // 2 members: P10…P50 are rank ⌈k × 2 / 10⌉ = 1, P60…P90 rank 2; 3 significant digits above 10 yuan.
    // 21406 → 21400, 38250 → 38200.
    expect(report.baseline.outOfPocketDeciles).toEqual([21400, 21400, 21400, 21400, 21400, 38200, 38200, 38200, 38200]);
    // Reform: B pays 22156 → 22100; A's 大病 first band too: 38250 + 750 = 39000.
    expect(report.reforms[0]!.outOfPocketDeciles).toEqual([22100, 22100, 22100, 22100, 22100, 39000, 39000, 39000, 39000]);
  });

  it('synthetic Langfang and Suihua populations give the reforms members to act on', () => {
    const lf = yibao(['simulate', '--region', 'langfang', '--year', '2025', '--population', 'synthetic:800', '--reform', LF, '--workers', '2']) as Sim;
    expect(lf.reforms[0]!.outOfPocket.rises.members).toBe(0);
    expect(lf.reforms[0]!.outOfPocket.falls.members).toBeGreaterThan(0);
    expect(lf.reforms[0]!.difference.hifp_pay).toBe(lf.reforms[0]!.outOfPocket.falls.amount);
    const sh = yibao(['simulate', '--region', 'suihua', '--year', '2027', '--population', 'synthetic:800', '--reform', SH, '--workers', '2']) as Sim;
    expect(Object.keys(sh.baseline.byStatus)).toEqual(['resident']);
    expect(sh.reforms[0]!.outOfPocket.falls.members).toBe(0);
    expect(sh.reforms[0]!.outOfPocket.rises.members).toBeGreaterThan(0);
    expect(sh.reforms[0]!.difference.hifmi_pay).toBe(-sh.reforms[0]!.outOfPocket.rises.amount);
  });
});

interface Sim {
  baseline: { byStatus: Record<string, unknown> };
  reforms: { difference: Record<string, number>; outOfPocket: { rises: { members: number; amount: number }; falls: { members: number; amount: number } } }[];
}
