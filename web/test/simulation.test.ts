import { describe, expect, it } from 'vitest';
import { fieldOfSimulationPath, latestValueJson, parameterChoices, simulationBody, type SimulationDraft } from '../src/lib/simulation-form';
import { decileRows, payersByScenario, signedText, totalLines, type SimulationReport } from '../src/lib/simulation-view';
import { yuanText } from '../src/lib/format';
import { defaultPolicies, describeRegion } from '../../src/index';

const draft: SimulationDraft = { region: 'cangzhou', year: '2025', members: '200', seed: '', mode: 'example', example: 'a.yaml', parameter: '', value: '', from: '2025-01-01', article: '方案第一条', note: '' };
const examples = [{ file: 'a.yaml', text: 'document: …' }];

describe('the 测算 form', () => {
  it('sends an example reform as its text, the seed only when given', () => {
    expect(simulationBody(draft, examples)).toEqual({ body: { region: 'cangzhou', year: 2025, members: 200, reform: { text: 'document: …' } }, problems: {} });
    expect(simulationBody({ ...draft, seed: '7' }, examples).body?.seed).toBe(7);
  });

  it('sends one parameter with its JSON value, date, article and note', () => {
    const d = { ...draft, mode: 'parameter' as const, parameter: 'employee.inpatient.annualCap', value: '{"kind":"fixed","amount":200000}', note: ' Proposal ' };
    expect(simulationBody(d, examples).body?.reform).toEqual({ parameter: 'employee.inpatient.annualCap', value: { kind: 'fixed', amount: 200000 }, from: '2025-01-01', article: '方案第一条', note: 'Proposal' });
  });

  it('names each field at fault: population size 1..20000, year, seed, JSON, date, article, note', () => {
    expect(simulationBody({ ...draft, members: '20001', year: '19', seed: '-1', example: 'none' }, examples).problems).toEqual({ members: 'members', year: 'year', seed: 'seed', example: 'required' });
    expect(simulationBody({ ...draft, members: '0' }, examples).problems).toEqual({ members: 'members' });
    expect(simulationBody({ ...draft, members: '1.5' }, examples).problems).toEqual({ members: 'members' });
    const p = simulationBody({ ...draft, mode: 'parameter', parameter: 'x.y', value: '{700', from: '2025-02-30', article: ' ', note: '' }, examples);
    expect(p.body).toBeNull();
    expect(p.problems).toEqual({ value: 'json', from: 'date', article: 'required', note: 'required' });
    expect(simulationBody({ ...draft, mode: 'parameter', value: '' }, examples).problems).toMatchObject({ parameter: 'required', value: 'required', note: 'required' });
  });

  it("puts the service's error beside the field its path names", () => {
    expect(fieldOfSimulationPath('region', 'example')).toBe('region');
    expect(fieldOfSimulationPath('members', 'example')).toBe('members');
    expect(fieldOfSimulationPath('reform.text', 'example')).toBe('example');
    expect(fieldOfSimulationPath('reform.value.local.level3', 'parameter')).toBe('value');
    expect(fieldOfSimulationPath('reform.value[0]', 'parameter')).toBe('value');
    expect(fieldOfSimulationPath('reform.from', 'parameter')).toBe('from');
    expect(fieldOfSimulationPath('reform.note', 'parameter')).toBe('note');
    expect(fieldOfSimulationPath('reform', 'parameter')).toBe('parameter');
    expect(fieldOfSimulationPath('', 'parameter')).toBeUndefined();
  });

  it("lists the region's parameters with the scheme and takes the value in force last as JSON", () => {
    const cangzhou = describeRegion(defaultPolicies().get('cangzhou')!);
    const choices = parameterChoices(cangzhou);
    expect(choices).toContain('employee.inpatient.deductible.tables');
    expect(parameterChoices(describeRegion(defaultPolicies().get('suihua')!)).some((c) => c.startsWith('resident.'))).toBe(true);
    expect(JSON.parse(latestValueJson(cangzhou, 'employee.inpatient.deductible.tables'))).toMatchObject({ local: { level3: 900 } });
    expect(latestValueJson(cangzhou, 'employee.nothing')).toBe('');
  });
});

