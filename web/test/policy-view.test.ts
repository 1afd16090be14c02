import { describe, expect, it } from 'vitest';
import { changesBetween, valueText } from '../src/lib/policy-view';
import { defaultPolicies, describeRegion } from '../../src/index';

describe('the policies page', () => {
  it('writes values as the files do, indented', () => {
    expect(valueText({ kind: 'fixed', amount: 150000 })).toBe('{ kind: fixed, amount: 150000 }');
    expect(valueText({ local: { level3: { employed: '60%', retired: '70%' } } })).toBe('local:\n  level3: { employed: 60%, retired: 70% }');
    expect(valueText({ tables: [{ level: 3, amount: 900 }, { level: 2, amount: 600 }] })).toBe('tables:\n  - { level: 3, amount: 900 }\n  - { level: 2, amount: 600 }');
    expect(valueText([1, 2])).toBe('[1, 2]');
    expect(valueText(null)).toBe('—');
  });

  it("Cangzhou 2021 → 2024: the outpatient ratio 50% → 60% for the employed is among the changes; the annual cap goes from none given to 150,000", () => {
    const employee = describeRegion(defaultPolicies().get('cangzhou')!).schemes.find((s) => s.scheme === 'employee')!;
    const { changed, same } = changesBetween(employee.parameters, '沧政办发〔2021〕10号', '沧政规〔2024〕1号');
    const ratio = changed.find((c) => c.path === 'outpatient.ratio')!;
    expect(ratio.before.article).toBe(employee.parameters.find((p) => p.path === 'outpatient.ratio')!.values[0]!.article);
    expect((ratio.before.value as { local: { level3: { employed: string } } }).local.level3.employed).toBe('50%');
    expect((ratio.after.value as { local: { level3: { employed: string } } }).local.level3.employed).toBe('60%');
    const cap = changed.find((c) => c.path === 'annualCap')!;
    expect([cap.before.value, cap.after.value]).toEqual([{ kind: 'not_in_texts' }, { kind: 'fixed', amount: 150000 }]);
    // Every parameter both documents give is either changed or counted as unchanged.
    const both = employee.parameters.filter((p) => new Set(p.values.map((v) => v.doc)).size === 2).length;
    expect(changed.length + same).toBe(both);
  });
});
