/**
 * Rules the texts define that a request can now express (issue §3): retiring mid-year, a long-term
 * registrant treated back home, non-designated institutions, groups paid through their original
 * channels, the deadline of manual reimbursement; and Langfang's outpatient care beyond the cap.
 */
import { describe, expect, it } from 'vitest';
import { settle } from '../src/index.js';
import { drugA, errorOf, inpatient, request, run, visit } from './helpers.js';

const stay = (over: Record<string, unknown> = {}) => inpatient({ admissionDate: '2024-08-01', dischargeDate: '2024-08-10', ...over });

describe('retiring mid-year (person.retiredOn)', () => {
  it('沧州 第六十八条: the retiree ratio and cap from the month after the registration', () => {
    // registered 2024-08-15. Visit 2024-08-20 (still employed): (1000 − 100) × 60% = 540;
    // visit 2024-09-01 (retired): 1000 × 70% = 700. A level-3 stay discharged 2024-09-10: 93%: (10000 − 900) × 93% = 8463
    const rs = run(
      request('cangzhou', [visit('outpatient', { visitDate: '2024-08-20', items: drugA(1000) }), visit('outpatient', { visitDate: '2024-09-01', items: drugA(1000) }), inpatient({ admissionDate: '2024-09-01', dischargeDate: '2024-09-10' })], {
        status: undefined,
        retiredOn: '2024-08-15',
      }),
    );
    expect(rs.map((r) => [r.pool_prop_selfpay, r.hifp_pay])).toEqual([
      [0.6, 540],
      [0.7, 700],
      [0.93, 8463],
    ]);
    expect(rs[0]!.steps.find((s) => s.rule === 'person.status')?.source).toBe('沧政规〔2024〕1号 第六十八条');
  });

  it('廊坊 第四十九条（三）: the cap changes with the status, counting what the year already paid', () => {
    // born 1970 (54 on 2024-01-01): employed cap 3000 at 60%; registered 2024-05-10, retired from June: cap 4000 at 70%.
    // May: (6000 − 100) × 60% = 3540 → 3000 (employed cap); June: 2000 × 70% = 1400 → 4000 − 3000 = 1000 left
    const rs = run(request('langfang', [visit('outpatient', { visitDate: '2024-05-20', items: drugA(6000) }), visit('outpatient', { visitDate: '2024-06-02', items: drugA(2000) })], { status: undefined, retiredOn: '2024-05-10' }));
    expect(rs.map((r) => r.hifp_pay)).toEqual([3000, 1000]);
  });

  it('资阳 第九条（五）: from the registration itself', () => {
    // retired 2024-05-05; stay discharged 2024-05-10 at level 3 A: 1000 − 200 = 800, 80 + 5 = 85%: (10000 − 800) × 85% = 7820
    const [r] = run(request('ziyang', [inpatient({ admissionDate: '2024-05-01', dischargeDate: '2024-05-10' })], { status: undefined, retiredOn: '2024-05-05' }, { context: { averageWage: { '2023': 80000, '2024': 80000 } } }));
    expect([r!.act_pay_dedc, r!.hifp_pay]).toEqual([800, 7820]);
  });

  it('employed contradicts a registered retirement', () => {
    const e = errorOf(request('cangzhou', [stay()], { status: 'employed', retiredOn: '2024-01-15' }));
    expect([e.code, e.path]).toEqual(['invalid_input', 'person.status']);
  });
});