const totals = (o: Partial<Record<string, number>>) => ({ members: 2, claims: 5, medfee_sumamt: 0, hifp_pay: 0, hifob_pay: 0, hifmi_pay: 0, oth_pay: 0, fund_pay_sumamt: 0, psn_part_amt: 0, acct_pay: 0, psn_cash_pay: 0, ...o });
const scenario = (name: string, t: ReturnType<typeof totals>, deciles: number[]) => ({ name, totals: t, byScheme: {}, byClaimType: {}, byStatus: {}, byAgeBand: {}, refused: [], capReached: 0, outOfPocketDeciles: deciles });
const report = {
  region: 'cangzhou',
  year: 2025,
  population: 'synthetic:2',
  seed: 1,
  read: 2,
  otherRegion: 0,
  invalid: { count: 0, lines: [] },
  baseline: scenario('baseline', totals({ medfee_sumamt: 1000, hifp_pay: 600.1, hifob_pay: 0.1, hifmi_pay: 0.2, fund_pay_sumamt: 600.4, psn_part_amt: 399.6, acct_pay: 99.6, psn_cash_pay: 300 }), [10, 20, 30, 40, 50, 60, 70, 80, 90]),
  reforms: [
    {
      ...scenario('R', totals({ medfee_sumamt: 1000, hifp_pay: 800.3, hifob_pay: 0.1, hifmi_pay: 0.2, fund_pay_sumamt: 800.6, psn_part_amt: 199.4, acct_pay: 99.4, psn_cash_pay: 100 }), [10, 20, 30, 40, 50, 55, 60, 65, 70]),
      file: 'r.yaml',
      difference: totals({}),
      outOfPocket: { compared: 2, rises: { members: 0, amount: 0 }, falls: { members: 1, amount: 200.2 }, unchanged: 1 },
    },
  ],
} as unknown as SimulationReport;

describe('the 测算 results', () => {
  it('gives baseline, reform and their difference in fen (no float residue)', () => {
    const lines = totalLines(report);
    expect(lines.map((l) => l.row)).toEqual(['medfee_sumamt', 'fund_pay_sumamt', 'hifp_pay', 'layers', 'acct_pay', 'psn_cash_pay', 'psn_part_amt']);
    expect(lines.find((l) => l.row === 'hifp_pay')).toEqual({ row: 'hifp_pay', baseline: 600.1, reform: 800.3, difference: 200.2 });
    expect(lines.find((l) => l.row === 'layers')).toEqual({ row: 'layers', baseline: 0.3, reform: 0.3, difference: 0 });
    expect(lines.find((l) => l.row === 'psn_part_amt')!.difference).toBe(-200.2);
  });

  it('stacks who pays per scenario, and pairs the deciles', () => {
    expect(payersByScenario(report).map((p) => [p.scenario, p.amounts])).toEqual([
      ['baseline', { hifp_pay: 600.1, layers: 0.3, acct_pay: 99.6, psn_cash_pay: 300 }],
      ['reform', { hifp_pay: 800.3, layers: 0.3, acct_pay: 99.4, psn_cash_pay: 100 }],
    ]);
    expect(decileRows(report)[8]).toEqual({ label: 'P90', baseline: 90, reform: 70 });
    expect(decileRows({ ...report, reforms: [] })[0]).toEqual({ label: 'P10', baseline: 10, reform: null });
  });

  it('signs a rise', () => {
    expect(signedText(200.2, yuanText)).toBe('+200.20');
    expect(signedText(-1234.5, yuanText)).toBe('-1,234.50');
    expect(signedText(0, yuanText)).toBe('0.00');
  });
});
