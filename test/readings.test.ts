/**
 * Readings the texts leave open are named variants in the policy files: each test settles one case
 * under our reading (the shipped files) and under the other (the same files with the variant switched),
 * with the article's arithmetic for both.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settleWith, type PolicySet } from '../src/engine/settlement/settle.js';
import { DEFAULT_POLICY_DIR, loadPolicies } from '../src/policy/load.js';
import { settle } from '../src/index.js';
import { inpatient, request, type Json } from './helpers.js';

/** The shipped policies with one file's text changed (the variant switched). */
function withVariant(file: string, from: string, to: string): PolicySet {
  const root = join(mkdtempSync(join(tmpdir(), 'yibao-variant-')), 'policies');
  cpSync(DEFAULT_POLICY_DIR, root, { recursive: true });
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
  return loadPolicies(root);
}

const CZ = 'cangzhou/cangzheng-gui-2024-1.yaml';
const SH = 'suihua/suihua-yiliao-baoxian-2026.yaml';

function one(req: Json, policies?: PolicySet) {
  return (policies ? settleWith(policies, req) : settle(req)).results[0]!;
}

describe('named readings', () => {
  const cross = (registration: string) =>
    request('cangzhou', [inpatient({ admissionDate: '2024-08-01', dischargeDate: '2024-08-10', place: 'cross_province', registration })]);

  it('沧州 临时备案 (第六十六条（二）2、第九十五条): −20 as unregistered (ours), −10 as registered (variant)', () => {
    // level 3 cross-province: deductible 1800. Ours: 90 − 20 = 70%: (10000 − 1800) × 70% = 5740
    expect(one(cross('temporary')).hifp_pay).toBe(5740);
    // variant: 90 − 10 = 80%: 8200 × 80% = 6560
    const registered = withVariant(CZ, 'value: unregistered', 'value: registered');
    const r = one(cross('temporary'), registered);
    expect(r.hifp_pay).toBe(6560);
    expect(r.steps.some((s) => s.rule === 'inpatient.setting.temporary')).toBe(true);
  });

  it('“降低10%” (沧州 第六十六条（二）2): 10 points (ours) or 10% of the ratio (variant)', () => {
    // referral, level 3: ours 90 − 10 = 80%: (10000 − 1800) × 80% = 6560
    expect(one(cross('referral')).hifp_pay).toBe(6560);
    // variant: 90% × 90% = 81%: 8200 × 81% = 6642; unregistered 90% × 80% = 72%: 8200 × 72% = 5904
    const factor = withVariant(CZ, 'value: points', 'value: factor');
    expect(one(cross('referral'), factor)).toMatchObject({ pool_prop_selfpay: 0.81, hifp_pay: 6642 });
    expect(one(cross('none'), factor)).toMatchObject({ pool_prop_selfpay: 0.72, hifp_pay: 5904 });
  });

  it('转诊转院 to a higher level (沧州 第六十六条（一）4): fill up what the course has not borne (ours) or the difference of the standards (variant)', () => {
    // level 1, eligible 200 ≤ 300: bears 200; referred to level 3 the next day (standard 900):
    // ours: 900 − 200 = 700, (10000 − 700) × 90% = 8370; variant: 900 − 300 = 600, (10000 − 600) × 90% = 8460
    const req = request('cangzhou', [
      inpatient({ admissionDate: '2024-07-01', dischargeDate: '2024-07-03', hospital: { level: 1 }, items: [{ category: 'drug', class: 'A', amount: 200 }] }),
      inpatient({ admissionDate: '2024-07-04', dischargeDate: '2024-07-15', registration: 'referral' }),
    ]);
    expect(settle(req).results[1]!).toMatchObject({ act_pay_dedc: 700, hifp_pay: 8370 });
    const difference = withVariant(CZ, 'toHigherStandard: fill_up', 'toHigherStandard: difference');
    expect(settleWith(difference, req).results[1]!).toMatchObject({ act_pay_dedc: 600, hifp_pay: 8460 });
  });

  it('大病 bands (绥化 第二十九条（二）): on the cumulative amount (ours) or above the deductible (variant)', () => {
    // resident, level 3, 100000 eligible: (100000 − 800) × 65% = 64480; left to the person 35520.
    const req = request('suihua', [inpatient({ admissionDate: '2026-03-01', dischargeDate: '2026-03-20', hospital: { level: 3 }, items: [{ category: 'drug', class: 'A', amount: 100000 }] })], {}, { scheme: 'resident' });
    const ours = one(req);
    expect(ours.hifp_pay).toBe(64480);
    // ours: 15000–20000 × 65% = 3250; 20000–35520 × 70% = 10864 → 14114
    expect(ours.hifmi_pay).toBe(14114);
    // variant: bands from the deductible: 15000–35000 × 65% = 13000; 35000–35520 × 70% = 364 → 13364
    const above = withVariant(SH, 'bandsOn: cumulative', 'bandsOn: above_deductible');
    expect(one(req, above).hifmi_pay).toBe(13364);
  });
});
