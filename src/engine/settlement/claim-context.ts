/**
 * What every stage of a claim's settlement works within: the rules in force on its date, the claim
 * as admitted, the person on that date, the benefit year so far, and the explanation.
 */
import type { SchemeAt, SchemeView } from '../../policy/scheme-view.js';
import type { NotPaid } from './admission.js';
import type { SettleRequest } from './request.js';
import type { ClaimScope, YearStates } from './state.js';

export interface ClaimContext extends ClaimScope {
  view: SchemeView;
  request: SettleRequest;
  /** The scheme's parameters in force on the claim's date. */
  policy: SchemeAt;
  /** Care the funds do not pay at all (a non-designated institution), with its article. */
  notPaid: NotPaid | undefined;
  /** The benefit year (calendar year of the discharge or visit) and every year's state so far. */
  year: number;
  years: YearStates;
}
