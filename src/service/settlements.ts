/**
 * Settlements against the store: the member's record, the stored year-to-date totals and the
 * region's statistics make the engine's settle request; committing one locks the member and
 * the member-year, settles, stores the settlement, the new totals and balanced journal lines,
 * in one transaction.
 */
import { createHash, randomUUID } from 'node:crypto';
import { bookDay } from './books.js';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { YibaoError, emptyAccumulators, settleWith, type Accumulators, type ClaimResult, type PolicySet } from '../index.js';
import { fenOf, type Database, type MembersTable } from '../store/schema.js';
import { conflict, HttpError, invalid, notFound } from './errors.js';
import { writeSettlementGrouped } from '../store/batch.js';
import { lockMemberRow, readSettlementState, writeSettlement, type SettlementState, type SettlementWrite } from '../store/settlements.js';
import { audit, entryLines, fenFromYuan, postEntry, requireCovered, type JournalLine, yuanFromFen } from './membership.js';
import { settleRequest } from './requests.js';

type Db = Kysely<Database> | Transaction<Database>;
type MemberRow = Selectable<MembersTable>;

export { fenFromYuan, yuanFromFen };

/** JSON with object keys sorted: the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The benefit year of a claim: the calendar year of its discharge or visit date. */
export function claimYear(claim: Record<string, unknown>): number {
  const date = claim['dischargeDate'] ?? claim['visitDate'];
  const field = claim['dischargeDate'] !== undefined ? 'claim.dischargeDate' : 'claim.visitDate';
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw invalid(`${field}: a claim needs its dischargeDate (inpatient) or visitDate as YYYY-MM-DD`, field);
  }
  return Number(date.slice(0, 4));
}

/** The engine's error with its path read against `{ memberId, claim }` (claims[0] is the claim). */
function claimError(e: YibaoError): YibaoError {
  const path = e.path.startsWith('claims[0]') ? `claim${e.path.slice('claims[0]'.length)}` : e.path;
  return path === e.path ? e : new YibaoError(e.code, e.message.split(e.path).join(path), path);
}

export async function loadMember(db: Db, memberId: string, lock = false): Promise<MemberRow> {
  let q = db.selectFrom('members').selectAll().where('id', '=', memberId);
  if (lock) q = q.forUpdate();
  const member = await q.executeTakeFirst();
  if (!member) throw notFound(`member ${memberId}`);
  return member;
}

/** The institution code of a claim (`claim.hospital.code`, the service's field, not the engine's), if any. */
export function institutionOf(claim: Record<string, unknown>): string | undefined {
  const hospital = claim['hospital'];
  if (hospital === null || typeof hospital !== 'object') return undefined;
  const code = (hospital as Record<string, unknown>)['code'];
  if (code === undefined) return undefined;
  if (typeof code !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(code)) throw invalid('claim.hospital.code: the institution code, 1–64 letters, digits, - or _', 'claim.hospital.code');
  return code;
}

/** The year's stored totals (all zero before its first settlement). */
function currentTotals(state: SettlementState, year: number): Accumulators {
  return state.current ? (state.current.accumulators as Accumulators) : emptyAccumulators(year);
}

/** The settle request for one claim of a stored member (yearToDate: the stored year and the one before). */
function buildRequest(state: SettlementState, claim: Record<string, unknown>, year: number, channel: Channel = 'direct'): unknown {
  const yearToDate: unknown[] = [];
  if (state.previous !== undefined) yearToDate.push(state.previous);
  yearToDate.push(currentTotals(state, year));
  return settleRequest({
    member: state.member,
    averageWages: state.averageWages,
    recognitions: state.recognitions,
    registrations: state.registrations,
    // 手工报销: the member paid the whole cost up front; the funds' shares are paid back to them,
    // and the account is not drawn (the member chose to pay in cash).
    accountBalanceFen: channel === 'manual' ? 0 : fenOf(state.member.account_balance),
    claims: [claim],
    yearToDate,
  });
}

async function readState(db: Db, memberId: string, year: number, key: string | null): Promise<SettlementState> {
  const state = await readSettlementState(db, memberId, year, key);
  if (!state) throw notFound(`member ${memberId}`);
  return state;
}

