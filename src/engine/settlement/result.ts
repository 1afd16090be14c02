/**
 * The result of one claim: the national settlement interface's fields (../shared/GLOSSARY.md) in
 * yuan, the funds that paid (setldetail), the year's totals after the claim, and the explanation.
 */
import { bpToRatio, fenToYuan, type Fen } from '../money.js';
import { accumulatorsOf, type Accumulators } from './accumulators.js';
import type { BasicOutcome } from './outpatient.js';
import type { ClaimContext } from './claim-context.js';
import type { ClaimItems } from './claim-items.js';
import type { Claim } from './request.js';
import type { Step } from '../steps.js';

/** The national fund codes a result lists in setldetail (../shared/GLOSSARY.md). */
export const FUND_CODES = { pooled: '310100', residentPooled: '390100', largeExpense: '330100', criticalIllness: '390200' } as const;

export interface FundDetail {
  fund_pay_type: string;
  inscp_scp_amt: number;
  fund_payamt: number;
}

/** One claim's settlement, amounts in yuan, named as in the national settlement interface. */
export interface ClaimResult {
  claimId: string;
  type: Claim['type'];
  year: number;
  medfee_sumamt: number;
  fulamt_ownpay_amt: number;
  overlmt_selfpay: number;
  preselfpay_amt: number;
  inscp_scp_amt: number;
  act_pay_dedc: number;
  hifp_pay: number;
  pool_prop_selfpay: number;
  hifob_pay: number;
  hifmi_pay: number;
  hifes_pay: number;
  maf_pay: number;
  cvlserv_pay: number;
  oth_pay: number;
  fund_pay_sumamt: number;
  psn_part_amt: number;
  acct_pay: number;
  psn_cash_pay: number;
  /** Personal-account balance after this claim (0 when no balance was given). */
  balc: number;
  setldetail: FundDetail[];
  /** The benefit year's totals after this claim: the next request's yearToDate entry for this year. */
  accumulators: Accumulators;
  steps: Step[];
}

export interface SettleResult {
  results: ClaimResult[];
}

/** What the funds and the account paid for a claim, in fen. */
export interface Paid {
  /** Pooled fund (统筹基金), all its parts. */
  hifp: Fen;
  /** 大额 (large expense), 大病 (critical illness), commercial supplementary. */
  hifob: Fen;
  hifmi: Fen;
  oth: Fen;
  /** The eligible amount after a setting's pre-self-pay (what the funds stand on). */
  inscp: Fen;
  /** Personal account (个人账户), and its balance after the claim (undefined: none given). */
  acct: Fen;
  balance: Fen | undefined;
}

/** The claim's result: amounts to yuan, the funds that paid, the year after the claim. */
export function claimResult(ctx: ClaimContext, items: ClaimItems, basic: BasicOutcome, paid: Paid): ClaimResult {
  const { claim, state, view, ex, year } = ctx;
  const { split } = items;
  const { hifp, hifob, hifmi, oth, inscp, acct } = paid;
  const fund = hifp + hifob + hifmi + oth;
  const psnPart = split.medfee - fund;
  const preselfpay = split.preselfpay + basic.extraSelfPay;
  const setldetail: FundDetail[] = [{ fund_pay_type: view.scheme === 'resident' ? FUND_CODES.residentPooled : FUND_CODES.pooled, inscp_scp_amt: fenToYuan(inscp), fund_payamt: fenToYuan(hifp) }];
  if (hifob) setldetail.push({ fund_pay_type: FUND_CODES.largeExpense, inscp_scp_amt: fenToYuan(inscp), fund_payamt: fenToYuan(hifob) });
  if (hifmi) setldetail.push({ fund_pay_type: FUND_CODES.criticalIllness, inscp_scp_amt: fenToYuan(inscp), fund_payamt: fenToYuan(hifmi) });

  return {
    claimId: claim.id,
    type: claim.type,
    year,
    medfee_sumamt: fenToYuan(split.medfee),
    fulamt_ownpay_amt: fenToYuan(split.fulamt),
    overlmt_selfpay: fenToYuan(split.overlmt),
    preselfpay_amt: fenToYuan(preselfpay),
    inscp_scp_amt: fenToYuan(inscp),
    act_pay_dedc: fenToYuan(basic.deductible),
    hifp_pay: fenToYuan(hifp),
    pool_prop_selfpay: bpToRatio(basic.ratio),
    hifob_pay: fenToYuan(hifob),
    hifmi_pay: fenToYuan(hifmi),
    hifes_pay: 0,
    maf_pay: 0,
    cvlserv_pay: 0,
    oth_pay: fenToYuan(oth),
    fund_pay_sumamt: fenToYuan(fund),
    psn_part_amt: fenToYuan(psnPart),
    acct_pay: fenToYuan(acct),
    psn_cash_pay: fenToYuan(psnPart - acct),
    balc: fenToYuan(paid.balance ?? 0),
    setldetail,
    accumulators: accumulatorsOf(state),
    // Each result its own list, also without an explanation (the shared Explainer.OFF records none).
    steps: ex.enabled ? ex.steps : [],
  };
}

