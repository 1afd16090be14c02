/**
 * The database's tables as Kysely sees them. Money is integer fen in bigint columns
 * (node-postgres returns int8 as a string: read it with `fenOf`). Every member-owned
 * table leads with member_id, so it can be distributed by member without change.
 */
import type { ColumnType, Generated } from 'kysely';

/** An int8 column: written as a number, read back as a string (or number). */
export type Int8 = ColumnType<string | number, number | string, number | string>;
/** A jsonb column: written as JSON text, read back parsed. */
export type Json<T> = ColumnType<T, string, string>;
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface TokensTable {
  token_hash: string;
  role: string;
  label: string;
  created_at: Timestamp;
}

export interface EmployersTable {
  id: string;
  credit_code: string;
  name: string;
  region: string;
  type: string;
  status: string;
  /** The day it ended (status terminated). */
  terminated_on: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}

export interface MembersTable {
  id: string;
  id_number: string;
  name: string;
  sex: string;
  birth_date: string;
  region: string;
  scheme: string;
  type: string;
  status: string;
  retired_on: string | null;
  tags: Json<string[]>;
  employer_id: string | null;
  enrolled_on: string;
  active: boolean;
  /** The personal account's balance (个人账户余额), fen. */
  account_balance: Int8;
  /** The engine's eligibility `enrolment` ({ kind, gapMonths?, … }); null: the default of the type. */
  enrolment: Json<Record<string, unknown> | null> | null;
  /** The enrolment's end (death or termination), from that day; null while enrolled. */
  ended_on: string | null;
  end_reason: string | null;
  created_at: Timestamp;
}

export interface StatisticsTable {
  region: string;
  year: number;
  /** City average wage, fen a year. */
  average_wage: Int8 | null;
  /** Average basic pension by key (public, enterprise, overall), fen. */
  average_pension: Json<Record<string, number>> | null;
  /** Provincial individual resident contribution, fen. */
  resident_contribution: Int8 | null;
  /** E.g. 演示数据，非官方统计 for the demonstration figures. */
  note: string | null;
  updated_at: Timestamp;
}

export interface MemberYearsTable {
  member_id: string;
  year: number;
  /** The engine's `accumulators` object for the year (yuan, as the engine gives it). */
  accumulators: Json<unknown>;
  settlements: Generated<number>;
  updated_at: Timestamp;
}

export interface SettlementsTable {
  member_id: string;
  id: string;
  year: number;
  idempotency_key: string;
  request_hash: string;
  claim: Json<unknown>;
  result: Json<unknown>;
  /** The year's accumulators before and after this settlement (reversal restores `before`). */
  accumulators_before: Json<unknown>;
  accumulators_after: Json<unknown>;
  /** Personal-account payment (fen), given back on reversal. */
  acct_pay: Int8;
  /** Position in the member-year: 1, 2, … */
  seq: number;
  /** Position among all the member's settlements, in the order they were committed. */
  member_seq: number;
  status: 'settled' | 'reversed';
  /** The institution the claim was settled at (the service's `claim.hospital.code`). */
  institution: string | null;
  /** direct (直接结算 at the institution) or manual (手工报销 of care paid up front). */
  channel: ColumnType<'direct' | 'manual', 'direct' | 'manual' | undefined, 'direct' | 'manual'>;
  created_at: Timestamp;
  reversed_at: Timestamp | null;
}

export interface JournalTable {
  member_id: string;
  entry_id: string;
  line_no: number;
  account: string;
  debit: Int8;
  credit: Int8;
  kind: string;
  settlement_id: string | null;
  institution: string | null;
  created_at: Timestamp;
}

export interface ContributionsTable {
  member_id: string;
  /** YYYY-MM */
  month: string;
  paid_on: string;
  /** computed by the engine from the wage, or recorded as paid (an amount). */
  mode: 'computed' | 'recorded';
  monthly_wage: Int8 | null;
  base: Int8 | null;
  employer_share: Int8;
  person_share: Int8;
  amount: Int8;
  /** The personal-account credit (个人账户划入) the month produced, fen. */
  account_credit: Int8;
  result: Json<unknown> | null;
  created_at: Timestamp;
}

export interface RegistrationsTable {
  member_id: string;
  id: string;
  /** temporary | long_term | referral */
  kind: string;
  /** The engine's claim `place` the registration is for (in_province, jingjin, cross_province). */
  place: string;
  destination: string;
  valid_from: string;
  valid_until: string | null;
  created_at: Timestamp;
}

export interface RecognitionsTable {
  member_id: string;
  id: string;
  category: 'chronic' | 'special';
  name: string;
  class: number | null;
  recognized_on: string;
  created_at: Timestamp;
}

export interface MemberChangesTable {
  member_id: string;
  seq: number;
  kind: 'type' | 'employer';
  /** From this day. */
  on: string;
  from_type: string;
  to_type: string;
  from_employer_id: string | null;
  to_employer_id: string | null;
  created_at: Timestamp;
}

export interface ServiceMetaTable {
  key: string;
  value: Json<unknown>;
  created_at: Timestamp;
}

export interface AuditTable {
  id: Generated<Int8>;
  at: Timestamp;
  actor: string;
  action: string;
  target: string;
  detail: Json<unknown>;
}

export interface Database {
  tokens: TokensTable;
  employers: EmployersTable;
  members: MembersTable;
  statistics: StatisticsTable;
  member_years: MemberYearsTable;
  settlements: SettlementsTable;
  member_changes: MemberChangesTable;
  journal: JournalTable;
  audit: AuditTable;
  contributions: ContributionsTable;
  registrations: RegistrationsTable;
  recognitions: RecognitionsTable;
  service_meta: ServiceMetaTable;
}

/** An int8 read back (string or number) as a number of fen. */
export function fenOf(v: string | number | bigint): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`not a safe integer amount: ${String(v)}`);
  return n;
}