describe('a long-term registrant treated back home (沧州 第九十四条（六）)', () => {
  it('is paid at the cross-province referral standard and counted with cross-province stays', () => {
    // level 3: deductible 1800 (第六十六条（一）2), ratio 90 − 10 = 80%: (10000 − 1800) × 80% = 6560
    const [r] = run(request('cangzhou', [stay({ registration: 'long_term' })]));
    expect([r!.act_pay_dedc, r!.pool_prop_selfpay, r!.hifp_pay]).toEqual([1800, 0.8, 6560]);
    expect(r!.accumulators.admissions).toEqual({ cross_province: 1 });
    expect(r!.steps.some((s) => s.source === '沧政规〔2024〕1号 第九十四条（六）')).toBe(true);
  });

  it('without an explanation too, each claim gets the setting of its own place and registration (the last match kept is not reused)', () => {
    // The same level-3 stay settled in turn: local 900 at 90% → 8190; back home with a long-term registration 1800 at 80% → 6560;
    // local again → 8190; cross-province with a referral 1800 at 90 − 10 = 80% → 6560 (第六十六条（一）2、（二）2).
    const fast = (over: Record<string, unknown>) => settle(request('cangzhou', [stay(over)]), { explain: false }).results[0]!;
    const order = [{}, { registration: 'long_term' }, {}, { place: 'cross_province', registration: 'referral' }, { registration: 'long_term' }];
    expect(order.map((o) => fast(o)).map((r) => [r.act_pay_dedc, r.hifp_pay])).toEqual([
      [900, 8190],
      [1800, 6560],
      [900, 8190],
      [1800, 6560],
      [1800, 6560],
    ]);
    expect(fast({ registration: 'long_term' }).accumulators.admissions).toEqual({ cross_province: 1 });
    expect(fast({}).accumulators.admissions).toEqual({ in_province: 1 });
  });
});

describe('non-designated institutions (hospital.designated: false)', () => {
  const nd = (over: Record<string, unknown>) => stay({ hospital: { level: 2, designated: false }, ...over });

  it('沧州 第九十六条: nothing but an emergency; 第九十五条: an emergency in the province at the local standard', () => {
    // not an emergency: the funds pay nothing, the person all 10000
    const [no] = run(request('cangzhou', [nd({})], { accountBalance: 500 }));
    expect([no!.hifp_pay, no!.fund_pay_sumamt, no!.psn_part_amt, no!.acct_pay, no!.balc]).toEqual([0, 0, 10000, 0, 500]);
    expect(no!.steps.find((s) => s.rule === 'claim.notPaid')?.source).toBe('沧政规〔2024〕1号 第九十五条、第九十六条');
    expect(no!.accumulators.admissions).toEqual({});
    // an emergency in the province: level 2 local: (10000 − 600) × 95% = 8930
    const [em] = run(request('cangzhou', [nd({ place: 'in_province', registration: 'emergency' })]));
    expect(em!.hifp_pay).toBe(8930);
  });

  it('沧州 第九十五条: an emergency out of the province at the 临时备案 standard (−20 by our reading)', () => {
    // level 2 cross-province: deductible 1200, 95 − 20 = 75%: (10000 − 1200) × 75% = 6600
    const [r] = run(request('cangzhou', [nd({ place: 'cross_province', registration: 'emergency' })]));
    expect([r!.act_pay_dedc, r!.pool_prop_selfpay, r!.hifp_pay]).toEqual([1200, 0.75, 6600]);
  });

  it('沧州 第九十五条: an emergency at a non-designated hospital in 京津 is out of the province too', () => {
    // level 3: cross-province deductible 1800, 90 − 20 = 70%: (10000 − 1800) × 70% = 5740
    const [r] = run(request('cangzhou', [stay({ hospital: { level: 3, designated: false }, place: 'jingjin', registration: 'emergency' })]));
    expect([r!.act_pay_dedc, r!.hifp_pay]).toEqual([1800, 5740]);
  });

  it('绥化 第二十四条: non-emergency care is not paid; 廊坊 and 资阳 pay none at all', () => {
    const sh = run(request('suihua', [inpatient({ admissionDate: '2026-03-01', dischargeDate: '2026-03-10', hospital: { level: 2, designated: false } })]));
    expect(sh[0]!.hifp_pay).toBe(0);
    const lf = run(request('langfang', [nd({ registration: 'emergency' })]));
    expect(lf[0]!.hifp_pay).toBe(0);
    expect(lf[0]!.steps.find((s) => s.rule === 'claim.notPaid')?.source).toContain('第四十七条（一）1');
  });

  it('绥化 第二十四条: an emergency is paid as at a designated hospital', () => {
    // employee level 2 local: deductible 600, 87%: (10000 − 600) × 87% = 8178
    const [r] = run(request('suihua', [inpatient({ admissionDate: '2026-03-01', dischargeDate: '2026-03-10', hospital: { level: 2, designated: false }, registration: 'emergency' })]));
    const [same] = run(request('suihua', [inpatient({ admissionDate: '2026-03-01', dischargeDate: '2026-03-10', hospital: { level: 2 }, registration: 'emergency' })]));
    expect([r!.act_pay_dedc, r!.hifp_pay]).toEqual([600, 8178]);
    expect(r!.hifp_pay).toBe(same!.hifp_pay);
  });
});

