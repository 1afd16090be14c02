/**
 * Stage 4, drugs with rules of their own (资阳 第二十条), inside the annual cap:
 * 单行支付药品 — no deductible, their own ratio and yearly cap (（一）); 高值药品 used in outpatient
 * care — no deductible, the inpatient ratio, bought from a supplier at level-3 rates (（二）).
 */
import { YibaoError } from '../errors.js';
import { applyRate, formatPercent, formatYuan, type Fen } from '../money.js';
import { NOT_IN_FORCE } from '../../policy/compile.js';
import type { AnnualCapLedger } from './annual-cap.js';
import type { ClaimContext } from './claim-context.js';
import type { ClaimItems } from './claim-items.js';
import { inpatientRatio, placeRule } from './inpatient.js';
import type { Claim } from './request.js';

/** Refuses when a parameter the claim needs is defined but not in force. */
function notInForce(label: string): YibaoError {
  return new YibaoError('policy_not_in_force', `${label}: no rule in force on this date`, '');
}

/** What the pooled fund pays for the claim's drugs with rules of their own (within the annual cap). */
export function ownRuleDrugs(ctx: ClaimContext, items: ClaimItems, cap: AnnualCapLedger): Fen {
  const { claim, policy, state, ex, path } = ctx;
  let paid = 0;
  const single = items.single;
  if (single.items.length) {
    if (single.rule === NOT_IN_FORCE || single.rule === undefined) {
      if (single.rule === NOT_IN_FORCE) throw notInForce('drugs.singlePayment');
    } else {
      const sp = single.rule.value;
      const eligible = single.split.inscp;
      const computed = applyRate(eligible, sp.ratio);
      const within = Math.min(computed, Math.max(0, sp.cap - state.singlePaymentPaid));
      if (ex.enabled) ex.add('drugs.singlePayment', `单行支付药品不计起付线：${formatYuan(eligible)} × ${formatPercent(sp.ratio)} = ${formatYuan(computed)} 元${within < computed ? `，年度限额 ${formatYuan(sp.cap)} 元内本次支付 ${formatYuan(within)} 元` : ''}`, within, single.rule.source);
      const p = cap.pay(within, '单行支付药品');
      state.singlePaymentPaid += p;
      paid += p;
    }
  }
  const high = items.highValue;
  if (high.items.length) {
    if (high.rule === NOT_IN_FORCE || high.rule === undefined) {
      if (high.rule === NOT_IN_FORCE) throw notInForce('drugs.highValueOutpatient');
    } else {
      const inpatient = policy.inpatient;
      if (!inpatient) throw new YibaoError('policy_not_in_force', 'inpatient: needed for the high-value drug ratio', '');
      const level = claim.hospital.kind === 'pharmacy' ? high.rule.value.supplierLevel : claim.hospital.level;
      const asClaim: Claim = { ...claim, hospital: { ...claim.hospital, level, kind: 'hospital' } };
      const { rule: setting, source: settingSource } = placeRule(inpatient, asClaim, path, ex);
      const ratio = inpatientRatio(inpatient, { ...ctx, claim: asClaim, age: () => ctx.age() }, setting, settingSource, undefined, '');
      const computed = applyRate(high.split.inscp, ratio);
      if (ex.enabled) ex.add('drugs.highValue', `国家药品目录内高值药品门诊使用：不计起付线，按住院待遇 ${formatYuan(high.split.inscp)} × ${formatPercent(ratio)} = ${formatYuan(computed)} 元${claim.hospital.kind === 'pharmacy' ? '（供药机构购买，按三级定点医疗机构标准）' : ''}`, computed, high.rule.source);
      paid += cap.pay(computed, '高值药品');
    }
  }
  return paid;
}
