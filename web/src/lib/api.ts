/** The service's API as the console calls it: same origin, bearer token, errors as the service words them. */

export interface ApiError {
  status: number;
  code: string;
  message: string;
  path: string;
}

export class ServiceError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

/** The engine's own result types (type-only: nothing of the engine is bundled). */
export type { ClaimResult, Step, CitedArticle, RegionView } from '../../../src/index';
import type { ClaimResult, CitedArticle, RegionView } from '../../../src/index';

/** A member as the service shows it (ID number masked unless the caller is admin): the service's own type. */
export type { MemberView as Member } from '../../../src/service/app';
import type { MemberView as Member } from '../../../src/service/app';

/** A benefit year's totals (the engine's accumulators). */
export type YearTotals = ClaimResult['accumulators'];

/** A settlement in the list (`GET /v1/settlements`). */
export interface SettlementItem {
  id: string;
  memberId: string;
  year: number;
  institution: string | null;
  channel: string;
  status: string;
  createdAt: string;
  reversedAt: string | null;
  claimId: string;
  medfee_sumamt: number;
  fund_pay_sumamt: number;
  acct_pay: number;
  psn_cash_pay: number;
}

/** A settlement in full (`GET /v1/settlements/{id}`): the claim, the result with its steps, the totals after. */
export interface Settlement extends Omit<SettlementItem, 'claimId' | 'medfee_sumamt' | 'fund_pay_sumamt' | 'acct_pay' | 'psn_cash_pay'> {
  claim: Record<string, unknown>;
  result: ClaimResult;
  accumulators: YearTotals;
}

/** A simulation's report (`POST /v1/simulations`), and a shipped example reform (`GET /v1/simulations/examples`). */
export type { SimulationReport } from '../../../src/simulate/run';
import type { SimulationReport } from '../../../src/simulate/run';
export type { ExampleReform } from '../../../src/service/simulations';
import type { ExampleReform } from '../../../src/service/simulations';

/** The filter of the settlement list. */
export interface SettlementFilter {
  memberId: string;
  institution: string;
  limit: number;
  offset: number;
}

/** One institution's day in the reconciliation (yuan; `funds` by journal account, net of reversals): the service's own type. */
export type { InstitutionDay } from '../../../src/service/books';
import type { InstitutionDay } from '../../../src/service/books';

/** A member's timeline event and personal-account statement line: the service's own types. */
export type { TimelineEvent, StatementLine } from '../../../src/service/books';
import type { TimelineEvent, StatementLine } from '../../../src/service/books';

export function settlementsPath(f: SettlementFilter): string {
  const q = new URLSearchParams();
  if (f.memberId.trim()) q.set('memberId', f.memberId.trim());
  if (f.institution.trim()) q.set('institution', f.institution.trim());
  q.set('limit', String(f.limit));
  q.set('offset', String(f.offset));
  return `/v1/settlements?${q.toString()}`;
}

async function call<T>(token: string, method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ServiceError({ status: 0, code: 'network', message: String(e), path: '' });
  }
  const json: unknown = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = (json as { error?: Partial<ApiError> }).error ?? {};
    throw new ServiceError({ status: res.status, code: err.code ?? String(res.status), message: err.message ?? res.statusText, path: err.path ?? '' });
  }
  return json as T;
}

export const api = {
  whoami: (token: string) => call<{ role: string }>(token, 'GET', '/v1/whoami'),
  previewSettle: (token: string, request: unknown, signal?: AbortSignal) => call<{ results: ClaimResult[] }>(token, 'POST', '/v1/preview/settle', request, signal),
  regions: (token: string) => call<{ regions: { region: string; name: string; documents: RegionView['documents'] }[] }>(token, 'GET', '/v1/policies'),
  region: (token: string, region: string) => call<RegionView>(token, 'GET', `/v1/policies/${encodeURIComponent(region)}`),
  members: (token: string, q: string, offset: number) => call<{ items: Member[]; total: number; limit: number; offset: number }>(token, 'GET', `/v1/members?limit=20&offset=${offset}${q ? `&q=${encodeURIComponent(q)}` : ''}`),
  member: (token: string, id: string) => call<Member>(token, 'GET', `/v1/members/${encodeURIComponent(id)}`),
  year: (token: string, id: string, year: number) => call<YearTotals>(token, 'GET', `/v1/members/${encodeURIComponent(id)}/years/${year}`),
  timeline: (token: string, id: string) => call<{ memberId: string; events: TimelineEvent[] }>(token, 'GET', `/v1/members/${encodeURIComponent(id)}/timeline`),
  account: (token: string, id: string) => call<{ memberId: string; balance: number; lines: StatementLine[] }>(token, 'GET', `/v1/members/${encodeURIComponent(id)}/account`),
  previewSettlement: (token: string, body: unknown) => call<ClaimResult>(token, 'POST', '/v1/settlements/preview?explain=true', body),
  /** The same key and body again answers the first settlement (200): a double click never pays twice. */
  settle: (token: string, body: unknown, key: string) => call<{ id: string; result: ClaimResult; accumulators: YearTotals }>(token, 'POST', '/v1/settlements', body, undefined, { 'idempotency-key': key }),
  settlements: (token: string, filter: SettlementFilter) => call<{ items: SettlementItem[]; limit: number; offset: number }>(token, 'GET', settlementsPath(filter)),
  settlement: (token: string, id: string) => call<Settlement>(token, 'GET', `/v1/settlements/${encodeURIComponent(id)}`),
  reverse: (token: string, id: string) => call<{ id: string; status: 'reversed'; accumulators: YearTotals; accountBalance: number }>(token, 'POST', `/v1/settlements/${encodeURIComponent(id)}/reversal`),
  reconciliation: (token: string, date: string, institution: string) =>
    call<{ date: string; timeZone: string; institutions: InstitutionDay[] }>(token, 'GET', `/v1/reconciliation?date=${encodeURIComponent(date)}${institution.trim() ? `&institution=${encodeURIComponent(institution.trim())}` : ''}`),
  simulationExamples: (token: string) => call<{ examples: ExampleReform[] }>(token, 'GET', '/v1/simulations/examples'),
  simulate: (token: string, body: unknown, signal?: AbortSignal) => call<SimulationReport>(token, 'POST', '/v1/simulations', body, signal),
  articles: (token: string, source: string) => call<{ articles: CitedArticle[] }>(token, 'GET', `/v1/articles?source=${encodeURIComponent(source)}`),
};
