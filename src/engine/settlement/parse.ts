/**
 * Validation of a settle request: the hand-written fast path when it is sure, otherwise the zod
 * schema (the reference, with its error paths). Bad input is refused with code invalid_input and
 * the field's path.
 */
import { fastParse } from './request-fast.js';
import { normalise, SettleRequestIn, zodToError, type SettleRequest } from './request.js';

/** Validates and normalises a settle request; throws YibaoError(invalid_input) with the first issue's path. */
export function parseSettleRequest(input: unknown): SettleRequest {
  const fast = fastParse(input);
  if (fast) return fast;
  const parsed = SettleRequestIn.safeParse(input);
  if (!parsed.success) throw zodToError(parsed.error);
  return normalise(parsed.data);
}
