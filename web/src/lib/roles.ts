/** The token's role as the service words it (`admin`, `agency`, `institution:<code>`, `person:<id>`), and what it may do here. */

export type Role = { kind: 'admin' } | { kind: 'agency' } | { kind: 'institution'; code: string } | { kind: 'person'; memberId: string };

export function roleOf(text: string | null): Role | null {
  if (text === 'admin' || text === 'agency') return { kind: text };
  if (text?.startsWith('institution:')) return { kind: 'institution', code: text.slice('institution:'.length) };
  if (text?.startsWith('person:')) return { kind: 'person', memberId: text.slice('person:'.length) };
  return null;
}

/** 预结算 and 结算: admin, agency and institutions (the service checks an institution's own code). */
export const maySettle = (r: Role | null): boolean => r !== null && r.kind !== 'person';

/** 冲正: admin and agency only. */
export const mayReverse = (r: Role | null): boolean => r?.kind === 'admin' || r?.kind === 'agency';

/** The day's reconciliation: admin, agency and institutions (their own). */
export const mayReconcile = maySettle;

/** The console's pages, in the navigation's order. */
export const PAGES = ['calculator', 'member', 'settlements', 'fund', 'simulation', 'policies'] as const;
export type Page = (typeof PAGES)[number];

/**
 * The pages a role may open, from what the service lets it read (README, routes): 参保人 reads
 * members (admin, agency, a person their own; not an institution); 基金 reads the reconciliation
 * (admin, agency, an institution its own); 测算 runs simulations (admin, agency); 结算试算, 结算
 * and 政策 are for every role. While the role is not known yet, only the pages of every role.
 */
export function pagesFor(r: Role | null): readonly Page[] {
  return PAGES.filter((p) => {
    switch (p) {
      case 'member':
        return r !== null && r.kind !== 'institution';
      case 'fund':
        return r !== null && r.kind !== 'person';
      case 'simulation':
        return r?.kind === 'admin' || r?.kind === 'agency';
      default:
        return true;
    }
  });
}
