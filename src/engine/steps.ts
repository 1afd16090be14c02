/**
 * The explanation: an ordered list of what was applied, in Chinese, each with
 * the amount it produced and the article that produced it. A first-class
 * output — what a person or a reviewer reads to trust a number.
 */
import { fenToYuan, type Fen } from './money.js';

export interface Step {
  /** Stable machine name of the rule, e.g. inpatient.deductible. */
  rule: string;
  /** What was applied, in Chinese. */
  text: string;
  /** The amount the rule produced, in yuan (null where the rule yields no amount). */
  amount: number | null;
  /** Document and article, e.g. 沧政规〔2024〕1号 第六十六条（一）1. */
  source: string;
}

/** Collects steps when explaining; does nothing otherwise (the fast path). */
export class Explainer {
  readonly steps: Step[] = [];
  constructor(readonly enabled: boolean) {}

  /** One explainer for every claim settled without an explanation: it never records a step. */
  static readonly OFF: Explainer = new Explainer(false);

  add(rule: string, text: string | (() => string), amount: Fen | null, source: string): void {
    if (!this.enabled) return;
    this.steps.push({ rule, text: typeof text === 'function' ? text() : text, amount: amount === null ? null : fenToYuan(amount), source });
  }
}
