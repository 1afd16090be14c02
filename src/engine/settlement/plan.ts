/**
 * The optional rules every claim reads on its date, peeked once per resolved policy (SchemeView
 * caches one per date) rather than once per claim: which claim types the texts defer, the groups
 * paid through their original channels, the drugs with rules of their own, and the layers above the
 * pooled fund. Each is what `peek` gives: the rule in force, undefined where the region has none,
 * or NOT_IN_FORCE where it has one but not on the date (the claims that need it are refused).
 */
import { peek } from '../../policy/compile.js';
import type { SchemeAt } from '../../policy/scheme-view.js';

type Layers = NonNullable<SchemeAt['layers']>;
type Drugs = NonNullable<SchemeAt['drugs']>;

export interface ClaimPlan {
  deferred: ReturnType<typeof peek<SchemeAt, 'deferred'>>;
  groupRules: ReturnType<typeof peek<SchemeAt, 'groupRules'>>;
  singlePayment: ReturnType<typeof peek<Drugs, 'singlePayment'>> | undefined;
  highValueOutpatient: ReturnType<typeof peek<Drugs, 'highValueOutpatient'>> | undefined;
  largeExpense: ReturnType<typeof peek<Layers, 'largeExpense'>> | undefined;
  criticalIllness: ReturnType<typeof peek<Layers, 'criticalIllness'>> | undefined;
  supplementary: ReturnType<typeof peek<Layers, 'supplementary'>> | undefined;
}

const plans = new WeakMap<SchemeAt, ClaimPlan>();
/** The last policy asked for and its plan: a request's claims, and consecutive requests, mostly share a date. */
let lastPolicy: SchemeAt | undefined;
let lastPlan: ClaimPlan | undefined;

/** The plan of a resolved policy, made at its first claim. */
export function planOf(policy: SchemeAt): ClaimPlan {
  if (policy === lastPolicy) return lastPlan!;
  let plan = plans.get(policy);
  if (!plan) {
    const { drugs, layers } = policy;
    plan = {
      deferred: peek(policy, 'deferred'),
      groupRules: peek(policy, 'groupRules'),
      singlePayment: drugs && peek(drugs, 'singlePayment'),
      highValueOutpatient: drugs && peek(drugs, 'highValueOutpatient'),
      largeExpense: layers && peek(layers, 'largeExpense'),
      criticalIllness: layers && peek(layers, 'criticalIllness'),
      supplementary: layers && peek(layers, 'supplementary'),
    };
    plans.set(policy, plan);
  }
  lastPolicy = policy;
  lastPlan = plan;
  return plan;
}