function settleOne(policies: PolicySet, request: unknown, explain: boolean): ClaimResult {
  try {
    const result = settleWith(policies, request, { explain }).results[0];
    if (!result) throw new Error('the engine returned no result');
    return result;
  } catch (e) {
    throw e instanceof YibaoError ? claimError(e) : e;
  }
}

async function storedYear(db: Db, memberId: string, year: number): Promise<Accumulators | undefined> {
  const row = await db.selectFrom('member_years').select('accumulators').where('member_id', '=', memberId).where('year', '=', year).executeTakeFirst();
  return row ? (row.accumulators as Accumulators) : undefined;
}

/** The stored accumulators of a member's year (all zero without a settlement). */
export async function yearTotals(db: Db, memberId: string, year: number): Promise<Accumulators> {
  await loadMember(db, memberId);
  return (await storedYear(db, memberId, year)) ?? emptyAccumulators(year);
}

/** 预结算: the claim settled against the stored totals; nothing stored. */
export async function previewSettlement(db: Db, policies: PolicySet, memberId: string, claim: Record<string, unknown>, explain: boolean): Promise<ClaimResult> {
  const year = claimYear(claim);
  const state = await readState(db, memberId, year, null);
  if (!state.member.active) throw conflict(`member ${memberId} is not actively enrolled`, 'memberId');
  // The engine's refusals first (with their paths), then the member's cover on the claim's date.
  const result = settleOne(policies, buildRequest(state, claim, year), explain);
  requireCovered(policies, state.member, claim, state.contributions, state.changes);
  return result;
}

export interface SettlementReply {
  status: 200 | 201;
  body: { id: string; result: ClaimResult; accumulators: Accumulators };
}

/** How a claim was settled: at the institution (直接结算), or 手工报销 of care paid up front. */
export type Channel = 'direct' | 'manual';

/**
 * A settlement's lines (fen). direct: each payer debited its share, the institution credited the
 * whole cost. manual (手工报销): each fund debited its share, the member credited their sum
 * (`payee:member`); what the member bore stays the cash they already paid.
 */
export function settlementLines(r: ClaimResult, channel: Channel = 'direct'): JournalLine[] {
  if (channel === 'manual') {
    const f = fenFromYuan;
    const funds: [string, number][] = [
      ['fund:pooled', f(r.hifp_pay)],
      ['fund:large_expense', f(r.hifob_pay)],
      ['fund:critical_illness', f(r.hifmi_pay)],
      ['fund:commercial', f(r.oth_pay)],
      ['fund:other', f(r.hifes_pay) + f(r.maf_pay) + f(r.cvlserv_pay)],
    ];
    const lines: JournalLine[] = funds.filter(([, fen]) => fen !== 0).map(([account, fen]) => ({ account, debit: fen, credit: 0 }));
    const total = funds.reduce((sum, [, fen]) => sum + fen, 0);
    if (total !== 0) lines.push({ account: 'payee:member', debit: 0, credit: total });
    return lines;
  }
  const f = fenFromYuan;
  const payers: [string, number][] = [
    ['fund:pooled', f(r.hifp_pay)],
    ['fund:large_expense', f(r.hifob_pay)],
    ['fund:critical_illness', f(r.hifmi_pay)],
    ['fund:commercial', f(r.oth_pay)],
    ['fund:other', f(r.hifes_pay) + f(r.maf_pay) + f(r.cvlserv_pay)],
    ['personal_account', f(r.acct_pay)],
    ['member_cash', f(r.psn_cash_pay)],
  ];
  const lines: JournalLine[] = [];
  for (const [account, fen] of payers) if (fen !== 0) lines.push({ account, debit: fen, credit: 0 });
  const total = f(r.medfee_sumamt);
  if (total !== 0) lines.push({ account: 'institution', debit: 0, credit: total });
  return lines;
}

function replayOf(prior: NonNullable<SettlementState['prior']>, hash: string): SettlementReply {
  if (prior.request_hash !== hash) throw conflict('this Idempotency-Key was used with a different request', 'Idempotency-Key');
  return { status: 200, body: { id: prior.id, result: prior.result as ClaimResult, accumulators: prior.accumulators_after as Accumulators } };
}

