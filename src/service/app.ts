/**
 * The agency service's HTTP API (Fastify): thin routes around the pure engine and the store.
 * Bodies are validated with zod (the same schemas give the OpenAPI document); every error is
 * `{ error: { code, message, path } }`.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { z } from 'zod';
import { YibaoError, defaultPolicies, settleWith, type PolicySet } from '../index.js';
import { fenOf, type Database, type MembersTable } from '../store/schema.js';
import { Readable } from 'node:stream';
import { payForFamily, withdrawBalance } from './account.js';
import { storedPopulation } from './population.js';
import { exampleReforms, runSimulation, simulationIn } from './simulations.js';
import { authenticate, newToken, putToken, requireMemberReader, requireRole, roleText, type Role, type RoleKind } from './auth.js';
import { conflict, fromZod, HttpError, invalid, notFound } from './errors.js';
import { maskIdNumber, maskIdNumbersIn } from './ids.js';
import {
  AuditQuery,
  ChangeIn,
  FamilyPaymentIn,
  PopulationQuery,
  EmployerChangeIn,
  EmployerTerminationIn,
  ReimbursementIn,
  WithdrawalIn,
  ContributionIn,
  CoverageQuery,
  DateQuery,
  employerIn,
  ExplainQuery,
  memberIn,
  MemberListQuery,
  monthIndex,
  monthOfIndex,
  RecognitionIn,
  regionSchema,
  RegistrationIn,
  SettlementIn,
  SettlementListQuery,
  StatisticsIn,
  TokenIn,
  YearParam,
} from './schemas.js';
import { registerConsole } from './console.js';
import { commitSettlement, fenFromYuan, institutionOf, loadMember, previewSettlement, reverseSettlement, yearTotals, yuanFromFen } from './settlements.js';
import { addRecognition, addRegistration, audit, changeMember, coverageOn, recordContribution, registrationView, type ContributionView } from './membership.js';
import { accountStatement, memberTimeline, reconciliation } from './books.js';

export interface AppOptions {
  db: Kysely<Database>;
  /** Stored (hashed) as an admin token at start. */
  adminToken?: string;
  /** Fastify's pino logger on (ID numbers masked in logged URLs) or off. */
  logger?: boolean;
  policies?: PolicySet;
}

type Auth = 'public' | 'any' | readonly RoleKind[];

interface Ctx<B, Q, P> {
  role: Role;
  actor: string;
  body: B;
  query: Q;
  params: P;
  req: FastifyRequest;
  reply: FastifyReply;
}

interface RouteDef<B, Q, P> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  url: string;
  summary: string;
  tags: string[];
  auth: Auth;
  body?: z.ZodType<B>;
  /** OpenAPI body schema where the zod schema is not the whole story (the engine's own request). */
  bodyDoc?: Record<string, unknown>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** Documented headers, all required. */
  headers?: Record<string, { type: 'string'; description: string }>;
  handler: (c: Ctx<B, Q, P>) => Promise<unknown>;
}

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete out['$schema'];
  return out;
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, prefix: string): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value);
  if (!r.success) throw fromZod(r.error, prefix);
  return r.data;
}

/** A member as the API shows it (the ID number masked unless the caller is admin). */
export interface MemberView {
  id: string;
  idNumber: string;
  name: string;
  sex: string;
  birthDate: string;
  region: string;
  scheme: string;
  type: string;
  status: string;
  retiredOn: string | null;
  employerId: string | null;
  enrolledOn: string;
  active: boolean;
  endedOn: string | null;
  endReason: string | null;
  tags: string[];
  enrolment: Record<string, unknown> | null;
  accountBalance: number;
}

function memberView(m: Selectable<MembersTable>, role: Role): MemberView {
  return {
    id: m.id,
    idNumber: role.kind === 'admin' ? m.id_number : maskIdNumber(m.id_number),
    name: m.name,
    sex: m.sex,
    birthDate: m.birth_date,
    region: m.region,
    scheme: m.scheme,
    type: m.type,
    status: m.status,
    retiredOn: m.retired_on,
    employerId: m.employer_id,
    enrolledOn: m.enrolled_on,
    active: m.active,
    endedOn: m.ended_on,
    endReason: m.end_reason,
    tags: m.tags,
    enrolment: m.enrolment,
    accountBalance: yuanFromFen(fenOf(m.account_balance)),
  };
}

/**
 * An institution previews and settles only claims at its own institution: the claim's
 * `hospital.code` (the service's field; stripped before the engine) must be its code.
 */
