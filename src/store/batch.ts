/**
 * Group commit of settlement writes: the writes that arrive while one is being committed are
 * sent together as ONE statement (one transaction, one WAL flush) instead of one each.
 *
 * Natural batching, no timer: when nothing is in flight a write goes at once, alone, as
 * `writeSettlement` (src/store/settlements.ts) sends it today — no latency is added when idle.
 * While a batch is in flight new writes queue; when it completes, everything queued (up to
 * MAX_BATCH, at most one write per member) goes as the next batch.
 *
 * The batch statement checks before it changes anything: it locks the batch's member rows in
 * id order (`FOR UPDATE SKIP LOCKED`), keeping only those whose version (`xmin`) is still the one
 * their settlement read, and whose member-year is still the version read (locked too, or still
 * absent where it was absent); only those members get the account debit, the member-year's new
 * totals, the settlement, its journal lines and its audit line. It returns the members written;
 * the others are `stale` to their callers, who read again and settle again, exactly as when
 * `writeSettlement` answers `stale`. A member row locked by another transaction (a reversal, a
 * settlement serialised under the member's row lock, another service process's batch) is
 * skipped, not waited for: its writer is about to change it, so the write would be stale anyway,
 * and no batch ever waits on another in a cycle.
 *
 * Any error of the batch statement as a whole (a unique violation of an Idempotency-Key taken
 * by a concurrent retry, a lost connection, a check that did not hold) falls back to writing
 * that batch's settlements one by one through `writeSettlement`, so that each caller gets
 * exactly the outcome it would have had without batching (written, stale, or the error).
 *
 * Used on the optimistic path only (`commitSettlement`, src/service/settlements.ts); a settlement
 * under the member's row lock writes inside its own transaction, alone. Switched on per store by
 * `openStore` (`groupCommit`; `YIBAO_GROUP_COMMIT=off|on`).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import { STALE_MESSAGE, writeSettlement, type SettlementWrite } from './settlements.js';

export type WriteOutcome = 'written' | 'stale';

/** The most writes one batch statement carries. */
export const MAX_BATCH = 64;

interface Pending {
  write: SettlementWrite;
  resolve(outcome: WriteOutcome): void;
  reject(error: unknown): void;
}

export interface BatcherOptions {
  /** At most this many writes in one statement (default MAX_BATCH). */
  maxBatch?: number;
  /**
   * The database the batches (and the writes sent alone) go to: a connection of their own, so
   * that a batch never waits for a pool connection behind the reads (openStore's, on a server).
   * Default: the batcher's database. A batch that fails is written one by one on the latter.
   */
  connection?: Kysely<Database>;
  /** The batch statement (tests replace it to make it fail); default `writeSettlementBatch`. */
  writeBatch?: (db: Kysely<Database>, writes: readonly SettlementWrite[]) => Promise<Set<string>>;
  /** The single write (one-write batches and the fallback); default `writeSettlement`. */
  writeOne?: (db: Kysely<Database>, write: SettlementWrite) => Promise<WriteOutcome>;
}

/** Counters, for tests and for whoever wants to see how well writes group. */
export interface BatcherStats {
  /** Statements sent by the batcher: batches of several writes, and writes sent alone. */
  batches: number;
  /** Writes sent in a batch of several. */
  batched: number;
  /** Batches that failed as a whole and were written one by one. */
  fallbacks: number;
  /** Writes answered stale at once, because a write of the same member read at the same version was already pending. */
  staleAtOnce: number;
}

export class SettlementWriteBatcher {
  private queue: Pending[] = [];
  /** Members with a write in the batch in flight, by the member version that write read. */
  private inFlight = new Map<string, string>();
  private running = false;
  private readonly maxBatch: number;
  private readonly connection: Kysely<Database>;
  private readonly writeBatch: NonNullable<BatcherOptions['writeBatch']>;
  private readonly writeOne: NonNullable<BatcherOptions['writeOne']>;
  readonly stats: BatcherStats = { batches: 0, batched: 0, fallbacks: 0, staleAtOnce: 0 };

