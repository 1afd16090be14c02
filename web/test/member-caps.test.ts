import { describe, expect, it } from 'vitest';
import { ageOn, capsOf, chronicCap, chronicCount, outpatientCap } from '../src/lib/member-caps';
import { defaultPolicies, describeRegion, emptyAccumulators } from '../../src/index';

const view = (region: string) => describeRegion(defaultPolicies().get(region)!);
const person = (scheme: string, status: string, birthDate = '1970-05-01', enrolment: Record<string, unknown> | null = null) => ({ scheme, status, birthDate, enrolment });

describe("the year's use against each cap", () => {
  it('Cangzhou 2024, employed: annual 150,000, outpatient 3,500, chronic by recognised diseases; no amount for 大额 (not in the texts), special, 大病', () => {
    const totals = { ...emptyAccumulators(2024), fundPaid: 9000, outpatient: { deductibleBorne: 100, fundPaid: 700 }, chronic: { deductibleBorne: 0, fundPaid: 300, fundPaidByDisease: {} } };
    const rows = capsOf(view('cangzhou'), person('employee', 'employed'), totals, 2024, 2);
    expect(rows.map((r) => [r.key, r.used, r.cap])).toEqual([
      ['annual', 9000, 150000],
      ['outpatient', 700, 3500],
      ['chronic', 300, 3000],
      ['special', 0, undefined],
      ['largeExpense', 0, undefined],
      ['criticalIllness', 0, undefined],
    ]);
    // Before 2024-06-27 the 2021 rules: outpatient 1,200 (employed) / 1,500 (retired), no annual amount, no chronic cap.
    const y2023 = capsOf(view('cangzhou'), person('employee', 'retired'), emptyAccumulators(2023), 2023, 1);
    expect(y2023.find((r) => r.key === 'outpatient')!.cap).toBe(1500);
    expect(y2023.find((r) => r.key === 'annual')!.cap).toBeUndefined();
    expect(y2023.find((r) => r.key === 'chronic')!.cap).toBeUndefined();
  });

  it('Suihua: 大额 and 大病 caps of 300,000 where the layers give them', () => {
    expect(capsOf(view('suihua'), person('employee', 'employed'), emptyAccumulators(2026), 2026, 0).find((r) => r.key === 'largeExpense')!.cap).toBe(300000);
    const resident = capsOf(view('suihua'), person('resident', 'employed'), emptyAccumulators(2026), 2026, 0);
    expect(resident.find((r) => r.key === 'criticalIllness')!.cap).toBe(300000);
    expect(resident.find((r) => r.key === 'annual')!.cap).toBe(100000);
    // Per-disease chronic caps (高血压 400, 糖尿病 600): no single amount for the year.
    expect(resident.find((r) => r.key === 'chronic')!.cap).toBeUndefined();
  });

  it("Langfang's outpatient cap by age on 1 January (below 45: 2,000; else 3,000; retired 4,000); Ziyang's pool-only enrolment", () => {
    const cap = view('langfang').schemes[0]!.parameters.find((p) => p.path === 'outpatient.cap')!.values[0]!.value;
    expect(outpatientCap(cap, person('employee', 'employed', '1980-01-02'), 2025)).toBe(2000); // 44 on 2025-01-01
    expect(outpatientCap(cap, person('employee', 'employed', '1980-01-01'), 2025)).toBe(3000); // 45
    expect(outpatientCap(cap, person('employee', 'retired'), 2025)).toBe(4000);
    const ziyang = view('ziyang').schemes[0]!.parameters.find((p) => p.path === 'outpatient.cap')!.values[0]!.value;
    expect(outpatientCap(ziyang, person('employee', 'employed', '1970-05-01', { kind: 'pool_only' }), 2025)).toBe(800);
    expect(outpatientCap(ziyang, person('employee', 'retired'), 2025)).toBe(2500);
    // Ziyang's annual cap is 6 × the average wage: no amount in the data, no bar.
    expect(capsOf(view('ziyang'), person('employee', 'employed'), emptyAccumulators(2025), 2025, 0)[0]!.cap).toBeUndefined();
  });

  it('chronic cap by count: first, each more, at most; none without a recognised disease', () => {
    const v = { kind: 'per_disease_count', first: 2000, each: 1000, max: 5000 };
    expect(chronicCap(v, 0)).toBeUndefined();
    expect(chronicCap(v, 1)).toBe(2000);
    expect(chronicCap(v, 5)).toBe(5000);
    expect(chronicCap({ kind: 'per_disease' }, 2)).toBeUndefined();
    const rec = (date: string, category: string, name: string) => ({ date, detail: { category, name } });
    expect(chronicCount([rec('2024-01-01', 'chronic', '高血压病'), rec('2024-02-01', 'chronic', '高血压病'), rec('2024-03-01', 'special', '恶性肿瘤门诊治疗'), rec('2025-01-01', 'chronic', '糖尿病')], '2024-12-31')).toBe(1);
  });

  it('without the region: only the amounts', () => {
    expect(capsOf(null, person('employee', 'employed'), emptyAccumulators(2024), 2024, 1).every((r) => r.cap === undefined)).toBe(true);
    expect(ageOn('1970-05-01', '2024-05-01')).toBe(54);
    expect(ageOn('1970-05-02', '2024-05-01')).toBe(53);
  });
});
