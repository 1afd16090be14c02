/** The personal-account statement: each line's running balance checked in integer fen. */
import type { StatementLine } from './api';

const fen = (yuan: number): number => Math.round(yuan * 100);

/**
 * Whether the lines add up: each line's balance is the one before plus its amount, and the last
 * is the account's balance (all in fen, never floats). `at`: the index of the first line that
 * does not (lines.length when only the final balance differs), or null when all is well.
 */
export function checkStatement(lines: StatementLine[], balance: number): { ok: boolean; at: number | null; sumFen: number } {
  let running = 0;
  for (let i = 0; i < lines.length; i++) {
    running += fen(lines[i]!.amount);
    if (running !== fen(lines[i]!.balance)) return { ok: false, at: i, sumFen: running };
  }
  if (running !== fen(balance)) return { ok: false, at: lines.length, sumFen: running };
  return { ok: true, at: null, sumFen: running };
}
