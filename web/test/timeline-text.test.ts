import { describe, expect, it } from 'vitest';
import { EVENT_KINDS, eventText, eventsOf, settlementOf, yearsOf } from '../src/lib/timeline-text';
import type { TimelineEvent } from '../src/lib/api';
import { zhCN } from '../src/i18n/zh-CN';
import { en } from '../src/i18n/en';

const ev = (date: string, kind: TimelineEvent['kind'], detail: Record<string, unknown>): TimelineEvent => ({ date, kind, detail });

describe("the member's timeline in words", () => {
  it('says every kind of event in Chinese', () => {
    expect(eventText(ev('2020-01-01', 'enrolment', { region: 'cangzhou', scheme: 'employee', type: 'employee', status: 'employed', employerId: 'E1' }), zhCN)).toBe('参保登记（沧州 职工医保，职工）');
    expect(eventText(ev('2024-09-10', 'contribution', { month: '2024-07', amount: 600, backPayment: true, mode: 'recorded' }), zhCN)).toBe('缴费 2024-07 600.00 元（补缴）');
    expect(eventText(ev('2024-01-10', 'contribution', { month: '2024-01', amount: 1234.5, backPayment: false, mode: 'computed' }), zhCN)).toBe('缴费 2024-01 1,234.50 元');
    expect(eventText(ev('2024-03-01', 'registration', { id: 'R1', kind: 'temporary', place: 'cross_province', destination: '北京市', validUntil: '2025-02-28' }), zhCN)).toBe('异地就医备案：临时外出备案，跨省异地 北京市，至 2025-02-28');
    expect(eventText(ev('2024-03-01', 'registration', { id: 'R2', kind: 'long_term', place: 'in_province', destination: '石家庄市', validUntil: null }), zhCN)).toBe('异地就医备案：异地长期居住备案，省内异地 石家庄市');
    expect(eventText(ev('2024-02-01', 'recognition', { id: 'C1', category: 'chronic', name: '高血压病', class: null }), zhCN)).toBe('慢特病认定：门诊慢性病 高血压病');
    expect(eventText(ev('2024-02-01', 'recognition', { id: 'C2', category: 'special', name: '恶性肿瘤门诊治疗', class: 1 }), zhCN)).toBe('慢特病认定：门诊特殊病 恶性肿瘤门诊治疗（第1类）');
    expect(eventText(ev('2024-08-10', 'settlement', { id: 'S1', claimId: 'E2E-1', institution: 'H001', medfee_sumamt: 10900, fund_pay_sumamt: 9000, psn_cash_pay: 1900, status: 'settled' }), zhCN)).toBe(
      '结算 E2E-1：医疗费 10,900.00 元，基金支付 9,000.00 元，个人现金 1,900.00 元',
    );
    expect(eventText(ev('2024-08-10', 'settlement', { id: 'S1', claimId: 'E2E-1', medfee_sumamt: 1, fund_pay_sumamt: 0, psn_cash_pay: 1, status: 'reversed' }), zhCN)).toContain('（已冲正）');
    expect(eventText(ev('2024-08-12', 'reversal', { settlementId: 'S1' }), zhCN)).toBe('冲正，结算号');
    const account = (detail: Record<string, unknown>) => eventText(ev('2024-01-10', 'account', detail), zhCN);
    expect(account({ movement: 'opening', amount: 100 })).toBe('个人账户期初余额 +100.00 元');
    expect(account({ movement: 'credit', month: '2024-01', amount: 86.4 })).toBe('个人账户划入 2024-01 +86.40 元');
    expect(account({ movement: 'settlement', settlementId: 'S1', amount: -50 })).toBe('个人账户支付 -50.00 元');
    expect(account({ movement: 'reversal', settlementId: 'S1', amount: 50 })).toBe('个人账户冲正退回 +50.00 元');
    expect(account({ movement: 'family_payment', amount: -20 })).toBe('个人账户家庭共济 -20.00 元');
    expect(account({ movement: 'withdrawal', amount: -300 })).toBe('个人账户支取 -300.00 元');
    const change = (detail: Record<string, unknown>) => eventText(ev('2025-01-01', 'change', detail), zhCN);
    expect(change({ change: 'retire' })).toBe('退休');
    expect(change({ change: 'death' })).toBe('死亡');
    expect(change({ change: 'terminate' })).toBe('终止参保');
    expect(change({ change: 'employer', employerId: 'E2' })).toBe('变更单位：E2');
    expect(change({ change: 'type', from: 'employee', to: 'flexible', employerId: null })).toBe('变更类型：职工 → 灵活就业');
  });

  it('has a Chinese and an English name for every kind, and English texts', () => {
    for (const k of EVENT_KINDS) {
      expect(zhCN.timeline.kinds[k]).toBeTruthy();
      expect(en.timeline.kinds[k]).toBeTruthy();
    }
    expect(eventText(ev('2024-09-10', 'contribution', { month: '2024-07', amount: 600, backPayment: true }), en)).toBe('Contribution 2024-07 600.00 yuan (back payment)');
  });

  it("names a settlement's id for a settlement, its reversal and its account payment; none otherwise", () => {
    expect(settlementOf(ev('2024-08-10', 'settlement', { id: 'S1' }))).toBe('S1');
    expect(settlementOf(ev('2024-08-12', 'reversal', { settlementId: 'S1' }))).toBe('S1');
    expect(settlementOf(ev('2024-08-10', 'account', { movement: 'settlement', settlementId: 'S1', amount: -1 }))).toBe('S1');
    expect(settlementOf(ev('2024-01-10', 'contribution', { month: '2024-01', amount: 1 }))).toBeNull();
  });

  it('filters by kind and keeps date order (same day: the order given)', () => {
    const events = [ev('2024-08-10', 'settlement', { id: 'S1' }), ev('2024-01-10', 'contribution', { month: '2024-01' }), ev('2024-01-10', 'account', { movement: 'credit' }), ev('2020-01-01', 'enrolment', {})];
    expect(eventsOf(events, 'all').map((e) => e.kind)).toEqual(['enrolment', 'contribution', 'account', 'settlement']);
    expect(eventsOf(events, 'contribution').map((e) => e.date)).toEqual(['2024-01-10']);
    expect(eventsOf(events, 'reversal')).toEqual([]);
  });

  it("offers the member's years, latest first: from the enrolment to this year or the last event's", () => {
    expect(yearsOf('2022-05-01', [], '2024-11-30')).toEqual([2024, 2023, 2022]);
    expect(yearsOf('2024-01-01', [ev('2025-01-02', 'settlement', {})], '2024-11-30')).toEqual([2025, 2024]);
  });
});
