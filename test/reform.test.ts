/**
 * Reforms: a policy file appended to a region's documents, governing from its start date.
 * `yibao settle --reform FILE` settles under the reformed rules (runs the built program).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PolicyFileError, settleWith } from '../src/index.js';
import { defaultPolicies, defaultPolicyDocuments } from '../src/policy/load.js';
import { policiesWithReforms } from '../src/simulate/reform.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = `${root}bin/yibao.js`;
const reformPath = 'examples/reforms/cangzhou-level3-deductible.yaml';
const reformText = readFileSync(`${root}${reformPath}`, 'utf8');
const sources = { policies: defaultPolicies(), documents: defaultPolicyDocuments() };

function yibao(args: string[], stdin = '') {
  const r = spawnSync(process.execPath, [bin, ...args], { input: stdin, encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The shipped Cangzhou inpatient example, moved to a discharge date of 2025 (or kept in 2024). */
function example(year: 2024 | 2025): Record<string, unknown> {
  const text = readFileSync(`${root}examples/settle-cangzhou-inpatient.json`, 'utf8');
  return JSON.parse(text.replace('2024-07-20', `${year}-07-20`).replace('2024-08-01', `${year}-08-01`)) as Record<string, unknown>;
}

function reformError(text: string): PolicyFileError {
  try {
    policiesWithReforms(sources, [{ file: 'r.yaml', text }]);
  } catch (e) {
    if (e instanceof PolicyFileError) return e;
    throw e;
  }
  throw new Error('the reform was accepted');
}

describe('settle under a reform', () => {
  it('the level-3 deductible 900 → 700 from 2025: (6620 − 700) × 90% = 5328 from the fund', () => {
    // Eligible 6620 (8400 − 1000 class C − 300 above the price cap − 480 pre-self-pay), ratio 90% for the employed at level 3.
    const reformed = policiesWithReforms(sources, [{ file: reformPath, text: reformText }]);
    const r = settleWith(reformed, example(2025), { explain: false }).results[0]!;
    expect(r.inscp_scp_amt).toBe(6620);
    expect(r.act_pay_dedc).toBe(700);
    expect(r.hifp_pay).toBe(5328); // (6620 − 700) × 0.9
    expect(r.psn_part_amt).toBe(3072); // 8400 − 5328
    // Baseline: (6620 − 900) × 0.9 = 5148.
    expect(settleWith(defaultPolicies(), example(2025), { explain: false }).results[0]!.hifp_pay).toBe(5148);
  });

  it('before the reform starts the shipped deductible governs: 2024 discharge, (6620 − 900) × 90% = 5148', () => {
    const reformed = policiesWithReforms(sources, [{ file: reformPath, text: reformText }]);
    const r = settleWith(reformed, example(2024), { explain: false }).results[0]!;
    expect(r.act_pay_dedc).toBe(900);
    expect(r.hifp_pay).toBe(5148);
  });

  it('a policy set changed in place is read as changed: the reformed region, then no region at all', () => {
    // The settle path keeps the last scheme view it was asked for; it must follow the set's region policy.
    const set = new Map(defaultPolicies());
    expect(settleWith(set, example(2025), { explain: false }).results[0]!.hifp_pay).toBe(5148); // (6620 − 900) × 0.9
    const reformed = policiesWithReforms(sources, [{ file: reformPath, text: reformText }]);
    set.set('cangzhou', reformed.get('cangzhou')!);
    expect(settleWith(set, example(2025), { explain: false }).results[0]!.hifp_pay).toBe(5328); // (6620 − 700) × 0.9
    set.delete('cangzhou');
    expect(() => settleWith(set, example(2025), { explain: false })).toThrow(expect.objectContaining({ code: 'invalid_input', path: 'region' }));
  });

  it('the CLI: same numbers, the step cites the reform', () => {
    const r = yibao(['settle', '--reform', reformPath], JSON.stringify(example(2025)));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { results: { hifp_pay: number; psn_part_amt: number; steps: { source?: string }[] }[] };
    expect(out.results[0]).toMatchObject({ hifp_pay: 5328, psn_part_amt: 3072 });
    expect(out.results[0]!.steps.some((s) => s.source?.startsWith('沧州起付线改革示例 方案第一条'))).toBe(true);
    // Without --reform: the shipped 900.
    expect(JSON.parse(yibao(['settle', '--no-explain'], JSON.stringify(example(2025))).stdout).results[0].hifp_pay).toBe(5148);
  });
});

describe('reform validation', () => {
  const header = reformText.slice(0, reformText.indexOf('employee:'));

  it('an unknown key is refused with its path', () => {
    const e = reformError(`${header}employee:\n  inpatient:\n    deductibel:\n      tables: []\n`);
    expect(e.key).toBe('employee.inpatient.deductibel');
    expect(e.message).toContain('unknown key');
  });

  it('a value without a note is refused at the entry’s note', () => {
    const text = `${header}employee:\n  annualCap:\n    - article: 方案第二条\n      value: { kind: fixed, amount: 200000 }\n`;
    expect(reformError(text).key).toBe('employee.annualCap[0].note');
  });

  it('a value without an article is refused by the policy schema', () => {
    const text = `${header}employee:\n  annualCap:\n    - value: { kind: fixed, amount: 200000 }\n      note: proposal\n`;
    expect(reformError(text).key).toBe('employee.annualCap[0].article');
  });

  it('a region without shipped policies', () => {
    expect(reformError(header.replace('region: cangzhou', 'region: baoding')).key).toBe('document.region');
  });

  it('an entry starting on the day a shipped one starts overlaps', () => {
    // 沧政规〔2024〕1号's deductible tables start 2024-06-27 (its effective date).
    const text = reformText.replace('from: 2025-01-01', 'from: 2024-06-27');
    expect(reformError(text).message).toContain('overlapping date ranges');
  });

  it('the CLI reports it as invalid_input with the key as path, nothing on stdout', () => {
    const r = spawnSync(process.execPath, [bin, 'settle', '--reform', 'test/fixtures/reform-no-note.yaml'], { input: JSON.stringify(example(2025)), encoding: 'utf8', cwd: root });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const e = JSON.parse(r.stderr) as { error: { code: string; path: string; message: string } };
    expect(e.error.code).toBe('invalid_input');
    expect(e.error.path).toBe('employee.inpatient.deductible.tables[0].note');
    expect(e.error.message).toContain('test/fixtures/reform-no-note.yaml');
  });

  it('a reform file that cannot be read: path --reform', () => {
    const r = yibao(['settle', '--reform', 'no-such.yaml'], JSON.stringify(example(2025)));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).error).toMatchObject({ code: 'invalid_input', path: '--reform' });
  });
});
