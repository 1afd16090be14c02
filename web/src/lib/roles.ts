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
