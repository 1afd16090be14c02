/**
 * The `yibao settle` contract: JSON in (file or stdin), JSON out, exit 0;
 * on error exit 1, nothing on stdout, {"error": {code, message, path}} on stderr.
 * Runs the built program (npm test builds first).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = `${root}bin/yibao.js`;
const example = `${root}examples/settle-cangzhou-inpatient.json`;

function yibao(args: string[], stdin?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { input: stdin ?? '', encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('yibao settle', () => {
  it('settles the shipped example from --input', () => {
    const r = yibao(['settle', '--input', example]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.results).toHaveLength(1);
    expect(out.results[0]).toMatchObject({ claimId: 'C1', year: 2024, medfee_sumamt: 8400, hifp_pay: 5148, psn_part_amt: 3252 });
    expect(out.results[0].steps.length).toBeGreaterThan(3);
  });

  it('reads stdin when no file is given', () => {
    const r = yibao(['settle'], readFileSync(example, 'utf8'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results[0].hifp_pay).toBe(5148);
  });

  it('on error: exit 1, empty stdout, the error object on stderr', () => {
    const req = JSON.parse(readFileSync(example, 'utf8'));
    req.claims[0].dischargeDate = '2024-06-01';
    req.claims[0].admissionDate = '2024-05-20';
    const r = yibao(['settle'], JSON.stringify(req));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const err = JSON.parse(r.stderr);
    expect(err.error.code).toBe('policy_not_in_force');
    expect(err.error.path).toBe('claims[0].dischargeDate');
    expect(typeof err.error.message).toBe('string');
  });

  it('refuses a request that is not JSON', () => {
    const r = yibao(['settle'], '{not json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr).error.code).toBe('invalid_input');
  });

  it('refuses a missing input file', () => {
    const r = yibao(['settle', '--input', `${root}no-such-file.json`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr).error.code).toBe('invalid_input');
  });
});

describe('the membership commands share the contract', () => {
  it.each([
    ['contribution', { region: 'suihua', month: '2026-03', person: { type: 'flexible' }, context: { averageWage: { '2025': 60000 } } }, 'total', 500],
    ['account', { region: 'suihua', month: '2026-03', person: { status: 'retired', retireeCategory: 'enterprise' } }, 'credit', 56],
    ['eligibility', { region: 'suihua', person: { type: 'employee' }, enrolment: { kind: 'new_employer' }, history: [{ month: '2026-01', paidOn: '2026-01-20' }, { month: '2026-02', paidOn: '2026-02-20' }], dates: ['2026-02-01'] }, 'coveredFrom', '2026-02-01'],
    ['retirement', { region: 'suihua', sex: 'female', retirementDate: '2026-05-01', months: { local: 300 } }, 'qualifies', true],
    ['maternity', { region: 'suihua', date: '2026-04-01', person: { sex: 'female', type: 'employee', continuousMonths: 12, employer: { averageMonthlyWage: 3000 } }, event: { kind: 'delivery', delivery: 'natural', cost: 2000 } }, 'allowance', 15800],
  ])('yibao %s answers on stdout with steps', (command, request, field, value) => {
    const r = yibao([command], JSON.stringify(request));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out[field]).toBe(value);
    expect(Array.isArray(out.steps)).toBe(true);
  });

  it('errors go to stderr as the same object', () => {
    const r = yibao(['maternity'], JSON.stringify({ region: 'cangzhou', date: '2025-03-01', person: {}, event: { kind: 'prenatal' } }));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr).error.code).toBe('unsupported');
  });
});

describe('every shipped example runs', () => {
  const cases: [string, string, (out: Record<string, unknown>) => unknown, unknown][] = [
    ['settle', 'settle-cangzhou-inpatient.json', (o) => (o.results as { hifp_pay: number }[])[0]!.hifp_pay, 5148],
    ['settle', 'settle-cangzhou-outpatient.json', (o) => (o.results as { hifp_pay: number }[]).map((r) => r.hifp_pay), [450, 570, 640]],
    ['settle', 'settle-ziyang-special.json', (o) => (o.results as { oth_pay: number }[]).map((r) => r.oth_pay), [300, 13752]],
    ['settle', 'settle-suihua-resident.json', (o) => (o.results as { hifmi_pay: number }[])[2]!.hifmi_pay, 20630],
    ['settle', 'settle-langfang-year-to-date.json', (o) => (o.results as { act_pay_dedc: number; hifp_pay: number }[]).map((r) => [r.act_pay_dedc, r.hifp_pay]), [[300, 9312]]],
    ['contribution', 'contribution-cangzhou.json', (o) => o.total, 564],
    ['eligibility', 'eligibility-cangzhou.json', (o) => o.coveredFrom, '2024-10-01'],
    ['retirement', 'retirement-cangzhou.json', (o) => (o.topUp as { amount: number }).amount, 24000],
    ['account', 'account-suihua.json', (o) => o.credit, 56],
    ['maternity', 'maternity-ziyang.json', (o) => [o.allowance, o.medicalPaid], [31600, 3500]],
  ];
  it.each(cases)('yibao %s --input examples/%s', (command, file, pick, expected) => {
    const r = yibao([command, '--input', `${root}examples/${file}`]);
    expect(r.code).toBe(0);
    expect(pick(JSON.parse(r.stdout))).toEqual(expected);
  });
});
