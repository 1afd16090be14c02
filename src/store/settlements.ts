/**
 * The two statements a settlement costs: one read of everything the engine needs about a member
 * and a benefit year (a single snapshot), and one write of everything the settlement changes
 * (atomic on its own). The write is conditional on the member row and the member-year row being
 * the versions the read saw (their `xmin`, which every update of a row changes): if another
 * transaction changed either in between, nothing is written and `writeSettlement` answers
 * `stale`, so that the caller reads again, or serialises on the member's row lock.
 *
 * Every operation whose outcome a settlement could change, or that changes what a settlement
 * reads and must be ordered with it (a reversal, a contribution's account credit, a change of
 * status), updates the member row or the member-year row, so it cannot interleave unseen.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, MembersTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The error code the write raises when a row moved under it (PostgreSQL's serialization_failure). */
export const STALE_SQLSTATE = '40001';
export const STALE_MESSAGE = 'yibao: the member changed since it was read';

export interface SettlementState {
  member: Selectable<MembersTable>;
  /** The member row's version (xmin) as read. */
  memberVersion: string;
  /** The member-year as stored, or undefined before its first settlement. */
  current?: { accumulators: unknown; settlements: number; version: string };
  /** The accumulators of the year before, if stored. */
  previous?: unknown;
  /** The region's city average wages: [year, fen]. */
  averageWages: [number, number | string][];
  /** Recognised diseases by recognition date, then name. */
  recognitions: { category: 'chronic' | 'special'; name: string; class: number | null; recognized_on: string }[];
  registrations: { kind: string; place: string; valid_from: string; valid_until: string | null }[];
  /** The contributions on record in month order (not read for the resident scheme, whose coverage does not rest on them). */
  contributions: { month: string; paid_on: string }[];
  /** The member's changes of type or employer, in the order made (src/service/changes.ts). */
  changes: { on: string; from_type: string; to_type: string; from_employer_id: string | null; to_employer_id: string | null }[];
  /** The highest member_seq of the member's settlements (0: none). */
  lastMemberSeq: number;
  /** The settlement already made under this Idempotency-Key, if any (of any member). */
  prior?: { id: string; request_hash: string; result: unknown; accumulators_after: unknown };
}

interface StateRow extends Selectable<MembersTable> {
  member_version: string;
  current: SettlementState['current'] | null;
  previous: unknown;
  average_wages: SettlementState['averageWages'];
  recognitions_read: SettlementState['recognitions'];
  registrations_read: SettlementState['registrations'];
  contributions_read: SettlementState['contributions'];
  changes_read: SettlementState['changes'];
  last_member_seq: number | string;
  prior: SettlementState['prior'] | null;
}

/** One statement: the member, its year and the year before, the region's wages, its registrations, recognitions and contributions, and the key's prior settlement. */
export async function readSettlementState(db: Db, memberId: string, year: number, idempotencyKey: string | null): Promise<SettlementState | undefined> {
  const { rows } = await sql<StateRow>`/* prepared:settlement_read */
    select m.*, m.xmin::text as member_version,
      (select json_build_object('accumulators', y.accumulators, 'settlements', y.settlements, 'version', y.xmin::text)
         from member_years y where y.member_id = m.id and y.year = ${year}) as current,
      (select y.accumulators from member_years y where y.member_id = m.id and y.year = ${year - 1}) as previous,
      (select coalesce(json_agg(json_build_array(s.year, s.average_wage) order by s.year), '[]')
         from statistics s where s.region = m.region and s.average_wage is not null) as average_wages,
      (select coalesce(json_agg(json_build_object('category', r.category, 'name', r.name, 'class', r.class, 'recognized_on', r.recognized_on) order by r.recognized_on, r.name), '[]')
         from recognitions r where r.member_id = m.id) as recognitions_read,
      (select coalesce(json_agg(json_build_object('kind', g.kind, 'place', g.place, 'valid_from', g.valid_from, 'valid_until', g.valid_until)), '[]')
         from registrations g where g.member_id = m.id) as registrations_read,
      case when m.scheme = 'resident' then '[]'::json else
        (select coalesce(json_agg(json_build_object('month', c.month, 'paid_on', c.paid_on) order by c.month), '[]')
           from contributions c where c.member_id = m.id) end as contributions_read,
      (select coalesce(json_agg(json_build_object('on', x.on, 'from_type', x.from_type, 'to_type', x.to_type, 'from_employer_id', x.from_employer_id, 'to_employer_id', x.to_employer_id) order by x.seq), '[]')
         from member_changes x where x.member_id = m.id) as changes_read,
      (select coalesce(max(s.member_seq), 0) from settlements s where s.member_id = m.id) as last_member_seq,
      (select json_build_object('id', p.id, 'request_hash', p.request_hash, 'result', p.result, 'accumulators_after', p.accumulators_after)
         from settlements p where p.idempotency_key = ${idempotencyKey}) as prior
    from members m where m.id = ${memberId}`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const { member_version, current, previous, average_wages, recognitions_read, registrations_read, contributions_read, changes_read, last_member_seq, prior, ...member } = row;
  return {
    member,
    memberVersion: member_version,
    ...(current ? { current } : {}),
    ...(previous !== null && previous !== undefined ? { previous } : {}),
    averageWages: average_wages,
    recognitions: recognitions_read,
    registrations: registrations_read,
    contributions: contributions_read,
    changes: changes_read,
    lastMemberSeq: Number(last_member_seq),
    ...(prior ? { prior } : {}),
  };
}