async function replay(db: Db, key: string, hash: string): Promise<SettlementReply | undefined> {
  const prior = await db.selectFrom('settlements').select(['id', 'request_hash', 'result', 'accumulators_after']).where('idempotency_key', '=', key).executeTakeFirst();
  return prior ? replayOf(prior, hash) : undefined;
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}

interface CommitInput {
  memberId: string;
  claim: Record<string, unknown>;
  key: string;
  actor: string;
  /** manual: 手工报销 (the claim's `claimedOn` is the day asked, today in China Standard Time when absent). */
  channel?: Channel;
}

/**
 * The settlement a state leads to: the prior one under the same key (a retry), or the claim
 * settled against the state and the write that commits it.
 */
function settleAgainst(policies: PolicySet, state: SettlementState, input: CommitInput, hash: string, year: number): { replay: SettlementReply } | { reply: SettlementReply; write: SettlementWrite } {
  if (state.prior) return { replay: replayOf(state.prior, hash) };
  const { member } = state;
  if (!member.active) throw conflict(`member ${member.id} is not actively enrolled`, 'memberId');
  const channel = input.channel ?? 'direct';
  const institution = channel === 'manual' ? null : (institutionOf(input.claim) ?? null);
  const claim = channel === 'manual' && input.claim['claimedOn'] === undefined ? { ...input.claim, claimedOn: bookDay(new Date()) } : input.claim;
  const before = currentTotals(state, year);
  // Stored with its explanation: the settlement's record says why.
  const result = settleOne(policies, buildRequest(state, claim, year, channel), true);
  if (result.year !== year) throw new Error(`the engine settled claim year ${result.year}, the store read ${year}`);
  requireCovered(policies, member, claim, state.contributions, state.changes);
  const id = randomUUID();
  const seq = (state.current?.settlements ?? 0) + 1;
  return {
    reply: { status: 201, body: { id, result, accumulators: result.accumulators } },
    write: {
      memberId: member.id,
      id,
      year,
      idempotencyKey: input.key,
      requestHash: hash,
      claim: JSON.stringify(claim),
      result: JSON.stringify(result),
      accumulatorsBefore: JSON.stringify(before),
      accumulatorsAfter: JSON.stringify(result.accumulators),
      acctPay: fenFromYuan(result.acct_pay),
      seq,
      memberSeq: state.lastMemberSeq + 1,
      institution,
      channel,
      entryKind: channel === 'manual' ? 'reimbursement' : 'settlement',
      entryId: randomUUID(),
      lines: entryLines('settlement', id, settlementLines(result, channel)),
      actor: input.actor,
      auditDetail: JSON.stringify({ memberId: member.id, year, claimId: result.claimId, fund: result.fund_pay_sumamt }),
      memberVersion: state.memberVersion,
      yearVersion: state.current?.version,
    },
  };
}

/** Optimistic tries before a settlement serialises on the member's row lock. */
const OPTIMISTIC_TRIES = 2;

/**
 * Settles and commits one claim (idempotent by key). Two statements when the member is not
 * contended: read the state, settle, write on condition that the member and the member-year are
 * unchanged (src/store/settlements.ts). When they changed meanwhile (another settlement,
 * reversal or contribution of the same member), read and settle again; after OPTIMISTIC_TRIES,
 * take the member's row lock and settle under it, so a burst for one member is served in turn.
 */
