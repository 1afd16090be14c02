/** The schema's migrations, defined in code and run at start (Kysely's Migrator). */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createTable('employers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('credit_code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createTable('members')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('id_number', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('sex', 'text', (c) => c.notNull())
        .addColumn('birth_date', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('scheme', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('retired_on', 'text')
        .addColumn('tags', 'jsonb', (c) => c.notNull())
        .addColumn('employer_id', 'text', (c) => c.references('employers.id'))
        .addColumn('enrolled_on', 'text', (c) => c.notNull())
        .addColumn('active', 'boolean', (c) => c.notNull())
        .addColumn('account_balance', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      // One active enrolment per person.
      await db.schema.createIndex('members_one_active').on('members').column('id_number').unique().where(sql.ref('active'), '=', true).execute();
      await db.schema.createIndex('members_region').on('members').columns(['region', 'name']).execute();
      await db.schema
        .createTable('statistics')
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('average_wage', 'bigint')
        .addColumn('average_pension', 'jsonb')
        .addColumn('resident_contribution', 'bigint')
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('statistics_pk', ['region', 'year'])
        .execute();
      await db.schema
        .createTable('member_years')
        .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('accumulators', 'jsonb', (c) => c.notNull())
        .addColumn('settlements', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('member_years_pk', ['member_id', 'year'])
        .execute();
      await db.schema
        .createTable('settlements')
        .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('claim', 'jsonb', (c) => c.notNull())
        .addColumn('result', 'jsonb', (c) => c.notNull())
        .addColumn('accumulators_before', 'jsonb', (c) => c.notNull())
        .addColumn('accumulators_after', 'jsonb', (c) => c.notNull())
        .addColumn('acct_pay', 'bigint', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('member_seq', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('settled', 'reversed')`))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('reversed_at', 'timestamptz')
        .addPrimaryKeyConstraint('settlements_pk', ['member_id', 'id'])
        .execute();
      await db.schema.createIndex('settlements_id').on('settlements').column('id').unique().execute();
      await db.schema.createIndex('settlements_year').on('settlements').columns(['member_id', 'year', 'seq']).unique().execute();
      await db.schema.createIndex('settlements_member_seq').on('settlements').columns(['member_id', 'member_seq']).unique().execute();
      await db.schema
        .createTable('journal')
        .addColumn('member_id', 'text', (c) => c.notNull())
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('line_no', 'integer', (c) => c.notNull())
        .addColumn('account', 'text', (c) => c.notNull())
        .addColumn('debit', 'bigint', (c) => c.notNull().check(sql`debit >= 0`))
        .addColumn('credit', 'bigint', (c) => c.notNull().check(sql`credit >= 0`))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('settlement_id', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('journal_pk', ['member_id', 'entry_id', 'line_no'])
        .execute();
      await db.schema
        .createTable('audit')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('detail', 'jsonb', (c) => c.notNull())
        .execute();
      // The journal and the audit trail are append-only.
      await sql`create function yibao_append_only() returns trigger language plpgsql as $$
        begin raise exception '% is append-only', TG_TABLE_NAME; end $$`.execute(db);
      await sql`create trigger journal_append_only before update or delete on journal for each row execute function yibao_append_only()`.execute(db);
      await sql`create trigger audit_append_only before update or delete on audit for each row execute function yibao_append_only()`.execute(db);
    },
  },
  '0002_membership': {
    async up(db: Kysely<unknown>): Promise<void> {
      // How the member joined (the engine's eligibility `enrolment`), and the demonstration flag.
      await db.schema.alterTable('members').addColumn('enrolment', 'jsonb').execute();
      // The end of the enrolment (death, termination): its day and why.
      await db.schema.alterTable('members').addColumn('ended_on', 'text').execute();
      await db.schema.alterTable('members').addColumn('end_reason', 'text').execute();
      await db.schema.alterTable('statistics').addColumn('note', 'text').execute();
      await db.schema.alterTable('settlements').addColumn('institution', 'text').execute();
      await db.schema.alterTable('journal').addColumn('institution', 'text').execute();
      await db.schema
        .createTable('contributions')
        .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('paid_on', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('computed', 'recorded')`))
        .addColumn('monthly_wage', 'bigint')
        .addColumn('base', 'bigint')
        .addColumn('employer_share', 'bigint', (c) => c.notNull())
        .addColumn('person_share', 'bigint', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('account_credit', 'bigint', (c) => c.notNull())
        .addColumn('result', 'jsonb')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('contributions_pk', ['member_id', 'month'])
        .execute();
      await db.schema
        .createTable('registrations')
        .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('place', 'text', (c) => c.notNull())
        .addColumn('destination', 'text', (c) => c.notNull())
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('valid_until', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('registrations_pk', ['member_id', 'id'])
        .execute();
      await db.schema
        .createTable('recognitions')
        .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull().check(sql`category in ('chronic', 'special')`))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('class', 'integer')
        .addColumn('recognized_on', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('recognitions_pk', ['member_id', 'id'])
        .execute();
      await db.schema
        .createTable('service_meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'jsonb', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema.createIndex('journal_day').on('journal').columns(['created_at']).execute();
    },
  },
  '0003_settle_in_two_statements': {
    async up(db: Kysely<unknown>): Promise<void> {
      // A settlement's write refuses itself when the member moved since it was read
      // (src/store/settlements.ts): PostgreSQL's serialization_failure, so that the whole
      // statement is undone and the caller reads again.
      await sql`create function yibao_stale(what text) returns boolean language plpgsql as $$
        begin raise exception using errcode = '40001', message = what; end $$`.execute(db);
    },
  },
  '0004_settlement_record_as_json': {
    async up(db: Kysely<unknown>): Promise<void> {
      // The settlement's claim and result (with its explanation) are kept as written and only
      // read back whole: json (the text, checked) costs the write less than jsonb (re-encoded).
      await sql`alter table settlements alter column claim type json, alter column result type json`.execute(db);
    },
  },
  '0005_reimbursement_channel': {
    async up(db: Kysely<unknown>): Promise<void> {
      // direct: settled at the institution (直接结算); manual: 手工报销 of care the member paid up front.
      await sql`alter table settlements add column channel text not null default 'direct' check (channel in ('direct', 'manual'))`.execute(db);
      // The day an employer ended (status terminated).
      await sql`alter table employers add column terminated_on text`.execute(db);
    },
  },
  '0006_settlement_id_not_globally_unique': {
    async up(db: Kysely<unknown>): Promise<void> {
      // A settlement's key is (member_id, id), its primary key; a random UUID needs no second,
      // global unique index, which a table distributed by member (Citus) could not keep.
      // Looking a settlement up by id alone (GET /v1/settlements/{id}, reversal) keeps an index.
      await sql`drop index settlements_id`.execute(db);
      await db.schema.createIndex('settlements_by_id').on('settlements').column('id').execute();
    },
  },
  '0007_member_changes': {
    async up(db: Kysely<unknown>): Promise<void> {
      // A member's changes of type or employer from a date, with what they changed from: the
      // type and employer in force on any day (a month's contribution, a claim's coverage) are
      // read back from them (src/service/changes.ts).
      await db.schema
        .createTable('member_changes')
        .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('type', 'employer')`))
        .addColumn('on', 'text', (c) => c.notNull())
        .addColumn('from_type', 'text', (c) => c.notNull())
        .addColumn('to_type', 'text', (c) => c.notNull())
        .addColumn('from_employer_id', 'text')
        .addColumn('to_employer_id', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('member_changes_pk', ['member_id', 'seq'])
        .execute();
    },
  },
};

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};

/** Brings the schema up to date; throws with the failing migration's error. */
/**
 * Runs the migrations. `schema`: the schema the store works in (its search_path); the migrator's
 * own tables are looked up and created there, so stores in different schemas of one server never
 * see each other's migration tables.
 */
export async function migrate(db: Kysely<unknown>, schema?: string): Promise<void> {
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
