/**
 * Stage 3, the annual cap (统筹基金年度最高支付限额): every pooled-fund payment of the benefit year,
 * all claim types together, is paid within what is left of the year's cap.
 */
import { YibaoError } from '../errors.js';
import { formatYuan, type Fen } from '../money.js';
import { requireParam } from '../../policy/lookup.js';
import type { AnnualCap } from '../../policy/schema.js';
import type { ClaimContext } from './claim-context.js';
import type { SettleRequest } from './request.js';
import type { YearState } from './state.js';
import type { Explainer } from '../steps.js';

/** The pooled fund's annual cap for a benefit year; undefined where the text relies on one it does not give. */
export function annualCapAmount(cap: AnnualCap, year: number, request: SettleRequest): Fen | undefined {
  if (cap.kind === 'fixed') return cap.amount;
  if (cap.kind === 'not_in_texts') return undefined;
  const wageYear = String(year + cap.wageYearOffset);
  const wage = request.context.averageWage?.[wageYear];
  if (wage === undefined) {
    throw new YibaoError('missing_context', `the annual cap is ${cap.multiple} × the city average wage of ${wageYear} (社平工资); give context.averageWage.${wageYear}`, `context.averageWage.${wageYear}`);
  }
  return wage * cap.multiple;
}

/** The year's cap for one claim: pays within what is left, and records what the fund paid. */
export class AnnualCapLedger {
  /** Whether the fund had reached its cap before this claim. */
  readonly exhaustedBefore: boolean;

  constructor(
    /** The cap (undefined: the text gives none, nothing is limited). */
    readonly amount: Fen | undefined,
    /** Its article. */
    readonly source: string,
    private readonly state: YearState,
    private readonly ex: Explainer,
  ) {
    this.exhaustedBefore = amount !== undefined && state.fundPaid >= amount;
  }

  static of(ctx: ClaimContext): AnnualCapLedger {
    const cap = requireParam(ctx.policy.annualCap, 'annualCap', '');
    const amount = annualCapAmount(cap.value, ctx.year, ctx.request);
    if (amount === undefined && ctx.ex.enabled) ctx.ex.add('annualCap', '统筹基金支付计入年度最高支付限额，但本办法未给出限额数额：未校验年度限额', null, cap.source);
    return new AnnualCapLedger(amount, cap.source, ctx.state, ctx.ex);
  }

  /** Pays `amount` within what is left of the cap; `what` names the payment in the explanation. */
  pay(amount: Fen, what: string): Fen {
    const state = this.state;
    const cap = this.amount;
    if (cap === undefined) {
      state.fundPaid += amount;
      return amount;
    }
    const left = Math.max(0, cap - state.fundPaid);
    const paid = Math.min(amount, left);
    if (paid < amount && this.ex.enabled) {
      this.ex.add('annualCap', `统筹基金年度最高支付限额 ${formatYuan(cap)} 元，本年度已支付 ${formatYuan(state.fundPaid)} 元，${what}最多支付 ${formatYuan(left)} 元`, paid, this.source);
    }
    state.fundPaid += paid;
    return paid;
  }
}