  constructor(
    private readonly db: Kysely<Database>,
    options: BatcherOptions = {},
  ) {
    this.maxBatch = Math.max(1, options.maxBatch ?? MAX_BATCH);
    this.connection = options.connection ?? db;
    this.writeBatch = options.writeBatch ?? writeSettlementBatch;
    this.writeOne = options.writeOne ?? writeSettlement;
  }

  /** The write's outcome, as `writeSettlement` would answer it. */
  write(write: SettlementWrite): Promise<WriteOutcome> {
    // A write of a member that read the same member version as a write already pending or in
    // flight is stale: the member row changes with the one written first (every settlement
    // writes it); if that one is stale the row moved already. (Only if that one fails with an
    // error, which is rare, would this one have been written: its caller then just reads again.)
    if (this.inFlight.get(write.memberId) === write.memberVersion || this.queue.some((p) => p.write.memberId === write.memberId && p.write.memberVersion === write.memberVersion)) {
      this.stats.staleAtOnce++;
      return Promise.resolve('stale');
    }
    return new Promise<WriteOutcome>((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.take();
        for (const p of batch) this.inFlight.set(p.write.memberId, p.write.memberVersion);
        try {
          await this.send(batch);
        } finally {
          this.inFlight.clear();
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** The next batch: queued writes in arrival order, one per member, at most maxBatch. */
  private take(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const members = new Set<string>();
    for (const p of this.queue) {
      if (batch.length < this.maxBatch && !members.has(p.write.memberId)) {
        members.add(p.write.memberId);
        batch.push(p);
      } else {
        rest.push(p);
      }
    }
    this.queue = rest;
    return batch;
  }

  private async send(batch: Pending[]): Promise<void> {
    this.stats.batches++;
    if (batch.length === 1) {
      await this.one(batch[0]!, this.connection);
      return;
    }
    this.stats.batched += batch.length;
    let written: Set<string>;
    try {
      written = await this.writeBatch(
        this.connection,
        batch.map((p) => p.write),
      );
    } catch {
      // Nothing of the batch was written (one statement): each write alone, as without batching.
      this.stats.fallbacks++;
      await Promise.all(batch.map((p) => this.one(p, this.db)));
      return;
    }
    for (const p of batch) p.resolve(written.has(p.write.memberId) ? 'written' : 'stale');
  }

  private async one(p: Pending, db: Kysely<Database>): Promise<void> {
    try {
      p.resolve(await this.writeOne(db, p.write));
    } catch (e) {
      p.reject(e);
    }
  }
}

/**
 * One statement writing the settlements of several members (at most one each): those whose
 * member row and member-year are still the versions read are written, the others not at all.
 * Returns the members written. Raises (nothing written) on any error, including a check that
 * did not hold after the locks were taken.
 */
export async function writeSettlementBatch(db: Kysely<Database>, writes: readonly SettlementWrite[]): Promise<Set<string>> {
  if (new Set(writes.map((w) => w.memberId)).size !== writes.length) throw new Error('a settlement batch has at most one write per member');
  const col = <T>(f: (w: SettlementWrite) => T): T[] => writes.map(f);
  const lines = writes.flatMap((w) => w.lines.map((l, i) => ({ w, n: i + 1, l })));
  const { rows } = await sql<{ written: string[] }>`/* prepared:settlement_write_batch */
    with i as materialized (
      select * from unnest(${col((w) => w.memberId)}::text[], ${col((w) => w.memberVersion)}::text[], ${col((w) => w.yearVersion ?? null)}::text[],
        ${col((w) => w.year)}::int[], ${col((w) => w.acctPay)}::bigint[], ${col((w) => w.accumulatorsAfter)}::jsonb[], ${col((w) => w.seq)}::int[],
        ${col((w) => w.id)}::text[], ${col((w) => w.idempotencyKey)}::text[], ${col((w) => w.requestHash)}::text[], ${col((w) => w.claim)}::json[],
        ${col((w) => w.result)}::json[], ${col((w) => w.accumulatorsBefore)}::jsonb[], ${col((w) => w.memberSeq)}::int[], ${col((w) => w.institution)}::text[],
        ${col((w) => w.channel)}::text[], ${col((w) => w.actor)}::text[], ${col((w) => w.auditDetail)}::jsonb[])
        as i(member_id, member_version, year_version, year, acct_pay, accumulators_after, seq, id, idempotency_key, request_hash, claim, result,
             accumulators_before, member_seq, institution, channel, actor, audit_detail)
    ), lm as materialized (
      -- The members still at the version read, locked in id order; one locked by another
      -- transaction is skipped (stale), never waited for.
      select m.id from members m join i on i.member_id = m.id
      where m.xmin::text = i.member_version
      order by m.id
      for update of m skip locked
    ), ly as materialized (
      -- Their member-years still at the version read, locked (after the member, as every writer does).
      select y.member_id from member_years y join i on i.member_id = y.member_id and y.year = i.year
      where y.member_id in (select id from lm) and y.xmin::text = i.year_version
      order by y.member_id
      for update of y
    ), ok as materialized (
      select i.* from i join lm on lm.id = i.member_id
      where case when i.year_version is null
        then not exists (select 1 from member_years y where y.member_id = i.member_id and y.year = i.year)
        else i.member_id in (select member_id from ly) end
    ), m as (
      update members set account_balance = account_balance - ok.acct_pay
      from ok where members.id = ok.member_id
      returning members.id
    ), y as (
      insert into member_years as t (member_id, year, accumulators, settlements, updated_at)
      select ok.member_id, ok.year, ok.accumulators_after, ok.seq, now() from ok
      on conflict (member_id, year) do update set accumulators = excluded.accumulators, settlements = excluded.settlements, updated_at = now()
      where t.xmin::text is not distinct from (select ok.year_version from ok where ok.member_id = t.member_id)
      returning t.member_id
    ), s as (
      insert into settlements (member_id, id, year, idempotency_key, request_hash, claim, result, accumulators_before, accumulators_after, acct_pay, seq, member_seq, status, institution, channel)
      select member_id, id, year, idempotency_key, request_hash, claim, result, accumulators_before, accumulators_after, acct_pay, seq, member_seq, 'settled', institution, channel
      from ok
    ), j as (
      insert into journal (member_id, entry_id, line_no, account, debit, credit, kind, settlement_id, institution)
      select l.member_id, l.entry_id, l.n, l.a, l.d, l.c, l.k, l.s, l.inst
      from unnest(${lines.map((x) => x.w.memberId)}::text[], ${lines.map((x) => x.w.entryId)}::text[], ${lines.map((x) => x.n)}::int[],
        ${lines.map((x) => x.l.account)}::text[], ${lines.map((x) => x.l.debit)}::bigint[], ${lines.map((x) => x.l.credit)}::bigint[],
        ${lines.map((x) => x.w.entryKind)}::text[], ${lines.map((x) => x.w.id)}::text[], ${lines.map((x) => x.w.institution)}::text[])
        as l(member_id, entry_id, n, a, d, c, k, s, inst)
      where l.member_id in (select member_id from ok)
    ), a as (
      insert into audit (actor, action, target, detail)
      select actor, case when channel = 'manual' then 'reimbursement.create' else 'settlement.create' end, 'settlement:' || id, audit_detail
      from ok order by member_id
    )
    select case when (select count(*) from m) = (select count(*) from ok) and (select count(*) from y) = (select count(*) from ok)
      then (select coalesce(array_agg(member_id), '{}') from ok)
      else array[yibao_stale(${STALE_MESSAGE})::text] end as written`.execute(db);
  return new Set(rows[0]?.written ?? []);
}

const batchers = new WeakMap<Kysely<Database>, SettlementWriteBatcher>();

/** Group commit on for a store's database (openStore does it when asked). */
export function enableGroupCommit(db: Kysely<Database>, options: BatcherOptions = {}): SettlementWriteBatcher {
  const batcher = new SettlementWriteBatcher(db, options);
  batchers.set(db, batcher);
  return batcher;
}

/** The batcher of a database, if group commit is on for it. */
export function groupCommitOf(db: Kysely<Database>): SettlementWriteBatcher | undefined {
  return batchers.get(db);
}

/** A settlement's optimistic write: through the database's batcher when group commit is on, else alone. */
export function writeSettlementGrouped(db: Kysely<Database>, write: SettlementWrite): Promise<WriteOutcome> {
  const batcher = batchers.get(db);
  return batcher ? batcher.write(write) : writeSettlement(db, write);
}
