/** The policies of a run's scenarios: the shipped rules (the baseline), then each reform alone. */
import type { PolicySet } from '../policy/scheme-view.js';
import { reformedPolicies, shippedSources } from './files.js';
import type { ReformFile } from './reform.js';

export function scenarioPolicies(reforms: readonly ReformFile[]): PolicySet[] {
  const sources = shippedSources();
  return [sources.policies, ...reforms.map((r) => reformedPolicies([r], sources))];
}
