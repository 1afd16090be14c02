/**
 * Yibao (医保) library API.
 *
 *   import { settle } from 'yibao';
 *   const { results } = settle(request);
 *
 * Errors are thrown as YibaoError with a code, a message and the request path.
 */
import { defaultPolicies } from './policy/load.js';
import { settleWith, type SettleOptions, type SettleResult } from './engine/settlement/settle.js';
import { contribution as contributionWith, type ContributionResult, type ResidentContributionResult } from './engine/membership/contribution.js';
import { account as accountWith, type AccountResult } from './engine/membership/account.js';
import { retirement as retirementWith, type RetirementResult } from './engine/membership/retirement.js';
import { maternity as maternityWith, type MaternityResult } from './engine/membership/maternity.js';
import { eligibility as eligibilityWith, type EligibilityResult } from './engine/membership/eligibility.js';
import { accumulatorsOf } from './engine/settlement/accumulators.js';
import { newYearState } from './engine/settlement/state.js';
import type { Accumulators } from './engine/settlement/year-to-date.js';

export { YibaoError, PolicyFileError, type ErrorCode } from './engine/errors.js';
export { settleWith, settleParsed, type ClaimResult, type SettleResult, type SettleOptions, type PolicySet } from './engine/settlement/settle.js';
export { parseSettleRequest } from './engine/settlement/parse.js';
export type { SettleRequest } from './engine/settlement/request.js';
export type { Step } from './engine/steps.js';
export { loadPolicies, defaultPolicies, parsePolicyFile, loadRegulationTexts, defaultRegulationTexts } from './policy/load.js';
export { describeRegion, type RegionView, type ParameterView, type DatedValueView } from './policy/describe.js';
export { citedArticles, parseRegulation, parseCitation, type ArticleText, type RegulationText, type CitedArticle } from './policy/texts.js';

/** Settles one person's claims with the shipped policies. */
export function settle(request: unknown, options?: SettleOptions): SettleResult {
  return settleWith(defaultPolicies(), request, options);
}

export type { ContributionResult, ResidentContributionResult, AccountResult, RetirementResult, MaternityResult, EligibilityResult };
export { contributionWith, accountWith, retirementWith, maternityWith, eligibilityWith };

/** One month's contribution (缴费), or a resident's contribution by assisted category. */
export function contribution(request: unknown, options?: SettleOptions): ContributionResult | ResidentContributionResult {
  return contributionWith(defaultPolicies(), request, options);
}

/** One month's personal-account credit (个人账户划入). */
export function account(request: unknown, options?: SettleOptions): AccountResult {
  return accountWith(defaultPolicies(), request, options);
}

/** Whether a retiring person qualifies for retiree benefits without contributing, and the top-up if not. */
export function retirement(request: unknown, options?: SettleOptions): RetirementResult {
  return retirementWith(defaultPolicies(), request, options);
}

/** Maternity allowance and maternity medical benefits (生育保险). */
export function maternity(request: unknown, options?: SettleOptions): MaternityResult {
  return maternityWith(defaultPolicies(), request, options);
}

/** Whether the person is covered on given dates (waiting periods, arrears, back-payments). */
export function eligibility(request: unknown, options?: SettleOptions): EligibilityResult {
  return eligibilityWith(defaultPolicies(), request, options);
}

export type { Accumulators } from './engine/settlement/year-to-date.js';
export { Tag as PersonTagSchema, Status as StatusSchema } from './policy/primitives.js';

/** A benefit year with nothing settled yet, in the `accumulators` shape (every total 0, no last stay). */
export function emptyAccumulators(year: number): Accumulators {
  return accumulatorsOf(newYearState(year));
}
