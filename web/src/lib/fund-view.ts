/** The fund page's logic: the day in the books' time zone, and the day's payouts summed by payer. */
import type { InstitutionDay } from './api';

/** The service's books keep days in China Standard Time. */
export const BOOKS_TIME_ZONE = 'Asia/Shanghai';

/** The date (YYYY-MM-DD) it is now in a time zone. */
export function dayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The payers in the journal, funds first, then the member's account and cash. */
export const PAYERS = ['fund:pooled', 'fund:large_expense', 'fund:critical_illness', 'fund:commercial', 'fund:other', 'personal_account', 'member_cash'] as const;

/** The payers present in the day's rows, in PAYERS' order, any other after them by name. */
export function payersOf(institutions: InstitutionDay[]): string[] {
  const present = new Set(institutions.flatMap((i) => Object.keys(i.funds)));
  const known: string[] = PAYERS.filter((p) => present.has(p));
  return [...known, ...[...present].filter((p) => !known.includes(p)).sort()];
}

/** Each payer's net payout over all institutions of the day (yuan; summed in fen). */
export function payoutsByPayer(institutions: InstitutionDay[]): { payer: string; yuan: number }[] {
  return payersOf(institutions).map((payer) => {
    const fen = institutions.reduce((sum, i) => sum + Math.round((i.funds[payer] ?? 0) * 100), 0);
    return { payer, yuan: fen / 100 };
  });
}

/** The day's totals over all institutions: settlements, reversals, and the amount (yuan; summed in fen). */
export function dayTotals(institutions: InstitutionDay[]): { settlements: number; reversals: number; total: number } {
  const fen = institutions.reduce((sum, i) => sum + Math.round(i.total * 100), 0);
  return { settlements: institutions.reduce((n, i) => n + i.settlements, 0), reversals: institutions.reduce((n, i) => n + i.reversals, 0), total: fen / 100 };
}
