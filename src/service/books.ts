/**
 * Read-outs of the books: a member's personal-account statement (from the journal), the member's
 * timeline, and the day's reconciliation per institution and fund.
 */
import { sql, type Kysely } from 'kysely';
import { fenOf, type Database } from '../store/schema.js';
import { careDate, yuanFromFen } from './membership.js';
import { loadMember } from './settlements.js';

/** The day boundary of reconciliation: the agency's day, China Standard Time. */
export const BOOKS_TIME_ZONE = 'Asia/Shanghai';

/** A timestamp's day in BOOKS_TIME_ZONE, YYYY-MM-DD. */
export function bookDay(at: Date | string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: BOOKS_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(at)).map((x) => [x.type, x.value]),
  );
  return `${p['year']}-${p['month']}-${p['day']}`;
}

export interface StatementLine {
  at: string;
  kind: string;
  settlementId: string | null;
  /** Yuan, + into the account, − out of it. */
  amount: number;
  balance: number;
}

/**
 * The personal account from the journal: every `personal_account` line in the order written
 * (credit in, debit out), with the running balance. `balance` is the journal's; the member
 * record's balance is kept equal to it in the same transactions.
 */
export async function accountStatement(db: Kysely<Database>, memberId: string): Promise<{ memberId: string; balance: number; lines: StatementLine[] }> {
  await loadMember(db, memberId);
  const rows = await db
    .selectFrom('journal')
    .select(['created_at', 'kind', 'settlement_id', 'debit', 'credit', 'entry_id', 'line_no'])
    .where('member_id', '=', memberId)
    .where('account', '=', 'personal_account')
    .orderBy('created_at')
    .orderBy('entry_id')
    .orderBy('line_no')
    .execute();
  let balance = 0;
  const lines = rows.map((r) => {
    const fen = fenOf(r.credit) - fenOf(r.debit);
    balance += fen;
    return { at: new Date(r.created_at).toISOString(), kind: r.kind, settlementId: r.settlement_id, amount: yuanFromFen(fen), balance: yuanFromFen(balance) };
  });
  return { memberId, balance: yuanFromFen(balance), lines };
}

export interface TimelineEvent {
  date: string;
  kind: 'enrolment' | 'change' | 'contribution' | 'registration' | 'recognition' | 'settlement' | 'reversal' | 'account';
  detail: Record<string, unknown>;
}

const ORDER: Record<TimelineEvent['kind'], number> = { enrolment: 0, registration: 1, recognition: 2, contribution: 3, settlement: 4, reversal: 5, account: 6, change: 7 };

/**
 * The member's history in date order. Each event at its own date: the enrolment at `enrolledOn`,
 * a contribution at its `paidOn`, a registration at `validFrom`, a recognition at
 * `recognizedOn`, a retirement or the end of the enrolment on its day, a settlement at the claim's discharge or visit date, a reversal on the day it
 * was made (China Standard Time, as reconciliation); account movements (opening balance, monthly credits, account payments and their
 * reversal) at the date of the event that made them.
 */
