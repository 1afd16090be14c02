/**
 * The engine's settle request for a stored member: the person from the member record and the
 * recognised diseases, the region's statistics as `context`, each claim as the engine reads it
 * (the registration on record in force on its date, the service's `hospital.code` dropped), and
 * the year-to-date totals. One builder for a settlement (one claim against the stored year) and
 * for a year's stored claims re-settled together (src/service/population.ts).
 */
import type { Selectable } from 'kysely';
import { fenOf, type MembersTable } from '../store/schema.js';
import { diseasesFrom, registrationFrom, yuanFromFen, type RecognitionRow, type RegistrationRow } from './membership.js';

export interface RequestParts {
  member: Selectable<MembersTable>;
  /** The region's city average wages: [year, fen]. */
  averageWages: readonly (readonly [number, number | string])[];
  /** In recognition order (date, then name). */
  recognitions: readonly RecognitionRow[];
  registrations: readonly RegistrationRow[];
  /** The personal account's balance the request starts from, fen (employee scheme only). */
  accountBalanceFen: number;
  claims: readonly Record<string, unknown>[];
  /** The engine's yearToDate (omitted when empty). */
  yearToDate: readonly unknown[];
}

/** The claim as the engine reads it: without `hospital.code`, with the registration on record in force on its date. */
export function engineClaim(registrations: readonly RegistrationRow[], claim: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...claim };
  const hospital = claim['hospital'];
  if (hospital !== null && typeof hospital === 'object' && 'code' in hospital) {
    const { code: _code, ...rest } = hospital as Record<string, unknown>;
    out['hospital'] = rest;
  }
  out['registration'] = registrationFrom(registrations, claim);
  return out;
}

export function settleRequest(p: RequestParts): Record<string, unknown> {
  const { member } = p;
  const averageWage: Record<string, number> = {};
  for (const [y, fen] of p.averageWages) averageWage[String(y)] = yuanFromFen(fenOf(fen));
  const person: Record<string, unknown> = {
    birthDate: member.birth_date,
    sex: member.sex,
    tags: member.tags,
    ...diseasesFrom(p.recognitions),
  };
  // Only the employee scheme has a personal account (个人账户).
  if (member.scheme === 'employee') {
    person['accountBalance'] = yuanFromFen(p.accountBalanceFen);
    if (member.retired_on) person['retiredOn'] = member.retired_on;
    else person['status'] = member.status;
  }
  return {
    region: member.region,
    scheme: member.scheme,
    ...(Object.keys(averageWage).length > 0 ? { context: { averageWage } } : {}),
    person,
    claims: p.claims.map((c) => engineClaim(p.registrations, c)),
    ...(p.yearToDate.length > 0 ? { yearToDate: p.yearToDate } : {}),
  };
}