export interface SettlementWrite {
  memberId: string;
  id: string;
  year: number;
  idempotencyKey: string;
  requestHash: string;
  /** JSON texts. */
  claim: string;
  result: string;
  accumulatorsBefore: string;
  accumulatorsAfter: string;
  /** Personal-account payment, fen. */
  acctPay: number;
  seq: number;
  memberSeq: number;
  institution: string | null;
  channel: 'direct' | 'manual';
  /** The journal entry's kind and lines (balanced, none empty). */
  entryKind: 'settlement' | 'reimbursement';
  entryId: string;
  lines: readonly { account: string; debit: number; credit: number }[];
  actor: string;
  auditDetail: string;
  /** The versions the state was read at (undefined: no member-year row yet). */
  memberVersion: string;
  yearVersion: string | undefined;
}

/**
 * One statement: the member-year's new totals, the account's debit, the settlement, its journal
 * entry and its audit line, all or nothing; `stale` (nothing written) when the member or the
 * member-year is no longer the version read.
 */
export async function writeSettlement(db: Db, w: SettlementWrite): Promise<'written' | 'stale'> {
  const lineNo = w.lines.map((_, i) => i + 1);
  try {
    await sql`/* prepared:settlement_write */
      with m as (
        update members set account_balance = account_balance - ${w.acctPay}::bigint
        where id = ${w.memberId} and xmin::text = ${w.memberVersion}::text
        returning id
      ), y as (
        -- After m (it reads m): the member row is locked before the member-year, as every
        -- writer of a member does, so two writers never wait on each other in a cycle.
        insert into member_years as t (member_id, year, accumulators, settlements, updated_at)
        select m.id, ${w.year}, ${w.accumulatorsAfter}::jsonb, ${w.seq}, now() from m
        on conflict (member_id, year) do update set accumulators = excluded.accumulators, settlements = excluded.settlements, updated_at = now()
        where t.xmin::text = ${w.yearVersion ?? null}::text
        returning 1
      ), s as (
        insert into settlements (member_id, id, year, idempotency_key, request_hash, claim, result, accumulators_before, accumulators_after, acct_pay, seq, member_seq, status, institution, channel)
        values (${w.memberId}, ${w.id}, ${w.year}, ${w.idempotencyKey}, ${w.requestHash}, ${w.claim}::json, ${w.result}::json, ${w.accumulatorsBefore}::jsonb,
                ${w.accumulatorsAfter}::jsonb, ${w.acctPay}::bigint, ${w.seq}, ${w.memberSeq}, 'settled', ${w.institution}::text, ${w.channel}::text)
      ), j as (
        insert into journal (member_id, entry_id, line_no, account, debit, credit, kind, settlement_id, institution)
        select ${w.memberId}, ${w.entryId}, l.n, l.a, l.d, l.c, ${w.entryKind}::text, ${w.id}, ${w.institution}::text
        from unnest(${lineNo}::int[], ${w.lines.map((l) => l.account)}::text[], ${w.lines.map((l) => l.debit)}::bigint[], ${w.lines.map((l) => l.credit)}::bigint[]) as l(n, a, d, c)
      ), a as (
        insert into audit (actor, action, target, detail) values (${w.actor}, ${w.channel === 'manual' ? 'reimbursement.create' : 'settlement.create'}::text, ${`settlement:${w.id}`}, ${w.auditDetail}::jsonb)
      )
      select case when (select count(*) from y) = 1 and (select count(*) from m) = 1 then true
        else yibao_stale(${STALE_MESSAGE}) end as ok`.execute(db);
    return 'written';
  } catch (e) {
    if (isStale(e)) return 'stale';
    throw e;
  }
}

export function isStale(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === STALE_SQLSTATE && String((e as { message?: unknown }).message).includes(STALE_MESSAGE);
}

/** Takes the member's row lock for the rest of the transaction (false: no such member). */
export async function lockMemberRow(tx: Transaction<Database>, memberId: string): Promise<boolean> {
  const row = await tx.selectFrom('members').select('id').where('id', '=', memberId).forUpdate().executeTakeFirst();
  return row !== undefined;
}
