/**
 * A region's benefit year as the store holds it, as a population for `yibao simulate`
 * (`--from-database`, or `GET /v1/population` to download it): one JSON line per member with
 * settled (not reversed) claims that year — `{ id, …the settle request of the member's claims in
 * the order they were settled }`, built as a settlement builds its request (src/service/requests.ts).
 *
 * Decisions (re-settling a stored year): the year starts from the totals of the year before (the
 * stored accumulators, for a stay continuing over New Year) and from the personal account's
 * balance the year's first settlement saw (its `balc` + `acct_pay`); the account's monthly credits
 * during the year are not replayed. A manual reimbursement is re-settled like the rest (it may then
 * draw the account, which the reimbursement did not).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { fenFromYuan } from './membership.js';
import { settleRequest } from './requests.js';

/** Members per page of the store read. */
export const POPULATION_PAGE = 500;

export async function* storedPopulation(db: Kysely<Database>, region: string, year: number, pageSize = POPULATION_PAGE): AsyncGenerator<string> {
  const wages = await db.selectFrom('statistics').select(['year', 'average_wage']).where('region', '=', region).where('average_wage', 'is not', null).orderBy('year').execute();
  const averageWages = wages.map((w) => [w.year, w.average_wage!] as const);
  let after = '';
  for (;;) {
    const ids = (
      await db
        .selectFrom('settlements as s')
        .innerJoin('members as m', 'm.id', 's.member_id')
        .select('s.member_id')
        .where('m.region', '=', region)
        .where('s.year', '=', year)
        .where('s.status', '=', 'settled')
        .where('s.member_id', '>', after)
        .groupBy('s.member_id')
        .orderBy('s.member_id')
        .limit(pageSize)
        .execute()
    ).map((r) => r.member_id);
    if (ids.length === 0) return;
    const [members, claims, recognitions, registrations, previous] = await Promise.all([
      db.selectFrom('members').selectAll().where('id', 'in', ids).execute(),
      db
        .selectFrom('settlements')
        .select(['member_id', 'claim', sql<string | null>`result->>'acct_pay'`.as('acct_pay'), sql<string | null>`result->>'balc'`.as('balc')])
        .where('member_id', 'in', ids)
        .where('year', '=', year)
        .where('status', '=', 'settled')
        .orderBy('member_id')
        .orderBy('seq')
        .execute(),
      db.selectFrom('recognitions').select(['member_id', 'category', 'name', 'class', 'recognized_on']).where('member_id', 'in', ids).orderBy('member_id').orderBy('recognized_on').orderBy('name').execute(),
      db.selectFrom('registrations').select(['member_id', 'kind', 'place', 'valid_from', 'valid_until']).where('member_id', 'in', ids).execute(),
      db.selectFrom('member_years').select(['member_id', 'accumulators']).where('member_id', 'in', ids).where('year', '=', year - 1).execute(),
    ]);
    const byMember = <T extends { member_id: string }>(rows: T[]) => {
      const out = new Map<string, T[]>();
      for (const r of rows) out.set(r.member_id, [...(out.get(r.member_id) ?? []), r]);
      return out;
    };
    const claimsOf = byMember(claims);
    const recognitionsOf = byMember(recognitions);
    const registrationsOf = byMember(registrations);
    const previousOf = new Map(previous.map((p) => [p.member_id, p.accumulators]));
    for (const member of members.sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const own = claimsOf.get(member.id) ?? [];
      const first = own[0];
      const opening = first ? fenFromYuan(Number(first.balc ?? 0)) + fenFromYuan(Number(first.acct_pay ?? 0)) : 0;
      const prev = previousOf.get(member.id);
      const request = settleRequest({
        member,
        averageWages,
        recognitions: recognitionsOf.get(member.id) ?? [],
        registrations: registrationsOf.get(member.id) ?? [],
        accountBalanceFen: opening,
        claims: own.map((c) => c.claim as Record<string, unknown>),
        yearToDate: prev === undefined ? [] : [prev],
      });
      yield JSON.stringify({ id: member.id, ...request });
    }
    after = ids[ids.length - 1]!;
  }
}
