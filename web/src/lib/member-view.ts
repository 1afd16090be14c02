/** The member page's logic: the year's use of the pooled fund against its annual cap. */
import type { RegionView, YearTotals } from './api';

/** The annual cap (yuan) in force on a date, where the region's text gives a fixed amount; undefined otherwise. */
export function annualCapOn(view: RegionView, scheme: string, date: string): number | undefined {
  const cap = view.schemes.find((s) => s.scheme === scheme)?.parameters.find((p) => p.path === 'annualCap');
  const v = cap?.values.find((x) => x.from <= date && (x.until === null || date <= x.until));
  const value = v?.value as { kind?: string; amount?: number } | undefined;
  return value?.kind === 'fixed' && typeof value.amount === 'number' ? value.amount : undefined;
}

/** The share used, 0–1, of a cap (1 when the cap is reached or passed). */
export function used(paid: number, cap: number): number {
  if (cap <= 0) return 1;
  return Math.min(1, paid / cap);
}

/** The year's admissions, all counters together. */
export function admissionsOf(totals: YearTotals): number {
  return Object.values(totals.admissions).reduce<number>((a, n) => a + (n ?? 0), 0);
}
