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


async function call<T>(token: string, method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
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
  articles: (token: string, source: string) => call<{ articles: CitedArticle[] }>(token, 'GET', `/v1/articles?source=${encodeURIComponent(source)}`),
};
