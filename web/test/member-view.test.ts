import { describe, expect, it } from 'vitest';
import { admissionsOf, annualCapOn, used } from '../src/lib/member-view';
import { defaultPolicies, describeRegion, emptyAccumulators } from '../../src/index';

describe('the member page', () => {
  const cangzhou = describeRegion(defaultPolicies().get('cangzhou')!);

  it("reads the annual cap in force at the year's end where the text gives an amount: Cangzhou 150,000 yuan from 2024 (第七十三条), none given by the 2021 rules", () => {
    expect(annualCapOn(cangzhou, 'employee', '2024-12-31')).toBe(150000);
    expect(annualCapOn(cangzhou, 'employee', '2023-12-31')).toBeUndefined();
    expect(annualCapOn(cangzhou, 'resident', '2024-12-31')).toBeUndefined();
  });

  it('the share of the cap used never passes 1', () => {
    expect(used(37500, 150000)).toBe(0.25);
    expect(used(150000, 150000)).toBe(1);
    expect(used(160000, 150000)).toBe(1);
  });

  it("counts the year's admissions over every counter", () => {
    const totals = { ...emptyAccumulators(2024), admissions: { in_province: 2, cross_province: 1 } };
    expect(admissionsOf(totals)).toBe(3);
    expect(admissionsOf(emptyAccumulators(2024))).toBe(0);
  });
});