export async function memberTimeline(db: Kysely<Database>, memberId: string): Promise<{ memberId: string; events: TimelineEvent[] }> {
  const m = await loadMember(db, memberId);
  const events: TimelineEvent[] = [];
  events.push({ date: m.enrolled_on, kind: 'enrolment', detail: { region: m.region, scheme: m.scheme, type: m.type, status: m.status, employerId: m.employer_id } });
  if (m.retired_on !== null) events.push({ date: m.retired_on, kind: 'change', detail: { change: 'retire' } });
  if (m.ended_on !== null) events.push({ date: m.ended_on, kind: 'change', detail: { change: m.end_reason } });
  const opening = await db
    .selectFrom('journal')
    .select(sql<string>`coalesce(sum(credit) - sum(debit), 0)`.as('fen'))
    .where('member_id', '=', memberId)
    .where('account', '=', 'personal_account')
    .where('kind', '=', 'opening')
    .executeTakeFirstOrThrow();
  if (fenOf(opening.fen) !== 0) events.push({ date: m.enrolled_on, kind: 'account', detail: { movement: 'opening', amount: yuanFromFen(fenOf(opening.fen)) } });
  for (const c of await db.selectFrom('contributions').selectAll().where('member_id', '=', memberId).orderBy('month').execute()) {
    events.push({ date: c.paid_on, kind: 'contribution', detail: { month: c.month, amount: yuanFromFen(fenOf(c.amount)), backPayment: c.paid_on.slice(0, 7) > c.month, mode: c.mode } });
    const credit = fenOf(c.account_credit);
    if (credit !== 0) events.push({ date: c.paid_on, kind: 'account', detail: { movement: 'credit', month: c.month, amount: yuanFromFen(credit) } });
  }
  for (const r of await db.selectFrom('registrations').selectAll().where('member_id', '=', memberId).execute()) {
    events.push({ date: r.valid_from, kind: 'registration', detail: { id: r.id, kind: r.kind, place: r.place, destination: r.destination, validUntil: r.valid_until } });
  }
  for (const r of await db.selectFrom('recognitions').selectAll().where('member_id', '=', memberId).execute()) {
    events.push({ date: r.recognized_on, kind: 'recognition', detail: { id: r.id, category: r.category, name: r.name, class: r.class } });
  }
  for (const s of await db.selectFrom('settlements').selectAll().where('member_id', '=', memberId).orderBy('member_seq').execute()) {
    const claim = s.claim as Record<string, unknown>;
    const result = s.result as { claimId: string; medfee_sumamt: number; fund_pay_sumamt: number; psn_cash_pay: number };
    const day = typeof claim['dischargeDate'] === 'string' ? claim['dischargeDate'] : (careDate(claim)?.date ?? bookDay(s.created_at));
    const acct = fenOf(s.acct_pay);
    events.push({
      date: day,
      kind: 'settlement',
      detail: { id: s.id, claimId: result.claimId, institution: s.institution, medfee_sumamt: result.medfee_sumamt, fund_pay_sumamt: result.fund_pay_sumamt, psn_cash_pay: result.psn_cash_pay, status: s.status },
    });
    if (acct !== 0) events.push({ date: day, kind: 'account', detail: { movement: 'settlement', settlementId: s.id, amount: -yuanFromFen(acct) } });
    if (s.reversed_at !== null) {
      const on = bookDay(s.reversed_at);
      events.push({ date: on, kind: 'reversal', detail: { settlementId: s.id } });
      if (acct !== 0) events.push({ date: on, kind: 'account', detail: { movement: 'reversal', settlementId: s.id, amount: yuanFromFen(acct) } });
    }
  }
  // Changes of employer (变更单位) or type (employee ↔ flexible), from their day.
  const moves = await db.selectFrom('member_changes').selectAll().where('member_id', '=', memberId).orderBy('seq').execute();
  for (const c of moves) {
    events.push({
      date: c.on,
      kind: 'change',
      detail: c.kind === 'employer' ? { change: 'employer', employerId: c.to_employer_id } : { change: 'type', from: c.from_type, to: c.to_type, employerId: c.to_employer_id },
    });
  }
  // Family payments and pay-outs from the account (src/service/account.ts), on the day they were made.
  const moved = await db
    .selectFrom('journal')
    .select(['created_at', 'kind', 'debit', 'credit'])
    .where('member_id', '=', memberId)
    .where('account', '=', 'personal_account')
    .where('kind', 'in', ['family_payment', 'withdrawal'])
    .orderBy('created_at')
    .execute();
  for (const j of moved) events.push({ date: bookDay(j.created_at), kind: 'account', detail: { movement: j.kind, amount: yuanFromFen(fenOf(j.credit) - fenOf(j.debit)) } });
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : ORDER[a.kind] - ORDER[b.kind]));
  return { memberId, events };
}

export interface InstitutionDay {
  institution: string | null;
  settlements: number;
  reversals: number;
  /** What the institution is owed for the day (medfee_sumamt of settlements less reversals), yuan. */
  total: number;
  /** Each payer's share net of reversals, yuan (fund:pooled, fund:large_expense, …, personal_account, member_cash). */
  funds: Record<string, number>;
}

/**
 * The day's settlements and reversals per institution (the claim's `hospital.code`; null: none
 * given) and per payer, from the journal, the day read in China Standard Time.
 */
export async function reconciliation(db: Kysely<Database>, date: string, institution?: string): Promise<{ date: string; timeZone: string; institutions: InstitutionDay[] }> {
  const day = sql<string>`to_char(created_at at time zone ${BOOKS_TIME_ZONE}, 'YYYY-MM-DD')`;
  let q = db
    .selectFrom('journal')
    .select(['institution', 'account', 'kind', sql<string>`sum(debit)`.as('d'), sql<string>`sum(credit)`.as('c'), sql<string>`count(distinct entry_id)`.as('n')])
    .where('kind', 'in', ['settlement', 'reversal'])
    .where(day, '=', date)
    .groupBy(['institution', 'account', 'kind']);
  if (institution !== undefined) q = q.where('institution', '=', institution);
  const rows = await q.execute();
  const by = new Map<string, InstitutionDay & { fen: Record<string, number>; totalFen: number }>();
  for (const r of rows) {
    const key = r.institution ?? '';
    let it = by.get(key);
    if (!it) {
      it = { institution: r.institution, settlements: 0, reversals: 0, total: 0, funds: {}, fen: {}, totalFen: 0 };
      by.set(key, it);
    }
    const net = fenOf(r.d) - fenOf(r.c);
    if (r.account === 'institution') {
      it.totalFen -= net;
      if (r.kind === 'settlement') it.settlements += Number(r.n);
      else it.reversals += Number(r.n);
    } else {
      it.fen[r.account] = (it.fen[r.account] ?? 0) + net;
    }
  }
  const institutions = [...by.values()]
    .map(({ fen, totalFen, ...it }) => ({ ...it, total: yuanFromFen(totalFen), funds: Object.fromEntries(Object.entries(fen).sort().map(([k, v]) => [k, yuanFromFen(v)])) }))
    .sort((a, b) => ((a.institution ?? '') < (b.institution ?? '') ? -1 : 1));
  return { date, timeZone: BOOKS_TIME_ZONE, institutions };
}
