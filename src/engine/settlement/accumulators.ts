/**
 * The benefit year's totals between the request and the engine: a `yearToDate` entry as the
 * engine's year state, and the year state after a claim as the result's `accumulators`.
 */
import { YibaoError } from '../errors.js';
import { fenToYuan, formatYuan, type Fen } from '../money.js';
import { NOT_IN_FORCE, peek } from '../../policy/compile.js';
import type { SchemeAt } from '../../policy/scheme-view.js';
import type { AdmissionCounter } from '../../policy/schema.js';
import { newYearState, type Person, type StayRecord, type YearState } from './state.js';
import type { Accumulators, YearToDateIn } from './year-to-date.js';

export type { Accumulators, YearToDateIn } from './year-to-date.js';

/** A validated entry as the engine's year state (amounts to fen). `origin` is its index in yearToDate. */
export function yearStateOf(y: YearToDateIn, origin: number, fen: (yuan: number) => Fen): YearState {
  const state = newYearState(y.year);
  state.origin = origin;
  // The counters in the order given (a refusal names the first one the region does not keep), then the others.
  const admissions = {} as Record<AdmissionCounter, number>;
  for (const k of Object.keys(y.admissions) as AdmissionCounter[]) admissions[k] = y.admissions[k]!;
  for (const k of Object.keys(state.admissions) as AdmissionCounter[]) admissions[k] ??= 0;
  state.admissions = admissions;
  state.fundPaid = fen(y.fundPaid);
  state.outpatient.deductibleUsed = fen(y.outpatient.deductibleBorne);
  state.outpatient.paid = fen(y.outpatient.fundPaid);
  state.chronic.deductibleUsed = fen(y.chronic.deductibleBorne);
  state.chronic.paid = fen(y.chronic.fundPaid);
  const byDisease = Object.keys(y.chronic.fundPaidByDisease);
  if (byDisease.length > 0) {
    const map = (state.chronic.byDisease = new Map());
    for (const name of byDisease) map.set(name, fen(y.chronic.fundPaidByDisease[name]!));
  }
  state.specialRatioPaid = fen(y.specialDisease.fundPaid);
  state.singlePaymentPaid = fen(y.singlePaymentDrug.fundPaid);
  state.largeExpense.burden = fen(y.largeExpense.burden);
  state.largeExpense.paid = fen(y.largeExpense.paid);
  state.criticalIllness.burden = fen(y.criticalIllness.burden);
  state.criticalIllness.paid = fen(y.criticalIllness.paid);
  state.supplementarySpecialPaid = fen(y.supplementary.specialPaid);
  const s = y.lastStay;
  if (s) {
    const stay: StayRecord = {
      admissionDate: s.admissionDate,
      dischargeDate: s.dischargeDate,
      level: s.level,
      counter: s.counter,
      standard: fen(s.deductibleStandard),
      deductibleBorne: fen(s.deductibleBorne),
      eligible: fen(s.eligibleAmount),
      counted: s.counted,
    };
    state.lastStay = stay;
  }
  return state;
}

function record(map: ReadonlyMap<string, Fen> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (map) for (const [k, v] of map) out[k] = fenToYuan(v);
  return out;
}

/** The counters with admissions, in the public shape (a counter with none is left out), in the state's order (yearToDate's, as given). */
function admissionsOf(a: Record<AdmissionCounter, number>): Partial<Record<AdmissionCounter, number>> {
  const out: Partial<Record<AdmissionCounter, number>> = {};
  for (const k in a) {
    const n = a[k as AdmissionCounter];
    if (n > 0) out[k as AdmissionCounter] = n;
  }
  return out;
}

