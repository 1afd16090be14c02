/**
 * The benefit year's totals between the request and the engine: a `yearToDate` entry as the
 * engine's year state, and the year state after a claim as the result's `accumulators`.
 */
import { fenToYuan, type Fen } from '../money.js';
import type { AdmissionCounter } from '../../policy/schema.js';
import { newYearState, type StayRecord, type YearState } from './state.js';
import type { Accumulators, YearToDateIn } from './year-to-date.js';

export type { Accumulators, YearToDateIn } from './year-to-date.js';

/** A validated entry as the engine's year state (amounts to fen). `origin` is its index in yearToDate. */
export function yearStateOf(y: YearToDateIn, origin: number, fen: (yuan: number) => Fen): YearState {
  const state = newYearState(y.year);
  state.origin = origin;
  for (const k of Object.keys(y.admissions) as AdmissionCounter[]) {
    const n = y.admissions[k]!;
    if (n > 0) state.admissions.set(k, n);
  }
  state.fundPaid = fen(y.fundPaid);
  state.outpatient.deductibleUsed = fen(y.outpatient.deductibleBorne);
  state.outpatient.paid = fen(y.outpatient.fundPaid);
  state.chronic.deductibleUsed = fen(y.chronic.deductibleBorne);
  state.chronic.paid = fen(y.chronic.fundPaid);
  for (const name of Object.keys(y.chronic.fundPaidByDisease)) state.chronic.byDisease.set(name, fen(y.chronic.fundPaidByDisease[name]!));
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

function record(map: ReadonlyMap<string, Fen>): Record<string, number> {
  const out: Record<string, number> = {};
  if (map.size > 0) map.forEach((v, k) => (out[k] = fenToYuan(v)));
  return out;
}

/** The year's totals after a claim, in the public shape (the next request's yearToDate entry). */
export function accumulatorsOf(state: YearState): Accumulators {
  const admissions: Partial<Record<AdmissionCounter, number>> = {};
  if (state.admissions.size > 0) state.admissions.forEach((n, k) => (admissions[k] = n));
  const s = state.lastStay;
  return {
    year: state.year,
    admissions,
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