export async function commitSettlement(db: Kysely<Database>, policies: PolicySet, input: CommitInput): Promise<SettlementReply> {
  // A reimbursement's key never replays a direct settlement of the same claim, nor the reverse.
  const hash = sha256(canonicalJson(input.channel === 'manual' ? { memberId: input.memberId, claim: input.claim, channel: 'manual' } : { memberId: input.memberId, claim: input.claim }));
  const year = claimYear(input.claim);
  try {
    for (let attempt = 0; attempt < OPTIMISTIC_TRIES; attempt++) {
      const out = settleAgainst(policies, await readState(db, input.memberId, year, input.key), input, hash, year);
      if ('replay' in out) return out.replay;
      // Grouped with other members' writes into one statement when group commit is on (src/store/batch.ts).
      if ((await writeSettlementGrouped(db, out.write)) === 'written') return out.reply;
    }
    return await db.transaction().execute(async (tx) => {
      if (!(await lockMemberRow(tx, input.memberId))) throw notFound(`member ${input.memberId}`);
      const out = settleAgainst(policies, await readState(tx, input.memberId, year, input.key), input, hash, year);
      if ('replay' in out) return out.replay;
      if ((await writeSettlement(tx, out.write)) === 'stale') throw new Error(`member ${input.memberId} changed under its own row lock`);
      return out.reply;
    });
  } catch (e) {
    // Another transaction took the key meanwhile (a concurrent retry): answer as a retry.
    if (isUniqueViolation(e)) {
      const replayed = await replay(db, input.key, hash);
      if (replayed) return replayed;
    }
    throw e;
  }
}

export interface ReversalReply {
  id: string;
  status: 'reversed';
  accumulators: Accumulators;
  accountBalance: number;
}

/**
 * 冲正: only the latest un-reversed settlement of its member-year, and none settled after it in
 * the next year (which read this year's totals); restores the year's totals and the account.
 */
export async function reverseSettlement(db: Kysely<Database>, id: string, actor: string): Promise<ReversalReply> {
  return db.transaction().execute(async (tx) => {
    const found = await tx.selectFrom('settlements').select(['member_id']).where('id', '=', id).executeTakeFirst();
    if (!found) throw notFound(`settlement ${id}`);
    const member = await loadMember(tx, found.member_id, true);
    const s = await tx.selectFrom('settlements').selectAll().where('member_id', '=', member.id).where('id', '=', id).executeTakeFirstOrThrow();
    if (s.status === 'reversed') throw conflict(`settlement ${id} is already reversed`);
    await tx.selectFrom('member_years').select('year').where('member_id', '=', member.id).where('year', '=', s.year).forUpdate().executeTakeFirstOrThrow();
    const later = await tx
      .selectFrom('settlements')
      .select(['id', 'year'])
      .where('member_id', '=', member.id)
      .where('status', '=', 'settled')
      .where((eb) => eb.or([eb.and([eb('year', '=', s.year), eb('seq', '>', s.seq)]), eb.and([eb('year', '=', s.year + 1), eb('member_seq', '>', s.member_seq)])]))
      .orderBy('member_seq', 'desc')
      .executeTakeFirst();
    if (later) {
      throw conflict(
        `settlement ${id} is not the latest of the member's benefit year ${s.year}: settlement ${later.id} (${later.year}) was settled after it on its totals; reverse that one first`,
      );
    }
    await tx.updateTable('settlements').set({ status: 'reversed', reversed_at: sql<Date>`now()` }).where('member_id', '=', member.id).where('id', '=', id).execute();
    await tx
      .updateTable('member_years')
      .set({ accumulators: JSON.stringify(s.accumulators_before), updated_at: sql<Date>`now()` })
      .where('member_id', '=', member.id)
      .where('year', '=', s.year)
      .execute();
    const balance = fenOf(member.account_balance) + fenOf(s.acct_pay);
    // Always written, even when the account is untouched: a new version of the member row, which
    // an optimistic settlement read before this reversal sees and settles again (store/settlements.ts).
    await tx.updateTable('members').set({ account_balance: balance }).where('id', '=', member.id).execute();
    const lines = settlementLines(s.result as ClaimResult, s.channel).map((l) => ({ account: l.account, debit: l.credit, credit: l.debit }));
    await postEntry(tx, member.id, s.channel === 'manual' ? 'reimbursement_reversal' : 'reversal', id, lines, s.institution);
    await audit(tx, actor, 'settlement.reverse', `settlement:${id}`, { memberId: member.id, year: s.year });
    return { id, status: 'reversed' as const, accumulators: s.accumulators_before as Accumulators, accountBalance: yuanFromFen(balance) };
  });
}

export { HttpError };
