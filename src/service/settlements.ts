/**
 * Settlements against the store: the member's record, the stored year-to-date totals and the
 * region's statistics make the engine's settle request; committing one locks the member and
 * the member-year, settles, stores the settlement, the new totals and balanced journal lines,
 * in one transaction.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { YibaoError, emptyAccumulators, settleWith, type Accumulators, type ClaimResult, type PolicySet } from '../index.js';
import { fenOf, type Database, type MembersTable } from '../store/schema.js';
import { conflict, HttpError, invalid, notFound } from './errors.js';
import { audit, diseasesOf, fenFromYuan, postEntry, registrationFor, requireCovered, type JournalLine, yuanFromFen } from './membership.js';

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

/**
 * The claim as the engine reads it: without `hospital.code`, and with the registration in force
 * on its date from the store in place of the request's (registrationFor).
 */
async function engineClaim(db: Db, memberId: string, claim: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { ...claim };
  const hospital = claim['hospital'];
  if (hospital !== null && typeof hospital === 'object' && 'code' in hospital) {
    const { code: _code, ...rest } = hospital as Record<string, unknown>;
    out['hospital'] = rest;
  }
  out['registration'] = await registrationFor(db, memberId, claim);
  return out;
}

/** The settle request for one claim of a stored member (yearToDate: the stored year and the one before). */
async function buildRequest(db: Db, member: MemberRow, claim: Record<string, unknown>, year: number, current: Accumulators): Promise<unknown> {
  const before = await db.selectFrom('member_years').select(['year', 'accumulators']).where('member_id', '=', member.id).where('year', '=', year - 1).executeTakeFirst();
  const stats = await db.selectFrom('statistics').select(['year', 'average_wage']).where('region', '=', member.region).where('average_wage', 'is not', null).execute();
  const averageWage: Record<string, number> = {};
  for (const s of stats) if (s.average_wage !== null) averageWage[String(s.year)] = yuanFromFen(fenOf(s.average_wage));
  const person: Record<string, unknown> = {
    birthDate: member.birth_date,
    sex: member.sex,
    tags: member.tags,
    ...(await diseasesOf(db, member.id)),
  };
  // Only the employee scheme has a personal account (个人账户).
  if (member.scheme === 'employee') {
    person['accountBalance'] = yuanFromFen(fenOf(member.account_balance));
    if (member.retired_on) person['retiredOn'] = member.retired_on;
    else person['status'] = member.status;
  }
  const yearToDate: unknown[] = [];
  if (before) yearToDate.push(before.accumulators);
  yearToDate.push(current);
  return {
    region: member.region,
    scheme: member.scheme,
    ...(Object.keys(averageWage).length > 0 ? { context: { averageWage } } : {}),
    person,
    claims: [await engineClaim(db, member.id, claim)],
    yearToDate,
  };
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
  const member = await loadMember(db, memberId);
  if (!member.active) throw conflict(`member ${memberId} is not actively enrolled`, 'memberId');
  const year = claimYear(claim);
  const current = (await storedYear(db, memberId, year)) ?? emptyAccumulators(year);
  // The engine's refusals first (with their paths), then the member's cover on the claim's date.
  const result = settleOne(policies, await buildRequest(db, member, claim, year, current), explain);
  await requireCovered(db, policies, member, claim);
  return result;
}

export interface SettlementReply {
  status: 200 | 201;
  body: { id: string; result: ClaimResult; accumulators: Accumulators };
}

