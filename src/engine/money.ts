/**
 * Exact money. Amounts are integer fen (分); rates are integer basis points
 * (1/10000, 万分之一). Computed payments round half-up to the fen.
 */
import { YibaoError } from './errors.js';

/** Integer number of fen. */
export type Fen = number;
/** Integer number of basis points: 10000 = 100%. */
export type Bp = number;

export const BP_ONE: Bp = 10_000;
/** Largest amount accepted anywhere: 1,000,000,000.00 yuan, so fen × bp stays exact. */
export const MAX_FEN: Fen = 100_000_000_000;

/**
 * Converts a yuan amount (a JSON number with at most 2 decimals) to fen.
 * Rejects negatives, NaN, more decimals and non-numbers with the field's path.
 */
export function yuanToFen(value: unknown, path: string): Fen {
  const fen = checkYuan(value);
  if (typeof fen === 'string') throw new YibaoError('invalid_input', `${path} ${fen}`, path);
  return fen;
}

/**
 * The fen of a yuan amount, or the reason it is not one. A JSON number has at
 * most 2 decimals exactly when it is the double nearest to fen / 100 for the
 * integer fen = round(value × 100): that test is exact and needs no text.
 */
export function checkYuan(value: unknown): Fen | string {
  const fen = checkScaled(value, 100);
  if (typeof fen === 'string') return fen === 'decimals' ? 'must have at most 2 decimals' : fen;
  if (fen > MAX_FEN) return 'is larger than 1,000,000,000 yuan';
  return fen;
}

/** value × scale as an exact integer, or why not ('decimals' when it has more decimals than the scale). */
export function checkScaled(value: unknown, scale: number): number | string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
  if (value < 0) return 'must not be negative';
  const scaled = Math.round(value * scale);
  if (!Number.isSafeInteger(scaled)) return 'is too large';
  if (scaled / scale !== value) return 'decimals';
  return scaled;
}

/** Parses a non-negative decimal with at most `decimals` decimals into an integer scaled by 10^decimals. */
export function scaledInteger(value: unknown, decimals: number, path: string): number {
  const scaled = checkScaled(value, 10 ** decimals);
  if (typeof scaled === 'string') {
    throw new YibaoError('invalid_input', `${path} ${scaled === 'decimals' ? `must have at most ${decimals} decimals` : scaled}`, path);
  }
  return scaled;
}

/** fen → yuan as a JSON number with at most 2 decimals (the nearest double prints exactly). */
export function fenToYuan(fen: Fen): number {
  return fen / 100;
}

/** bp → a ratio such as 0.9. */
export function bpToRatio(bp: Bp): number {
  return bp / BP_ONE;
}

/** amount × rate, rounded half-up to the fen. Both non-negative. */
export function applyRate(amount: Fen, rate: Bp): Fen {
  return Math.floor((amount * rate + BP_ONE / 2) / BP_ONE);
}

/** unit price × quantity (quantity scaled by 10^4), rounded half-up to the fen. */
export function multiplyQuantity(unit: Fen, quantityE4: number): Fen {
  const product = unit * quantityE4;
  if (Number.isSafeInteger(product)) return Math.floor((product + 5_000) / 10_000);
  const big = (BigInt(unit) * BigInt(quantityE4) + 5_000n) / 10_000n;
  return Number(big);
}

/** Formats fen as a yuan string with 2 decimals, for explanations. */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const cents = String(abs % 100);
  return `${sign}${Math.floor(abs / 100)}.${cents.length < 2 ? '0' + cents : cents}`;
}

/** Formats bp as a percentage, e.g. 9000 → "90%", 9250 → "92.5%". */
export function formatPercent(bp: Bp): string {
  const sign = bp < 0 ? '-' : '';
  const abs = Math.abs(bp);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  return `${sign}${whole}${frac === 0 ? '' : `.${String(frac).padStart(2, '0').replace(/0$/, '')}`}%`;
}

/** Parses a percentage text such as "5%", "-10%" or "92.5%" into bp. */
export function parsePercent(text: string): Bp | undefined {
  const m = /^(-)?(\d{1,3})(?:\.(\d{1,2}))?%$/.exec(text);
  if (!m) return undefined;
  const bp = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -bp : bp;
}
