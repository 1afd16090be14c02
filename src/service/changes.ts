/**
 * A member's type and employer over time. The member record holds the current ones; each change
 * (of type: employee ↔ flexible, 变更单位: another employer) is kept with what it changed from
 * and the day it applies from, so that the type and employer in force on any day — a month's
 * contribution recorded later, a claim's coverage — are read back: walking the changes from the
 * latest, each one applying after that day is undone.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, MemberChangesTable, MembersTable } from '../store/schema.js';

type Db = Kysely<Database> | Transaction<Database>;
export type MemberChange = Pick<Selectable<MemberChangesTable>, 'on' | 'from_type' | 'to_type' | 'from_employer_id' | 'to_employer_id'>;

/** The member as on `date`: its type and employer then (the changes in the order made). */
export function memberOn<M extends Pick<Selectable<MembersTable>, 'type' | 'employer_id'>>(member: M, changes: readonly MemberChange[], date: string): M {
  let type = member.type;
  let employer = member.employer_id;
  for (let i = changes.length - 1; i >= 0; i--) {
    const c = changes[i]!;
    if (c.on <= date) break;
    type = c.from_type;
    employer = c.from_employer_id;
  }
  return type === member.type && employer === member.employer_id ? member : { ...member, type, employer_id: employer };
}

export async function changesOf(db: Db, memberId: string): Promise<MemberChange[]> {
  return db.selectFrom('member_changes').select(['on', 'from_type', 'to_type', 'from_employer_id', 'to_employer_id']).where('member_id', '=', memberId).orderBy('seq').execute();
}

/** Records a change (the member row already locked); `on` may not precede the latest change's. */
export async function recordChange(
  tx: Transaction<Database>,
  member: Selectable<MembersTable>,
  change: { kind: 'type' | 'employer'; on: string; toType: string; toEmployerId: string | null },
): Promise<{ ok: true } | { ok: false; latest: string }> {
  const last = await tx.selectFrom('member_changes').select(['seq', 'on']).where('member_id', '=', member.id).orderBy('seq', 'desc').executeTakeFirst();
  if (last && change.on < last.on) return { ok: false, latest: last.on };
  await tx
    .insertInto('member_changes')
    .values({
      member_id: member.id,
      seq: (last?.seq ?? 0) + 1,
      kind: change.kind,
      on: change.on,
      from_type: member.type,
      to_type: change.toType,
      from_employer_id: member.employer_id,
      to_employer_id: change.toEmployerId,
    })
    .execute();
  await tx.updateTable('members').set({ type: change.toType, employer_id: change.toEmployerId }).where('id', '=', member.id).execute();
  return { ok: true };
}
