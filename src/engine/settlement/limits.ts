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
export { MIN_YEAR, MAX_YEAR } from '../../policy/primitives.js';

/**
 * Whether a stay from one valid date to a later one is within MAX_STAY_DAYS. Dates at most one
 * calendar year apart are (1 January to 31 December of the next year is 729 or 730 days), so the
 * day count is worked out only for the rest.
 */
export function withinStayBound(from: string, to: string): boolean {
  const years = yearOfDate(to) - yearOfDate(from);
  return years <= 1 || stayDays(from, to) <= MAX_STAY_DAYS;
}

function yearOfDate(date: string): number {
  return (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + (date.charCodeAt(3) - 48);
}

/** Days from one valid date YYYY-MM-DD to another (civil calendar arithmetic, no Date objects). */
export function stayDays(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Days since 0000-03-01 of a valid date YYYY-MM-DD (the proleptic Gregorian calendar). */
function dayNumber(date: string): number {
  let y = (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + (date.charCodeAt(3) - 48);
  const m = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
  const d = (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48);
  if (m <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe;
}
