/** Amounts as the console shows them. */

/** 1234.5 → "1,234.50" (yuan, two decimals, grouped). */
export function yuanText(yuan: number): string {
  const fen = Math.round(yuan * 100);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** 0.9 → "90%", 0.925 → "92.5%". */
export function percentText(ratio: number): string {
  const bp = Math.round(ratio * 10_000);
  return `${bp / 100}%`;
}

/** The shares of a claim's total, for the bar: the person's and each fund's, in yuan, those above 0. */
export function sharesOf(r: { psn_part_amt: number; hifp_pay: number; hifob_pay: number; hifmi_pay: number; oth_pay: number }): { key: 'person' | 'hifp' | 'hifob' | 'hifmi' | 'oth'; yuan: number }[] {
  const all = [
    { key: 'hifp' as const, yuan: r.hifp_pay },
    { key: 'hifob' as const, yuan: r.hifob_pay },
    { key: 'hifmi' as const, yuan: r.hifmi_pay },
    { key: 'oth' as const, yuan: r.oth_pay },
    { key: 'person' as const, yuan: r.psn_part_amt },
  ];
  return all.filter((s) => s.yuan > 0);
}

/** An instant (ISO 8601) as "2024-08-10 14:03" in a time zone (the books': China Standard Time). */
export function dateTimeText(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
