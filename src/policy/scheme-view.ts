/**
 * A region's scheme as the rules see it on a date: the policy tree resolved at that date, cached.
 * Shared by settlement and the membership commands.
 */
import { YibaoError } from '../engine/errors.js';
import { resolveAt, type Compiled, type RegionPolicy, type Resolved } from './compile.js';
import type { RegionId, SchemeId, SchemePolicy } from './schema.js';

/** The parameters of a scheme in force on one date. */
export type SchemeAt = Resolved<Compiled<SchemePolicy>>;

export type PolicySet = ReadonlyMap<RegionId, RegionPolicy>;


/** The parameters of one scheme resolved at a date, cached per date. */
export class SchemeView {
  private readonly cache = new Map<string, SchemeAt>();
  /** The last date asked and its parameters (a request's claims, and consecutive requests, often share a date). */
  private lastDate: string | undefined;
  private lastHit: SchemeAt | undefined;
  constructor(
    readonly region: RegionPolicy,
    readonly scheme: SchemeId,
    private readonly tree: Compiled<SchemePolicy>,
  ) {}

  /** Parameters refused here carry an empty path; the claim fills in its own date field. */
  at(date: string): SchemeAt {
    if (date === this.lastDate) return this.lastHit!;
    let hit = this.cache.get(date);
    if (!hit) {
      hit = resolveAt(this.tree, date, `${this.region.name} ${this.scheme}`, '');
      this.cache.set(date, hit);
    }
    this.lastDate = date;
    this.lastHit = hit;
    return hit;
  }
}

const views = new WeakMap<RegionPolicy, Map<SchemeId, SchemeView>>();

/** The last view asked for, by its region's policy and scheme (consecutive requests mostly ask for the same). */
let last: SchemeView | undefined;

export function schemeView(policies: PolicySet, region: RegionId, scheme: SchemeId): SchemeView {
  // The region's policy is looked up every time: a set may be given again with a region replaced.
  const policy = policies.get(region);
  if (last !== undefined && policy !== undefined && last.region === policy && last.scheme === scheme) return last;
  const view = viewOf(policies, policy, region, scheme);
  last = view;
  return view;
}

function viewOf(policies: PolicySet, policy: RegionPolicy | undefined, region: RegionId, scheme: SchemeId): SchemeView {
  if (!policy) {
    throw new YibaoError('invalid_input', `region: unknown region ${region}; known: ${[...policies.keys()].join(', ')}`, 'region');
  }
  let byScheme = views.get(policy);
  if (!byScheme) {
    byScheme = new Map();
    views.set(policy, byScheme);
  }
  let view = byScheme.get(scheme);
  if (!view) {
    const tree = policy.schemes[scheme];
    if (!tree) {
      throw new YibaoError('unsupported', `${policy.name}: the texts define no ${scheme} scheme (documents: ${policy.documents.map((d) => d.id).join('、')})`, 'scheme');
    }
    view = new SchemeView(policy, scheme, tree);
    byScheme.set(scheme, view);
  }
  return view;
}