/** The year's totals after a claim, in the public shape (the next request's yearToDate entry). */
export function accumulatorsOf(state: YearState): Accumulators {
  const s = state.lastStay;
  return {
    year: state.year,
    admissions: admissionsOf(state.admissions),
    fundPaid: fenToYuan(state.fundPaid),
    outpatient: { deductibleBorne: fenToYuan(state.outpatient.deductibleUsed), fundPaid: fenToYuan(state.outpatient.paid) },
    chronic: { deductibleBorne: fenToYuan(state.chronic.deductibleUsed), fundPaid: fenToYuan(state.chronic.paid), fundPaidByDisease: record(state.chronic.byDisease) },
    specialDisease: { fundPaid: fenToYuan(state.specialRatioPaid) },
    singlePaymentDrug: { fundPaid: fenToYuan(state.singlePaymentPaid) },
    largeExpense: { burden: fenToYuan(state.largeExpense.burden), paid: fenToYuan(state.largeExpense.paid) },
    criticalIllness: { burden: fenToYuan(state.criticalIllness.burden), paid: fenToYuan(state.criticalIllness.paid) },
    supplementary: { specialPaid: fenToYuan(state.supplementarySpecialPaid) },
    lastStay: s
      ? {
          admissionDate: s.admissionDate,
          dischargeDate: s.dischargeDate,
          level: s.level,
          counter: s.counter as AdmissionCounter,
          deductibleStandard: fenToYuan(s.standard),
          deductibleBorne: fenToYuan(s.deductibleBorne),
          eligibleAmount: fenToYuan(s.eligible),
          counted: s.counted,
        }
      : null,
  };
}

/**
 * A year's totals given in yearToDate that contradict the rules in force at the year's first claim
 * of the request: a fund paid above its yearly cap (checked once per entry).
 */
export function checkCarriedTotals(policy: SchemeAt, state: YearState, capAmount: Fen | undefined, capSource: string, person: Person): void {
  const at = `yearToDate[${state.origin}]`;
  state.origin = undefined;
  const above = (paid: Fen, cap: Fen, field: string, what: string, source: string): void => {
    if (paid > cap) throw new YibaoError('invalid_input', `${at}.${field}: ${formatYuan(paid)} is above ${what} of ${formatYuan(cap)} yuan (${source})`, `${at}.${field}`);
  };
  if (capAmount !== undefined) above(state.fundPaid, capAmount, 'fundPaid', "the pooled fund's annual cap", capSource);
  // Admissions under a counter the region's rules do not keep would be silently ignored.
  const rules = policy.inpatient ? peek(policy.inpatient, 'placeRules') : undefined;
  if (rules && rules !== NOT_IN_FORCE) {
    const counters = new Set(rules.value.map((r) => (r.kind === 'settle' ? r.counter : 'all')));
    const counted = (Object.keys(state.admissions) as AdmissionCounter[]).filter((k) => state.admissions[k] > 0);
    for (const key of [...counted, ...(state.lastStay ? [state.lastStay.counter] : [])]) {
      if (!counters.has(key)) {
        const field = state.admissions[key] > 0 ? `admissions.${key}` : 'lastStay.counter';
        throw new YibaoError('invalid_input', `${at}.${field}: this region counts admissions as ${[...counters].join(', ')} (${rules.source})`, `${at}.${field}`);
      }
    }
  }
  const single = policy.drugs ? peek(policy.drugs, 'singlePayment') : undefined;
  if (single && single !== NOT_IN_FORCE) above(state.singlePaymentPaid, single.value.cap, 'singlePaymentDrug.fundPaid', 'the yearly cap of single-payment drugs', single.source);
  const layers = policy.layers;
  if (!layers) return;
  const le = peek(layers, 'largeExpense');
  if (le && le !== NOT_IN_FORCE && le.value.kind !== 'not_in_texts' && le.value.cap !== undefined) {
    above(state.largeExpense.paid, le.value.cap, 'largeExpense.paid', 'the large-expense cap', le.source);
  }
  const ci = peek(layers, 'criticalIllness');
  if (ci && ci !== NOT_IN_FORCE && ci.value.cap !== undefined) {
    const group = ci.value.groups.find((g) => g.tags.some((t) => person.tags.includes(t)));
    if (!group?.noCap) above(state.criticalIllness.paid, ci.value.cap, 'criticalIllness.paid', 'the critical-illness cap', ci.source);
  }
}
