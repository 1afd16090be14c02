/**
 * Bounds of one settle request, documented in the README: what a person's settlement can mean, and
 * what keeps a request's time and memory bounded. Not from the texts. Shared by the zod schema
 * (request.ts) and the fast path (request-fast.ts).
 */
/** At most this many claims in one request (a person's claims of several years). */
export const MAX_CLAIMS = 10_000;
/** At most this many items in one claim (a long stay's daily fee lines). */
export const MAX_ITEMS_PER_CLAIM = 20_000;
/** At most this many items in one request. */
export const MAX_ITEMS = 200_000;
/** A stay runs at most two years between admission and discharge (a stay across one year end). */
export const MAX_STAY_DAYS = 730;
/** The years a date of a request may fall in (policy/primitives.ts MIN_YEAR, MAX_YEAR). */
export { MIN_YEAR, MAX_YEAR } from './policy/primitives.js';

/** Days from one date to another. */
export function stayDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