function requireOwnInstitution(role: Role, claim: Record<string, unknown>): void {
  const code = institutionOf(claim);
  if (role.kind !== 'institution') return;
  if (code === undefined) throw invalid(`claim.hospital.code: required for an institution (${roleText(role)})`, 'claim.hospital.code');
  if (code !== role.code) throw new HttpError(403, 'forbidden', `the role ${roleText(role)} may not settle a claim at institution ${code}`, 'claim.hospital.code');
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}

const IdParams = z.object({ id: z.string().min(1).max(64) }).strict();

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { db } = options;
  const policies = options.policies ?? defaultPolicies();
  const regions = [...policies.keys()].sort();
  const app = Fastify({
    bodyLimit: 16 * 1024 * 1024,
    logger: options.logger
      ? {
          level: process.env['LOG_LEVEL'] ?? 'info',
          serializers: {
            req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: maskIdNumbersIn(req.url), id: req.id }),
          },
        }
      : false,
  });
  if (options.adminToken) await putToken(db, options.adminToken, 'admin', 'YIBAO_ADMIN_TOKEN');

  // Validation is zod's, in each route; the JSON Schemas only document.
  app.setValidatorCompiler(() => () => true);

  app.setErrorHandler((error: unknown, req, reply) => {
    if (error instanceof HttpError) {
      return reply.status(error.status).send({ error: { code: error.code, message: error.message, path: error.path, ...(error.article ? { article: error.article } : {}) } });
    }
    if (error instanceof YibaoError) return reply.status(400).send(error.toJSON());
    const status = typeof error === 'object' && error !== null ? (error as { statusCode?: unknown }).statusCode : undefined;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message = error instanceof Error ? error.message : 'bad request';
      return reply.status(status).send({ error: { code: 'invalid_input', message, path: '' } });
    }
    req.log.error({ err: error }, 'internal error');
    return reply.status(500).send({ error: { code: 'internal', message: 'internal error', path: '' } });
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${maskIdNumbersIn(req.url)}`, path: '' } }));

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Yibao agency service', version: '0.1.0', description: "China's basic medical insurance: members, statistics and settlements over the Yibao engine." },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  function route<B = undefined, Q = undefined, P = undefined>(def: RouteDef<B, Q, P>): void {
    const schema: Record<string, unknown> = { summary: def.summary, tags: def.tags };
    if (def.body || def.bodyDoc) schema['body'] = def.bodyDoc ?? jsonSchema(def.body as z.ZodType);
    if (def.query) schema['querystring'] = jsonSchema(def.query as z.ZodType);
    if (def.params) schema['params'] = jsonSchema(def.params as z.ZodType);
    if (def.headers) schema['headers'] = { type: 'object', properties: def.headers, required: Object.keys(def.headers) };
    if (def.auth === 'public') schema['security'] = [];
    app.route({
      method: def.method,
      url: def.url,
      schema,
      handler: async (req, reply) => {
        // A public route's handler reads no role (only /health is public).
        const role: Role = def.auth === 'public' ? { kind: 'person', memberId: '' } : await authenticate(db, req.headers.authorization);
        if (def.auth !== 'public' && def.auth !== 'any') requireRole(role, def.auth);
        const params = parse(def.params, req.params, '');
        const query = parse(def.query, req.query ?? {}, '');
        const body = parse(def.body, req.body, '');
        return def.handler({ role, actor: roleText(role), body, query, params, req, reply });
      },
    });
  }

  /** A GET of one member's records: any role that may read that member (admin, agency, that person). */
  /** POST under a member (admin, agency): in one transaction with the member's row locked; 201 with what `write` returns. */
  function memberWrite<B>(url: string, summary: string, tags: string[], body: z.ZodType<B>, write: (tx: Transaction<Database>, member: Selectable<MembersTable>, body: B, actor: string) => Promise<unknown>): void {
    route({
      method: 'POST',
      url,
      summary,
      tags,
      auth: ['admin', 'agency'],
      params: IdParams,
      body,
      handler: async ({ params, body: input, actor, reply }) => {
        const out = await db.transaction().execute(async (tx) => write(tx, await loadMember(tx, params.id, true), input, actor));
        return reply.status(201).send(out);
      },
    });
  }

  function memberRead(url: string, summary: string, read: (id: string) => Promise<unknown>): void {
    route({
      method: 'GET',
      url,
      summary,
      tags: ['membership'],
      auth: 'any',
      params: IdParams,
      handler: async ({ params, role }) => {
        requireMemberReader(role, params.id);
        return read(params.id);
      },
    });
  }

  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  route({
    method: 'GET',
    url: '/health',
    summary: 'Liveness and database check',
    tags: ['service'],
    auth: 'public',
    handler: async () => {
      await sql`select 1`.execute(db);
      return { status: 'ok' };
    },
  });

  route({
    method: 'POST',
    url: '/v1/tokens',
    summary: 'Issue a bearer token for a role (admin); the token is shown once',
    tags: ['auth'],
    auth: ['admin'],
    body: TokenIn,
    handler: async ({ body, actor, reply }) => {
      const token = newToken();
      await db.transaction().execute(async (tx) => {
        await putToken(tx, token, body.role, body.label);
        await tx.insertInto('audit').values({ actor, action: 'token.create', target: `role:${body.role}`, detail: JSON.stringify({ label: body.label }) }).execute();
      });
      return reply.status(201).send({ token, role: body.role, label: body.label });
    },
  });

  route({
    method: 'POST',
    url: '/v1/preview/settle',
    summary: "The engine's settle contract, stateless (identical to `yibao settle`)",
    tags: ['settlement'],
    auth: 'any',
    query: ExplainQuery,
    bodyDoc: { type: 'object', description: 'a settle request: { region, scheme, context?, person, claims, yearToDate? } (README, "The settle contract")' },
    handler: async ({ req, query }) => settleWith(policies, req.body, { explain: query.explain === 'true' }),
  });

  route({
    method: 'POST',
    url: '/v1/employers',
    summary: 'Register an employer (统一社会信用代码 checked)',
    tags: ['membership'],
    auth: ['admin', 'agency'],
    body: employerIn(regions),
    handler: async ({ body, actor, reply }) => {
      const id = randomUUID();
      try {
        await db.transaction().execute(async (tx) => {
          await tx.insertInto('employers').values({ id, credit_code: body.creditCode, name: body.name, region: body.region, type: body.type, status: 'active' }).execute();
          await tx.insertInto('audit').values({ actor, action: 'employer.create', target: `employer:${id}`, detail: JSON.stringify(body) }).execute();
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw conflict(`an employer with credit code ${body.creditCode} is already registered`, 'creditCode');
        throw e;
      }
      return reply.status(201).send({ id, ...body, status: 'active' });
    },
  });

  /** A change of an active employer: its row locked, `change` run, the audit line written, in one transaction; an ended employer is 409. */
  const changeEmployer = async (id: string, actor: string, action: string, detail: unknown, change: (tx: Transaction<Database>) => Promise<void>): Promise<void> => {
    await db.transaction().execute(async (tx) => {
      const e = await tx.selectFrom('employers').select(['status']).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!e) throw notFound(`employer ${id}`);
      if (e.status !== 'active') throw conflict(`employer ${id} is ${e.status}`);
      await change(tx);
      await audit(tx, actor, action, `employer:${id}`, detail);
    });
  };

  const employerView = async (id: string) => {
    const e = await db.selectFrom('employers').selectAll().where('id', '=', id).executeTakeFirst();
    if (!e) throw notFound(`employer ${id}`);
    const n = await db.selectFrom('members').select((eb) => eb.fn.countAll().as('n')).where('employer_id', '=', id).where('active', '=', true).executeTakeFirstOrThrow();
    return { id: e.id, creditCode: e.credit_code, name: e.name, region: e.region, type: e.type, status: e.status, terminatedOn: e.terminated_on, activeMembers: Number(n.n) };
  };

  route({
    method: 'GET',
    url: '/v1/population',
    summary:
      "A region's benefit year as a population for `yibao simulate --population file:…`: JSON Lines, one member with settled claims a line (the settle request of the member's claims in the order settled, with id)",
    tags: ['simulation'],
    auth: ['admin', 'agency'],
    query: PopulationQuery,
    handler: async ({ query, reply }) => {
      if (!policies.has(query.region)) throw invalid(`region: unknown region ${query.region}`, 'region');
      const lines = storedPopulation(db, query.region, query.year);
      return reply.type('application/x-ndjson; charset=utf-8').send(Readable.from((async function* () {
        for await (const line of lines) yield `${line}\n`;
      })()));
    },
  });

  route({
    method: 'POST',
    url: '/v1/simulations',
    summary:
      'A reform simulated on a synthetic population (illustrative, not real data) of at most 20,000 members: the simulator\'s report, baseline and reform. The reform is a policy-file text or one parameter edited (a new value from a date, with its article and note)',
    tags: ['simulation'],
    auth: ['admin', 'agency'],
    body: simulationIn(regions),
    handler: async ({ body }) => runSimulation(policies, body),
  });

  route({
    method: 'GET',
    url: '/v1/simulations/examples',
    summary: 'The shipped example reforms (examples/reforms/*.yaml) with their texts',
    tags: ['simulation'],
    auth: ['admin', 'agency'],
    handler: async () => ({ examples: exampleReforms() }),
  });

  route({
    method: 'GET',
    url: '/v1/employers/:id',
    summary: 'An employer, with its number of actively enrolled members',
    tags: ['membership'],
    auth: ['admin', 'agency'],
    params: IdParams,
    handler: async ({ params }) => employerView(params.id),
  });

  route({
    method: 'PATCH',
    url: '/v1/employers/:id',
    summary: "Change an employer's name or type (the type the contribution rules read for months recorded from now on)",
    tags: ['membership'],
    auth: ['admin', 'agency'],
    params: IdParams,
    body: EmployerChangeIn,
    handler: async ({ params, body, actor }) => {
      await changeEmployer(params.id, actor, 'employer.change', body, async (tx) => {
        await tx
          .updateTable('employers')
          .set({ ...(body.name !== undefined ? { name: body.name } : {}), ...(body.type !== undefined ? { type: body.type } : {}) })
          .where('id', '=', params.id)
          .execute();
      });
      return employerView(params.id);
    },
  });

  route({
    method: 'POST',
    url: '/v1/employers/:id/termination',
    summary: 'The employer ends (closure, deregistration) from a date; refused while members are actively enrolled with it (move them: a member change of kind employer, or end them)',
    tags: ['membership'],
    auth: ['admin', 'agency'],
    params: IdParams,
    body: EmployerTerminationIn,
    handler: async ({ params, body, actor }) => {
      await changeEmployer(params.id, actor, 'employer.terminate', body, async (tx) => {
        const n = await tx.selectFrom('members').select((eb) => eb.fn.countAll().as('n')).where('employer_id', '=', params.id).where('active', '=', true).executeTakeFirstOrThrow();
        if (Number(n.n) > 0) throw conflict(`employer ${params.id} still has ${Number(n.n)} actively enrolled member(s): move them to another employer or end their enrolment first`);
        await tx.updateTable('employers').set({ status: 'terminated', terminated_on: body.on }).where('id', '=', params.id).execute();
      });
      return employerView(params.id);
    },
  });

  route({
    method: 'POST',
    url: '/v1/members',
    summary: 'Enrol a member (居民身份证号码 checked; one active enrolment per person)',
    tags: ['membership'],
    auth: ['admin', 'agency'],
    body: memberIn(regions),
    handler: async ({ body, role, actor, reply }) => {
      const id = randomUUID();
      const row = await db.transaction().execute(async (tx) => {
        if (body.employerId !== undefined) {
          const employer = await tx.selectFrom('employers').select(['region', 'status']).where('id', '=', body.employerId).executeTakeFirst();
          if (!employer) throw invalid(`employerId: no employer ${body.employerId}`, 'employerId');
          if (employer.region !== body.region) throw invalid(`employerId: the employer is in ${employer.region}, not ${body.region}`, 'employerId');
          if (employer.status !== 'active') throw conflict(`employerId: employer ${body.employerId} is ${employer.status}`, 'employerId');
        }
        const active = await tx.selectFrom('members').select('id').where('id_number', '=', body.idNumber).where('active', '=', true).executeTakeFirst();
        if (active) throw conflict(`this person already has an active enrolment (member ${active.id})`, 'idNumber');
        const inserted = await tx
          .insertInto('members')
          .values({
            id,
            id_number: body.idNumber,
            name: body.name,
            sex: body.sex,
            birth_date: body.birthDate,
            region: body.region,
            scheme: body.scheme,
            type: body.type,
            status: body.status ?? 'resident',
            retired_on: body.retiredOn ?? null,
            tags: JSON.stringify(body.tags),
            employer_id: body.employerId ?? null,
            enrolled_on: body.enrolledOn,
            active: true,
            account_balance: fenFromYuan(body.accountBalance),
            enrolment: JSON.stringify(body.enrolment ?? null),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const opening = fenFromYuan(body.accountBalance);
        if (opening > 0) {
          const entry = randomUUID();
          await tx
            .insertInto('journal')
            .values([
              { member_id: id, entry_id: entry, line_no: 1, account: 'opening_balance', debit: opening, credit: 0, kind: 'opening', settlement_id: null },
              { member_id: id, entry_id: entry, line_no: 2, account: 'personal_account', debit: 0, credit: opening, kind: 'opening', settlement_id: null },
            ])
            .execute();
        }
        await tx.insertInto('audit').values({ actor, action: 'member.create', target: `member:${id}`, detail: JSON.stringify({ ...body, idNumber: maskIdNumber(body.idNumber) }) }).execute();
        return inserted;
      }).catch((e: unknown) => {
        if (isUniqueViolation(e)) throw conflict('this person already has an active enrolment', 'idNumber');
        throw e;
      });
      return reply.status(201).send(memberView(row, role));
    },
  });

  route({
    method: 'GET',
    url: '/v1/members/:id',
    summary: 'A member (ID number masked unless the caller is admin)',
    tags: ['membership'],
    auth: 'any',
    params: IdParams,
    handler: async ({ params, role }) => {
      requireMemberReader(role, params.id);
      const m = await db.selectFrom('members').selectAll().where('id', '=', params.id).executeTakeFirst();
      if (!m) throw notFound(`member ${params.id}`);
      return memberView(m, role);
    },
  });

  route({
    method: 'GET',
    url: '/v1/members',
    summary: 'Search members by region and name or ID number (paged)',
    tags: ['membership'],
    auth: ['admin', 'agency'],
    query: MemberListQuery,
    handler: async ({ query, role }) => {
      let q = db.selectFrom('members');
      if (query.region !== undefined) q = q.where('region', '=', query.region);
      if (query.q !== undefined) {
        const text = query.q;
        if (/^\d{17}[\dX]$/.test(text)) q = q.where('id_number', '=', text);
        else q = q.where('name', 'like', `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      }
      const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      const rows = await q.selectAll().orderBy('created_at').orderBy('id').limit(query.limit).offset(query.offset).execute();
      return { items: rows.map((m) => memberView(m, role)), total: Number(total.n), limit: query.limit, offset: query.offset };
    },
  });

  route({
    method: 'PUT',
    url: '/v1/statistics/:region/:year',
    summary: 'Statistics the rules rely on and the texts do not give (the engine context), per region and year',
    tags: ['statistics'],
    auth: ['admin', 'agency'],
    params: z.object({ region: regionSchema(regions), year: YearParam }).strict(),
    body: StatisticsIn,
    handler: async ({ params, body, actor }) => {
      const pension = body.averagePension
        ? Object.fromEntries(Object.entries(body.averagePension).flatMap(([k, v]) => (v === undefined ? [] : [[k, fenFromYuan(v)]])))
        : undefined;
      const row = await db.transaction().execute(async (tx) => {
        const prior = await tx.selectFrom('statistics').selectAll().where('region', '=', params.region).where('year', '=', params.year).forUpdate().executeTakeFirst();
        const values = {
          average_wage: body.averageWage !== undefined ? fenFromYuan(body.averageWage) : (prior?.average_wage ?? null),
          average_pension: JSON.stringify(pension ? { ...(prior?.average_pension ?? {}), ...pension } : (prior?.average_pension ?? null)),
          resident_contribution: body.residentContribution !== undefined ? fenFromYuan(body.residentContribution) : (prior?.resident_contribution ?? null),
          note: body.note !== undefined ? body.note : (prior?.note ?? null),
        };
        const saved = await tx
          .insertInto('statistics')
          .values({ region: params.region, year: params.year, ...values })
          .onConflict((oc) => oc.columns(['region', 'year']).doUpdateSet({ ...values, updated_at: sql<Date>`now()` }))
          .returningAll()
          .executeTakeFirstOrThrow();
        await tx.insertInto('audit').values({ actor, action: 'statistics.put', target: `statistics:${params.region}:${params.year}`, detail: JSON.stringify(body) }).execute();
        return saved;
      });
      const yuan = (v: string | number | null): number | null => (v === null ? null : yuanFromFen(fenOf(v)));
      return {
        region: row.region,
        year: row.year,
        averageWage: yuan(row.average_wage),
        averagePension: row.average_pension ? Object.fromEntries(Object.entries(row.average_pension).map(([k, v]) => [k, yuanFromFen(v)])) : null,
        residentContribution: yuan(row.resident_contribution),
        note: row.note,
      };
    },
  });

  route({
    method: 'POST',
    url: '/v1/settlements/preview',
    summary: "预结算: a member's claim against the stored year-to-date totals; stores nothing",
    tags: ['settlement'],
    auth: ['admin', 'agency', 'institution'],
    query: ExplainQuery,
    body: SettlementIn,
    handler: async ({ body, query, role }) => {
      requireOwnInstitution(role, body.claim);
      return previewSettlement(db, policies, body.memberId, body.claim, query.explain === 'true');
    },
  });

  route({
    method: 'POST',
    url: '/v1/settlements',
    summary: 'Settle and commit a claim (idempotent by Idempotency-Key): 201 { id, result, accumulators }, 200 on a retry; the result is stored and returned with its steps',
    tags: ['settlement'],
    auth: ['admin', 'agency', 'institution'],
    body: SettlementIn,
    headers: { 'idempotency-key': { type: 'string', description: 'the caller-chosen key of this settlement (1–200 characters)' } },
    handler: async ({ body, req, reply, actor, role }) => {
      requireOwnInstitution(role, body.claim);
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || key.length === 0 || key.length > 200) throw invalid('Idempotency-Key: a header of 1–200 characters is required', 'Idempotency-Key');
      const out = await commitSettlement(db, policies, { memberId: body.memberId, claim: body.claim, key, actor });
      return reply.status(out.status).send(out.body);
    },
  });

  route({
    method: 'POST',
    url: '/v1/settlements/:id/reversal',
    summary: "冲正: reverse the member-year's latest settlement, restoring its totals and the account",
    tags: ['settlement'],
    auth: ['admin', 'agency'],
    params: IdParams,
    handler: async ({ params, actor }) => reverseSettlement(db, params.id, actor),
  });

  route({
    method: 'GET',
    url: '/v1/members/:id/years/:year',
    summary: "A member's benefit-year totals (the engine's accumulators; all zero without a settlement)",
    tags: ['settlement'],
    auth: 'any',
    params: z.object({ id: z.string().min(1).max(64), year: YearParam }).strict(),
    handler: async ({ params, role }) => {
      requireMemberReader(role, params.id);
      return yearTotals(db, params.id, params.year);
    },
  });

  route({
    method: 'POST',
    url: '/v1/members/:id/contributions',
    summary: "Record a month's contribution (or a run of months, from–until): computed by the engine from the monthly wage, or recorded as paid; back-payments allowed; the personal-account credit posted",
    tags: ['membership'],
    auth: ['admin', 'agency'],
    params: IdParams,
    body: ContributionIn,
    handler: async ({ params, body, actor, reply }) => {
      const months: string[] = [];
      if (body.month !== undefined) months.push(body.month);
      else for (let i = monthIndex(body.from!); i <= monthIndex(body.until!); i++) months.push(monthOfIndex(i));
      const items = await db.transaction().execute(async (tx) => {
        const member = await loadMember(tx, params.id, true);
        const out: ContributionView[] = [];
        for (const month of months) {
          out.push(
            await recordContribution(tx, policies, member, {
              month,
              paidOn: body.paidOn,
              ...(body.monthlyWage !== undefined ? { monthlyWage: body.monthlyWage } : {}),
              ...(body.amount !== undefined ? { amount: body.amount } : {}),
              ...(body.base !== undefined ? { base: body.base } : {}),
            }, actor),
          );
        }
        return out;
      });
      return reply.status(201).send(body.month !== undefined ? items[0] : { items });
    },
  });

  route({
    method: 'GET',
    url: '/v1/members/:id/contributions',
    summary: "The member's contributions on record, by month",
    tags: ['membership'],
    auth: 'any',
    params: IdParams,
    handler: async ({ params, role }) => {
      requireMemberReader(role, params.id);
      await loadMember(db, params.id);
      const rows = await db.selectFrom('contributions').selectAll().where('member_id', '=', params.id).orderBy('month').execute();
      return {
        items: rows.map((c) => ({
          month: c.month,
          paidOn: c.paid_on,
          mode: c.mode,
          backPayment: c.paid_on.slice(0, 7) > c.month,
          base: c.base === null ? null : yuanFromFen(fenOf(c.base)),
          employer: yuanFromFen(fenOf(c.employer_share)),
          person: yuanFromFen(fenOf(c.person_share)),
          amount: yuanFromFen(fenOf(c.amount)),
          accountCredit: yuanFromFen(fenOf(c.account_credit)),
        })),
      };
    },
  });

  route({
    method: 'POST',
    url: '/v1/members/:id/changes',
    summary: 'A change from a date: retire (在职转退休), death or terminate (the enrolment ends that day)',
    tags: ['membership'],
    auth: ['admin', 'agency'],
    params: IdParams,
    body: ChangeIn,
    handler: async ({ params, body, actor, role }) => {
      const row = await db.transaction().execute(async (tx) => {
        const member = await loadMember(tx, params.id, true);
        await changeMember(tx, member, body, actor);
        return loadMember(tx, params.id);
      });
      return memberView(row, role);
    },
  });

  route({
    method: 'POST',
    url: '/v1/members/:id/reimbursements',
    summary:
      "手工报销: care the member paid up front, settled against the stored year like a settlement (idempotent by Idempotency-Key); the funds' shares are paid to the member; asked after the region's deadline (claim.claimedOn, today when absent) it is refused",
    tags: ['settlement'],
    auth: ['admin', 'agency'],
    params: IdParams,
    body: ReimbursementIn,
    headers: { 'idempotency-key': { type: 'string', description: 'the caller-chosen key of this reimbursement (1–200 characters)' } },
    handler: async ({ params, body, req, reply, actor }) => {
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || key.length === 0 || key.length > 200) throw invalid('Idempotency-Key: a header of 1–200 characters is required', 'Idempotency-Key');
      const out = await commitSettlement(db, policies, { memberId: params.id, claim: body.claim, key, actor, channel: 'manual' });
      return reply.status(out.status).send(out.body);
    },
  });

  memberWrite(
    '/v1/members/:id/account/family-payments',
    "家庭成员共济: a payment from the personal account for a spouse, parent or child (沧政规〔2024〕1号 第五十九条 and each region's article)",
    ['account'],
    FamilyPaymentIn,
    payForFamily,
  );

  memberWrite(
    '/v1/members/:id/account/withdrawals',
    "The account's balance paid out once the enrolment has ended: transfer out, death (to the heirs), termination (沧政规〔2024〕1号 第六十二、六十三条 and each region's article)",
    ['account'],
    WithdrawalIn,
    withdrawBalance,
  );

  route({
    method: 'GET',
    url: '/v1/members/:id/coverage',
    summary: "Covered or not on a date, with the reason and the article, from the stored history by the engine's eligibility rules",
    tags: ['membership'],
    auth: 'any',
    params: IdParams,
    query: CoverageQuery,
    handler: async ({ params, query, role }) => {
      requireMemberReader(role, params.id);
      const member = await loadMember(db, params.id);
      const [coverage] = await coverageOn(db, policies, member, [query.date]);
      return coverage;
    },
  });

  memberWrite('/v1/members/:id/registrations', '异地就医备案: a cross-region registration (temporary: one year; long-term: no change within six months)', ['membership'], RegistrationIn, (tx, member, body, actor) =>
    addRegistration(tx, member, { kind: body.kind, place: body.place, destination: body.destination, validFrom: body.validFrom, ...(body.validUntil ? { validUntil: body.validUntil } : {}) }, actor),
  );

  memberRead('/v1/members/:id/registrations', "The member's cross-region registrations", async (id) => {
    await loadMember(db, id);
    const rows = await db.selectFrom('registrations').selectAll().where('member_id', '=', id).orderBy('valid_from').execute();
    return { items: rows.map(registrationView) };
  });

  memberWrite('/v1/members/:id/recognitions', 'A recognised chronic or special disease (门诊慢特病认定) with its date', ['membership'], RecognitionIn, (tx, member, body, actor) =>
    addRecognition(tx, member, { category: body.category, name: body.name, recognizedOn: body.recognizedOn, ...(body.class !== undefined ? { class: body.class } : {}) }, actor),
  );

  memberRead('/v1/members/:id/recognitions', "The member's recognised diseases", async (id) => {
    await loadMember(db, id);
    const rows = await db.selectFrom('recognitions').selectAll().where('member_id', '=', id).orderBy('recognized_on').execute();
    return { items: rows.map((r) => ({ id: r.id, category: r.category, name: r.name, class: r.class, recognizedOn: r.recognized_on })) };
  });

  route({
    method: 'GET',
    url: '/v1/settlements',
    summary: "Settlements, newest first: an institution's own only, a person's own only",
    tags: ['settlement'],
    auth: 'any',
    query: SettlementListQuery,
    handler: async ({ query, role }) => {
      let q = db.selectFrom('settlements');
      let memberId = query.memberId;
      let institution = query.institution;
      if (role.kind === 'institution') {
        if (institution !== undefined && institution !== role.code) throw new HttpError(403, 'forbidden', `the role ${roleText(role)} may read only its own settlements`, 'institution');
        institution = role.code;
      }
      if (role.kind === 'person') {
        if (memberId !== undefined && memberId !== role.memberId) throw new HttpError(403, 'forbidden', `the role ${roleText(role)} may read only their own settlements`, 'memberId');
        memberId = role.memberId;
      }
      if (memberId !== undefined) q = q.where('member_id', '=', memberId);
      if (institution !== undefined) q = q.where('institution', '=', institution);
      const rows = await q
        .select(['id', 'member_id', 'year', 'institution', 'channel', 'status', 'created_at', 'reversed_at', 'result'])
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(query.limit)
        .offset(query.offset)
        .execute();
      return {
        items: rows.map((s) => {
          const r = s.result as { claimId: string; medfee_sumamt: number; fund_pay_sumamt: number; acct_pay: number; psn_cash_pay: number };
          return {
            id: s.id,
            memberId: s.member_id,
            year: s.year,
            institution: s.institution,
            channel: s.channel,
            status: s.status,
            createdAt: s.created_at,
            reversedAt: s.reversed_at,
            claimId: r.claimId,
            medfee_sumamt: r.medfee_sumamt,
            fund_pay_sumamt: r.fund_pay_sumamt,
            acct_pay: r.acct_pay,
            psn_cash_pay: r.psn_cash_pay,
          };
        }),
        limit: query.limit,
        offset: query.offset,
      };
    },
  });

  route({
    method: 'GET',
    url: '/v1/settlements/:id',
    summary: 'A settlement (an institution reads only its own; a person only theirs)',
    tags: ['settlement'],
    auth: 'any',
    params: IdParams,
    handler: async ({ params, role }) => {
      const s = await db.selectFrom('settlements').selectAll().where('id', '=', params.id).executeTakeFirst();
      // Another's settlement is answered as absent: never its data.
      const visible =
        s !== undefined &&
        (role.kind === 'admin' || role.kind === 'agency' || (role.kind === 'institution' && s.institution === role.code) || (role.kind === 'person' && s.member_id === role.memberId));
      if (!s || !visible) throw notFound(`settlement ${params.id}`);
      return {
        id: s.id,
        memberId: s.member_id,
        year: s.year,
        institution: s.institution,
        channel: s.channel,
        status: s.status,
        createdAt: s.created_at,
        reversedAt: s.reversed_at,
        claim: s.claim,
        result: s.result,
        accumulators: s.accumulators_after,
      };
    },
  });

  memberRead('/v1/members/:id/account', "The personal account: balance and statement from the journal", (id) => accountStatement(db, id));

  memberRead('/v1/members/:id/timeline', "The member's history in date order: enrolment, contributions, registrations, recognitions, settlements, reversals, account movements", (id) => memberTimeline(db, id));

  route({
    method: 'GET',
    url: '/v1/reconciliation',
    summary: "The day's settlement totals per institution and fund, from the journal (an institution sees only its own)",
    tags: ['books'],
    auth: ['admin', 'agency', 'institution'],
    query: DateQuery,
    handler: async ({ query, role }) => {
      let institution = query.institution;
      if (role.kind === 'institution') {
        if (institution !== undefined && institution !== role.code) throw new HttpError(403, 'forbidden', `the role ${roleText(role)} may read only its own reconciliation`, 'institution');
        institution = role.code;
      }
      return reconciliation(db, query.date, institution);
    },
  });

  route({
    method: 'GET',
    url: '/v1/audit',
    summary: 'The audit trail (who, when, what), newest first',
    tags: ['books'],
    auth: ['admin'],
    query: AuditQuery,
    handler: async ({ query }) => {
      let q = db.selectFrom('audit');
      if (query.target !== undefined) q = q.where('target', '=', query.target);
      const rows = await q.selectAll().orderBy('id', 'desc').limit(query.limit).offset(query.offset).execute();
      return { items: rows.map((a) => ({ id: Number(a.id), at: a.at, actor: a.actor, action: a.action, target: a.target, detail: a.detail })), limit: query.limit, offset: query.offset };
    },
  });

  registerConsole(app, db, policies);
  return app;
}