/** A settlement's lines: each payer debited its share, the institution credited the whole cost (fen). */
export function settlementLines(r: ClaimResult): JournalLine[] {
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

async function replay(db: Db, key: string, hash: string): Promise<SettlementReply | undefined> {
  const prior = await db.selectFrom('settlements').select(['id', 'request_hash', 'result', 'accumulators_after']).where('idempotency_key', '=', key).executeTakeFirst();
  if (!prior) return undefined;
  if (prior.request_hash !== hash) throw conflict('this Idempotency-Key was used with a different request', 'Idempotency-Key');
  return { status: 200, body: { id: prior.id, result: prior.result as ClaimResult, accumulators: prior.accumulators_after as Accumulators } };
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}

/** Settles and commits one claim (idempotent by key). */
export async function commitSettlement(
  db: Kysely<Database>,
  policies: PolicySet,
  input: { memberId: string; claim: Record<string, unknown>; key: string; actor: string },
): Promise<SettlementReply> {
  const hash = sha256(canonicalJson({ memberId: input.memberId, claim: input.claim }));
  const year = claimYear(input.claim);
  try {
    return await db.transaction().execute(async (tx) => {
      const member = await loadMember(tx, input.memberId, true);
      const replayed = await replay(tx, input.key, hash);
      if (replayed) return replayed;
      if (!member.active) throw conflict(`member ${member.id} is not actively enrolled`, 'memberId');
      const institution = institutionOf(input.claim) ?? null;
      await tx
        .insertInto('member_years')
        .values({ member_id: member.id, year, accumulators: JSON.stringify(emptyAccumulators(year)) })
        .onConflict((oc) => oc.columns(['member_id', 'year']).doNothing())
        .execute();
      const row = await tx.selectFrom('member_years').select(['accumulators', 'settlements']).where('member_id', '=', member.id).where('year', '=', year).forUpdate().executeTakeFirstOrThrow();
      const before = row.accumulators as Accumulators;
      // Stored with its explanation: the settlement's record says why.
      const result = settleOne(policies, await buildRequest(tx, member, input.claim, year, before), true);
      if (result.year !== year) throw new Error(`the engine settled claim year ${result.year}, the store locked ${year}`);
      await requireCovered(tx, policies, member, input.claim);
      const id = randomUUID();
      const seq = row.settlements + 1;
      // Under the member's row lock: the order in which the member's settlements were committed.
      const last = await tx.selectFrom('settlements').select((eb) => eb.fn.max('member_seq').as('n')).where('member_id', '=', member.id).executeTakeFirst();
      const memberSeq = (last?.n ?? 0) + 1;
      const acctPay = fenFromYuan(result.acct_pay);
      await tx
        .insertInto('settlements')
        .values({
          member_id: member.id,
          id,
          year,
          idempotency_key: input.key,
          request_hash: hash,
          claim: JSON.stringify(input.claim),
          result: JSON.stringify(result),
          accumulators_before: JSON.stringify(before),
          accumulators_after: JSON.stringify(result.accumulators),
          acct_pay: acctPay,
          seq,
          member_seq: memberSeq,
          status: 'settled',
          institution,
        })
        .execute();
      await tx
        .updateTable('member_years')
        .set({ accumulators: JSON.stringify(result.accumulators), settlements: seq, updated_at: sql<Date>`now()` })
        .where('member_id', '=', member.id)
        .where('year', '=', year)
        .execute();
      if (acctPay !== 0) {
        await tx.updateTable('members').set({ account_balance: fenOf(member.account_balance) - acctPay }).where('id', '=', member.id).execute();
      }
      await postEntry(tx, member.id, 'settlement', id, settlementLines(result), institution);
      await audit(tx, input.actor, 'settlement.create', `settlement:${id}`, { memberId: member.id, year, claimId: result.claimId, fund: result.fund_pay_sumamt });
      return { status: 201 as const, body: { id, result, accumulators: result.accumulators } };
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
    if (fenOf(s.acct_pay) !== 0) await tx.updateTable('members').set({ account_balance: balance }).where('id', '=', member.id).execute();
    const lines = settlementLines(s.result as ClaimResult).map((l) => ({ account: l.account, debit: l.credit, credit: l.debit }));
    await postEntry(tx, member.id, 'reversal', id, lines, s.institution);
    await audit(tx, actor, 'settlement.reverse', `settlement:${id}`, { memberId: member.id, year: s.year });
    return { id, status: 'reversed' as const, accumulators: s.accumulators_before as Accumulators, accountBalance: yuanFromFen(balance) };
  });
}

export { HttpError };
