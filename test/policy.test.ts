/**
 * Policy files: validated when loaded, errors naming the file and the key;
 * dated values resolved at a date, never answered with another date's rule.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyFileError, YibaoError } from '../src/engine/errors.js';
import { entryAt } from '../src/policy/compile.js';
import { DEFAULT_POLICY_DIR, loadPolicies } from '../src/policy/load.js';
import { settleWith } from '../src/engine/settlement/settle.js';
import { inpatient, request } from './helpers.js';

const CZ_FILE = 'cangzhou/cangzheng-gui-2024-1.yaml';

/** A copy of the shipped policies with one file's text changed. */
function withEdit(file: string, edit: (text: string) => string, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-policies-'));
  const root = join(dir, 'policies');
  cpSync(DEFAULT_POLICY_DIR, root, { recursive: true });
  const path = join(root, file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  for (const [name, text] of Object.entries(extra)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

function loadError(root: string): PolicyFileError {
  try {
    loadPolicies(root);
  } catch (e) {
    if (e instanceof PolicyFileError) return e;
    throw e;
  }
  throw new Error('expected the policies to be refused');
}

describe('policy files', () => {
  it('the shipped policies load, and every parameter entry cites an article', () => {
    const set = loadPolicies();
    expect([...set.keys()].sort()).toEqual(['cangzhou', 'langfang', 'suihua', 'ziyang']);
    const walk = (node: unknown, path: string, out: string[]) => {
      if (Array.isArray(node)) {
        for (const e of node as { article: string; doc: string }[]) out.push(`${path}: ${e.doc} ${e.article}`);
      } else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`, out);
      }
    };
    const cites: string[] = [];
    for (const p of set.values()) walk(p.schemes, p.region, cites);
    expect(cites.length).toBeGreaterThan(50);
    for (const c of cites) expect(c).toMatch(/: \S+ 第.+条/);
  });

  it('refuses an unknown key, naming the file and the key', () => {
    const root = withEdit(CZ_FILE, (t) => t.replace('  annualCap:\n', '  annualKap:\n'));
    const e = loadError(root);
    expect(e.file).toBe(`policies/${CZ_FILE}`);
    expect(e.key).toBe('employee.annualKap');
  });

  it('refuses a value without its article', () => {
    const root = withEdit(CZ_FILE, (t) => t.replace('    - article: 第七十三条\n', '    - note: no citation\n'));
    const e = loadError(root);
    expect(e.file).toBe(`policies/${CZ_FILE}`);
    expect(e.key).toBe('employee.annualCap[0].article');
  });

  it('refuses a citation that names no article', () => {
    const root = withEdit(CZ_FILE, (t) => t.replace('    - article: 第七十三条\n', '    - article: somewhere\n'));
    expect(loadError(root).key).toBe('employee.annualCap[0].article');
  });

  it('refuses two values of one parameter starting the same day, across files', () => {
    const second = readFileSync(join(DEFAULT_POLICY_DIR, CZ_FILE), 'utf8');
    const root = withEdit(CZ_FILE, (t) => t, { 'cangzhou/zz-duplicate.yaml': second });
    const e = loadError(root);
    expect(e.key).toBe('employee.benefitYear');
    expect(e.message).toContain('overlapping');
  });

  it('refuses an explicit end that reaches past the next value', () => {
    const root = withEdit(CZ_FILE, (t) =>
      t.replace(
        "    - article: 第七十三条\n      value: { kind: fixed, amount: 150000 }\n",
        "    - article: 第七十三条\n      until: 2025-12-31\n      value: { kind: fixed, amount: 150000 }\n    - article: 第七十三条\n      from: 2025-06-01\n      value: { kind: fixed, amount: 160000 }\n",
      ),
    );
    const e = loadError(root);
    expect(e.key).toBe('employee.annualCap');
    expect(e.message).toContain('overlapping');
  });

  it('a later value governs from its date, the earlier one up to the day before', () => {
    // annual cap raised to 160,000 from 2025-01-01 (a test edit): a 2024 claim keeps 150,000
    const root = withEdit(CZ_FILE, (t) =>
      t.replace(
        "    - article: 第七十三条\n      value: { kind: fixed, amount: 150000 }\n",
        "    - article: 第七十三条\n      value: { kind: fixed, amount: 150000 }\n    - article: 第七十三条\n      from: 2025-01-01\n      value: { kind: fixed, amount: 160000 }\n",
      ),
    );
    const set = loadPolicies(root);
    const cap = set.get('cangzhou')!.schemes.employee!.annualCap!;
    expect(entryAt(cap, '2024-12-31')!.value).toEqual({ kind: 'fixed', amount: 15_000_000 });
    expect(entryAt(cap, '2025-01-01')!.value).toEqual({ kind: 'fixed', amount: 16_000_000 });
    // before 2024-06-27 the 2021 document governs: it relies on a cap it does not give
    expect(entryAt(cap, '2024-06-26')!.value).toEqual({ kind: 'not_in_texts' });
    expect(entryAt(cap, '2021-12-31')).toBeUndefined();
    // level 1: (200000 − 300) × 98% = 195706 → 150000 in 2024, 160000 in 2025
    const big = { hospital: { level: 1 }, items: [{ category: 'drug', class: 'A', amount: 200000 }] };
    const r = settleWith(
      set,
      request('cangzhou', [inpatient({ ...big, admissionDate: '2024-12-01', dischargeDate: '2024-12-31' }), inpatient({ ...big, admissionDate: '2025-01-01', dischargeDate: '2025-01-20' })]),
    );
    expect(r.results.map((x) => x.hifp_pay)).toEqual([150000, 160000]);
  });

  it('a new region that differs only in numbers is a new folder, no code', () => {
    // "demo" copies Suihua's employee rules with a 500 deductible at level 3
    const text = readFileSync(join(DEFAULT_POLICY_DIR, 'suihua/suihua-yiliao-baoxian-2026.yaml'), 'utf8')
      .replace('  region: suihua\n  regionName: 绥化', '  region: demo\n  regionName: 示例市')
      .replace('local: { level0: 300, level1: 300, level2: 600, level3: 900 }', 'local: { level0: 300, level1: 300, level2: 600, level3: 500 }');
    const root = withEdit(CZ_FILE, (t) => t, { 'demo/demo.yaml': text });
    const set = loadPolicies(root);
    // (10000 − 500) × 85% = 8075
    const r = settleWith(set, request('demo', [inpatient({ admissionDate: '2026-03-01', dischargeDate: '2026-03-02' })]));
    expect(r.results[0]!.hifp_pay).toBe(8075);
  });

  it('a 大额 rule can be added as data where the texts have none', () => {
    // a hypothetical Cangzhou 大额 of 90% within 300,000 above the 150,000 cap (test data only)
    const root = withEdit(CZ_FILE, (t) =>
      t.replace('        value: { kind: not_in_texts }\n        note: >-\n          超过统筹基金最高支付限额', '        value: { kind: above_cap, ratio: "90%", cap: 300000, claimTypes: [inpatient] }\n        note: >-\n          超过统筹基金最高支付限额'),
    );
    // level 1: (200000 − 300) × 98% = 195706 → 150000, covering 150000 ÷ 98% = 153061.22;
    // beyond 199700 − 153061.22 = 46638.78 × 90% = 41974.902 → 41974.90
    const r = settleWith(loadPolicies(root), request('cangzhou', [inpatient({ admissionDate: '2024-07-01', dischargeDate: '2024-07-20', hospital: { level: 1 }, items: [{ category: 'drug', class: 'A', amount: 200000 }] })]));
    expect([r.results[0]!.hifp_pay, r.results[0]!.hifob_pay]).toEqual([150000, 41974.9]);
  });

  it('a date outside every value is refused, not answered with a neighbour', () => {
    try {
      settleWith(loadPolicies(), request('suihua', [inpatient({ admissionDate: '2031-01-01', dischargeDate: '2031-01-02' })]));
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(YibaoError);
      expect((e as YibaoError).code).toBe('policy_not_in_force');
      expect((e as YibaoError).message).toContain('2031-01-02');
    }
  });
});
