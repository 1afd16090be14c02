/**
 * Yibao (医保) library API.
 *
 *   import { settle } from 'yibao';
 *   const { results } = settle(request);
 *
 * Errors are thrown as YibaoError with a code, a message and the request path.
 */
import { defaultPolicies } from './policy/load.js';
import { settleWith, type SettleOptions, type SettleResult } from './engine/settle.js';

export { YibaoError, PolicyFileError, type ErrorCode } from './engine/errors.js';
export { settleWith, settleParsed, type ClaimResult, type SettleResult, type SettleOptions, type PolicySet } from './engine/settle.js';
export { parseSettleRequest, type SettleRequest } from './engine/request.js';
export type { Step } from './engine/steps.js';
export { loadPolicies, defaultPolicies, parsePolicyFile } from './policy/load.js';

/** Settles one person's claims with the shipped policies. */
export function settle(request: unknown, options?: SettleOptions): SettleResult {
  return settleWith(defaultPolicies(), request, options);
}
