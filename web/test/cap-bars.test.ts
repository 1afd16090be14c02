/**
 * The member page's caps as rendered (react-dom/server, no browser): 绥化 residents' 两病 caps are
 * by disease (高血压 400, 糖尿病 600), each recognised disease a bar of its own against its cap.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CapBars } from '../src/components/CapBars';
import { capsOf, diseaseCaps } from '../src/lib/member-caps';
import { defaultPolicies, describeRegion, emptyAccumulators } from '../../src/index';

const suihua = describeRegion(defaultPolicies().get('suihua')!);
// As the service gives a resident: status `resident` (no employment status; the engine reads it as employed).
const resident = { scheme: 'resident', status: 'resident', birthDate: '1980-03-15', enrolment: null };
const totals = (byDisease: Record<string, number>) => {
  const empty = emptyAccumulators(2026);
  const paid = Object.values(byDisease).reduce((a, b) => a + b, 0);
  return { ...empty, fundPaid: paid, chronic: { deductibleBorne: 0, fundPaid: paid, fundPaidByDisease: byDisease } };
};

describe('per-disease chronic caps', () => {
  it("绥化 2026: a bar per recognised disease, its use the year's fundPaidByDisease, after the chronic total (no single cap); the outpatient cap of 200 for a resident", () => {
    const rows = capsOf(suihua, resident, totals({ 糖尿病: 420 }), 2026, 1, ['糖尿病']);
    expect(rows.map((r) => [r.key, r.disease, r.used, r.cap])).toEqual([
      ['annual', undefined, 420, 100000],
      ['outpatient', undefined, 0, 200],
      ['chronic', undefined, 420, undefined],
      ['chronic', '糖尿病', 420, 600],
      ['special', undefined, 0, undefined],
      ['largeExpense', undefined, 0, undefined],
      ['criticalIllness', undefined, 0, 300000],
    ]);
    const html = renderToStaticMarkup(createElement(CapBars, { rows }));
    const item = /<li class="cap cap-disease" data-cap="chronic" data-disease="糖尿病">(.*?)<\/li>/.exec(html);
    expect(item?.[1]).toBe('<span class="cap-label">门诊慢性病：糖尿病</span><span class="cap-amount">已支付 420.00 元 / 限额 600.00 元（70%）</span><progress max="1" value="0.7" aria-label="门诊慢性病：糖尿病 已支付/限额"></progress>');
    // The chronic total keeps its line without a bar, saying the cap is by disease; no 高血压 row (not recognised, nothing paid).
    expect(rows[2]!.byDisease).toBe(true);
    expect(html).toContain('<li class="cap" data-cap="chronic"><span class="cap-label">门诊慢性病</span><span class="cap-amount">已支付 420.00 元 / 按病种分别限额（见下）</span></li>');
    expect(html).not.toContain('高血压');
  });

  it('a disease recognised by its alias (高血压病 → 高血压) has its bar; one paid without a recognition too; both at once', () => {
    const diseases = suihua.schemes.find((s) => s.scheme === 'resident')!.parameters.find((p) => p.path === 'chronic.diseases')!.values[0]!.value;
    const perDisease = { kind: 'per_disease' };
    expect(diseaseCaps(perDisease, diseases, {}, ['高血压病'])).toEqual([{ key: 'chronic', disease: '高血压', used: 0, cap: 400 }]);
    expect(diseaseCaps(perDisease, diseases, { 糖尿病: 600 }, [])).toEqual([{ key: 'chronic', disease: '糖尿病', used: 600, cap: 600 }]);
    expect(diseaseCaps(perDisease, diseases, { 高血压: 123.45 }, ['糖尿病']).map((r) => [r.disease, r.used, r.cap])).toEqual([
      ['高血压', 123.45, 400],
      ['糖尿病', 0, 600],
    ]);
    // Not by disease (沧州: by the number of diseases), or no list: no rows of this kind.
    expect(diseaseCaps({ kind: 'per_disease_count', first: 2000, each: 1000, max: 5000 }, diseases, { 糖尿病: 600 }, ['糖尿病'])).toEqual([]);
    expect(diseaseCaps(perDisease, undefined, { 糖尿病: 600 }, ['糖尿病'])).toEqual([]);
  });

  it('Cangzhou (cap by the number of diseases): the chronic total has the bar, no per-disease rows', () => {
    const cangzhou = describeRegion(defaultPolicies().get('cangzhou')!);
    const rows = capsOf(cangzhou, { scheme: 'employee', status: 'employed', birthDate: '1970-05-12', enrolment: null }, totals({ 高血压: 640 }), 2024, 1, ['高血压3级']);
    expect(rows.filter((r) => r.key === 'chronic')).toEqual([{ key: 'chronic', used: 640, cap: 2000 }]);
  });
});