describe('groups paid through their original channels', () => {
  it('沧州 第一百二十条: every claim of a pre-1949 worker, a retired cadre or a disabled veteran is unsupported', () => {
    for (const tag of ['pre1949_worker', 'retired_cadre', 'disabled_veteran']) {
      for (const claim of [stay(), visit('outpatient', { visitDate: '2024-08-01' })]) {
        const e = errorOf(request('cangzhou', [claim], { tags: [tag] }));
        expect([e.code, e.path]).toEqual(['unsupported', 'person.tags[0]']);
        expect(e.message).toContain('第一百二十条');
      }
    }
  });

  it('绥化 第四十条: model workers and retired cadres unsupported; pre-1949 workers keep their inpatient rule only', () => {
    const day = { admissionDate: '2026-03-01', dischargeDate: '2026-03-10' };
    expect(errorOf(request('suihua', [inpatient(day)], { tags: ['model_worker'] })).message).toContain('第四十条');
    // 第二十一条（一）4: no deductible, 90%: 10000 × 90% = 9000
    const [r] = run(request('suihua', [inpatient({ ...day, hospital: { level: 3 } })], { tags: ['pre1949_worker'] }));
    expect([r!.act_pay_dedc, r!.hifp_pay]).toEqual([0, 9000]);
    const e = errorOf(request('suihua', [visit('outpatient', { visitDate: '2026-03-01' })], { tags: ['pre1949_worker'] }));
    expect([e.code, e.path]).toEqual(['unsupported', 'person.tags[0]']);
  });
});

describe('manual reimbursement deadlines (claimedOn)', () => {
  it('沧州 第一百零四条: by the end of March of the next year', () => {
    expect(run(request('cangzhou', [stay({ claimedOn: '2025-03-31' })]))[0]!.hifp_pay).toBe(8190);
    const e = errorOf(request('cangzhou', [stay({ claimedOn: '2025-04-01' })]));
    expect([e.code, e.path]).toEqual(['unsupported', 'claims[0].claimedOn']);
    expect(e.message).toContain('第一百零四条');
  });

  it('廊坊 第七十三条: six months after the discharge, for stays out of the area', () => {
    // discharged 2024-05-31 (in the province, out of the area): the last day is 2024-11-30
    const lf = (claimedOn: string, place = 'in_province') => request('langfang', [inpatient({ admissionDate: '2024-05-20', dischargeDate: '2024-05-31', place, claimedOn })]);
    expect(run(lf('2024-11-30'))).toHaveLength(1);
    expect(errorOf(lf('2024-12-01')).path).toBe('claims[0].claimedOn');
    // a local stay: the article sets no deadline for it
    expect(run(lf('2025-04-01', 'local'))).toHaveLength(1);
    // outpatient visits have no such deadline in the text
    expect(run(request('langfang', [visit('outpatient', { visitDate: '2024-05-20', claimedOn: '2026-01-01' })]))).toHaveLength(1);
  });

  it('a claim asked for before its discharge is invalid', () => {
    const e = errorOf(request('cangzhou', [stay({ claimedOn: '2024-08-09' })]));
    expect([e.code, e.path]).toEqual(['invalid_input', 'claims[0].claimedOn']);
  });
});
