/** A benefit year's totals as rows, and before → after of a settlement or reversal. */
import type { YearTotals } from './api';
import { admissionsOf } from './member-view';

export type TotalKey = 'fundPaid' | 'admissions' | 'outpatientPaid' | 'outpatientDeductible' | 'chronicPaid' | 'specialPaid' | 'largeExpense' | 'criticalIllness';

/** The totals the console shows, in this order (admissions a count, the rest yuan). */
export function totalsRows(totals: YearTotals): { key: TotalKey; value: number }[] {
  return [
    { key: 'fundPaid', value: totals.fundPaid },
    { key: 'admissions', value: admissionsOf(totals) },
    { key: 'outpatientPaid', value: totals.outpatient.fundPaid },
    { key: 'outpatientDeductible', value: totals.outpatient.deductibleBorne },
    { key: 'chronicPaid', value: totals.chronic.fundPaid },
    { key: 'specialPaid', value: totals.specialDisease.fundPaid },
    { key: 'largeExpense', value: totals.largeExpense.paid },
    { key: 'criticalIllness', value: totals.criticalIllness.paid },
  ];
}

/** Each total before and after, and whether it changed (compared in fen, never as floats). */
export function totalsChange(before: YearTotals, after: YearTotals): { key: TotalKey; before: number; after: number; changed: boolean }[] {
  const a = totalsRows(after);
  return totalsRows(before).map((b, i) => ({ key: b.key, before: b.value, after: a[i]!.value, changed: Math.round(b.value * 100) !== Math.round(a[i]!.value * 100) }));
}
