/** A region's parameters as people read them: dated values as the files write them, each with its article. */
import { describe, expect, it } from 'vitest';
import { defaultPolicies, describeRegion } from '../src/index.js';

describe('describeRegion', () => {
  const policies = defaultPolicies();

  it("Cangzhou's annual cap: none given by the 2021 rules, 150,000 yuan from 沧政规〔2024〕1号 第七十三条 (as written, in yuan)", () => {
    const view = describeRegion(policies.get('cangzhou')!);
    expect(view.documents.map((d) => [d.id, d.from, d.until])).toEqual([
      ['沧政办发〔2021〕10号', '2022-01-01', null],
      ['沧政规〔2024〕1号', '2024-06-27', null],
    ]);
    const employee = view.schemes.find((s) => s.scheme === 'employee')!;
    const cap = employee.parameters.find((p) => p.path === 'annualCap')!;
    expect(cap.values.map(({ from, until, doc, article, value }) => ({ from, until, doc, article, value }))).toEqual([
      { from: '2022-01-01', until: '2024-06-26', doc: '沧政办发〔2021〕10号', article: '第十三条', value: { kind: 'not_in_texts' } },
      { from: '2024-06-27', until: null, doc: '沧政规〔2024〕1号', article: '第七十三条', value: { kind: 'fixed', amount: 150000 } },
    ]);
    // The outpatient ratio changed between the two documents: 50% → 60% for the employed.
    const ratio = employee.parameters.find((p) => p.path === 'outpatient.ratio')!;
    const employed = ratio.values.map((v) => (v.value as { local: { level3: { employed: string } } }).local.level3.employed);
    expect(employed).toEqual(['50%', '60%']);
  });

  it('every region: values in date order without overlap, each with an article', () => {
    for (const region of policies.values()) {
      const view = describeRegion(region);
      expect(view.schemes.length).toBeGreaterThan(0);
      for (const scheme of view.schemes) {
        expect(scheme.parameters.length).toBeGreaterThan(10);
        for (const p of scheme.parameters) {
          for (let i = 0; i < p.values.length; i++) {
            const v = p.values[i]!;
            expect(v.article, `${region.region} ${p.path}`).toMatch(/^第/);
            expect(v.value, `${region.region} ${p.path}`).not.toBeUndefined();
            const next = p.values[i + 1];
            if (next) expect(v.until !== null && v.until < next.from, `${region.region} ${p.path}`).toBe(true);
          }
        }
      }
    }
  });
});
