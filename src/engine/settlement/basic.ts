/**
 * Stage 2, the basic fund (统筹基金): what it pays on the claim's ordinary eligible amount before
 * the annual cap, by claim type — an inpatient stay (inpatient.ts), general outpatient care
 * (outpatient.ts), a chronic or special disease (disease.ts) — or nothing at all (care the funds do
 * not pay, admission.ts).
 */
import { YibaoError } from '../errors.js';
import type { Bp, Fen } from '../money.js';
import type { YearState } from './state.js';
import type { ClaimContext } from './claim-context.js';
import { settleChronic, settleSpecial } from './disease.js';
import { settleInpatientClaim, type InpatientOutcome } from './inpatient.js';
import { settleOutpatient, type BasicOutcome } from './outpatient.js';

/** The year of a validated YYYY-MM-DD date. */
export function yearOf(date: string): number {
  return (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + (date.charCodeAt(3) - 48);
}

const NO_STAY = {};

/** An inpatient stay's basic payment; committing it counts the admission and keeps the stay for the year. */
class InpatientBasic implements BasicOutcome {
  readonly deductible: Fen;
  readonly ratio: Bp;
  readonly fund: Fen;
  readonly area: 'local' | 'out_of_area';
  readonly extraSelfPay: Fen;
  readonly subCapLimited = false;
  readonly base: Fen;
  readonly mode = 'inpatient' as const;

  constructor(
    private readonly out: InpatientOutcome,
    private readonly state: YearState,
    eligible: Fen,
  ) {
    this.deductible = out.deductible;
    this.ratio = out.ratio;
    this.fund = out.fundBeforeCap;
    this.area = out.area;
    this.extraSelfPay = out.extraSelfPay;
    this.base = eligible - out.deductible - out.extraSelfPay;
  }

  commit(): void {
    const { out, state } = this;
    if (out.countsNow) state.admissions[out.counter] += 1;
    state.lastStay = out.stay;
  }
}

/** A claim type the scheme's texts give no rules for. */
function none(view: ClaimContext['view'], path: string, what: string): YibaoError {
  return new YibaoError('unsupported', `${view.region.name}: the texts define no ${what} rules for this scheme`, `${path}.type`);
}

export function basicPayment(ctx: ClaimContext, eligible: Fen): BasicOutcome {
  const { policy, claim, notPaid, view, path, ex, state, year, years } = ctx;
  if (notPaid) {
    if (ex.enabled) ex.add('claim.notPaid', notPaid.text, 0, notPaid.source);
    return { deductible: 0, ratio: 0, fund: 0, area: 'local', extraSelfPay: 0, subCapLimited: false, base: 0, mode: 'not_paid', commit() {} };
  }
  switch (claim.type) {
    case 'inpatient': {
      const inpatient = policy.inpatient;
      if (!inpatient) throw none(view, path, 'inpatient');
      const admitted = claim.admissionDate!;
      // The year-end part of the same stay is last year's last stay with the same admission date.
      const lastYearStay = yearOf(admitted) < year ? years.get(year - 1)?.lastStay : undefined;
      const continuationOf = lastYearStay && lastYearStay.admissionDate === admitted ? lastYearStay : undefined;
      const out = settleInpatientClaim(inpatient, ctx, eligible, continuationOf || state.lastStay ? { continuationOf, previousStay: state.lastStay } : NO_STAY);
      return new InpatientBasic(out, state, eligible);
    }
    case 'outpatient':
      if (!policy.outpatient) throw none(view, path, 'general outpatient');
      return settleOutpatient(policy.outpatient, ctx, eligible);
    case 'chronic':
      if (!policy.chronic) throw none(view, path, 'chronic-disease outpatient');
      return settleChronic(policy.chronic, ctx, eligible);
    case 'special':
      if (!policy.special) throw none(view, path, 'special-disease outpatient');
      return settleSpecial(policy.special, policy.inpatient, ctx, eligible);
  }
}
