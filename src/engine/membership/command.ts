/** What every membership command shares: validation, rules at a date, statistics from context. */
import type { z } from 'zod';
import { YibaoError } from '../errors.js';
import { type Fen } from '../money.js';
import type { Compiled, Resolved } from '../../policy/compile.js';
import type { RegionId, SchemeId, SchemePolicy } from '../../policy/schema.js';
import { zodToError } from '../settlement/request.js';
import { schemeView, type PolicySet } from '../../policy/scheme-view.js';
import { Explainer, type Step } from '../steps.js';

/** Validates a request; bad input is refused with the field's path. */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw zodToError(parsed.error);
  return parsed.data;
}

export interface CommandContext {
  policy: Resolved<Compiled<SchemePolicy>>;
  regionName: string;
  ex: Explainer;
}

/**
 * Runs a command against the rules in force on `date`; a rule not in force
 * is refused with the request's date field as its path.
 */
export function atDate<T>(
  policies: PolicySet,
  region: RegionId,
  scheme: SchemeId,
  date: string,
  datePath: string,
  explain: boolean,
  run: (c: CommandContext) => T,
): T & { steps: Step[] } {
  try {
    const view = schemeView(policies, region, scheme);
    const ex = new Explainer(explain);
    const result = run({ policy: view.at(date), regionName: view.region.name, ex });
    return { ...result, steps: ex.steps };
  } catch (e) {
    if (e instanceof YibaoError && e.code === 'policy_not_in_force') throw new YibaoError(e.code, e.message, datePath);
    throw e;
  }
}

/** A statistic from context, or missing_context naming it. */
export function fromContext<V>(value: V | undefined, path: string, what: string): V {
  if (value === undefined) throw new YibaoError('missing_context', `${what}: give ${path}`, path);
  return value;
}

/** The monthly figure of a yearly amount, rounded half-up to the fen. */
export function monthlyOf(yearly: Fen): Fen {
  return Math.floor((yearly * 2 + 12) / 24);
}

/** The year of statistics a month uses: the previous year, or (沧州 第二十一条) the year before last in January–June. */
export function statisticYear(rule: 'previous_year' | 'half_year_switch', month: string): number {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return rule === 'half_year_switch' && m <= 6 ? year - 2 : year - 1;
}

export function requireRule<V>(v: V | undefined, what: string, path: string): V {
  if (v === undefined) throw new YibaoError('unsupported', what, path);
  return v;
}
