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

export interface Step {
  rule: string;
  text: string;
  amount: number | null;
  source: string;
}

export interface ClaimResult {
  claimId: string;
  medfee_sumamt: number;
  fulamt_ownpay_amt: number;
  overlmt_selfpay: number;
  preselfpay_amt: number;
  inscp_scp_amt: number;
  act_pay_dedc: number;
  hifp_pay: number;
  pool_prop_selfpay: number;
  hifob_pay: number;
  hifmi_pay: number;
  oth_pay: number;
  fund_pay_sumamt: number;
  psn_part_amt: number;
  acct_pay: number;
  psn_cash_pay: number;
  balc: number;
  steps: Step[];
}

export interface CitedArticle {
  doc: string;
  label: string;
  text: string;
}

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
  articles: (token: string, source: string) => call<{ articles: CitedArticle[] }>(token, 'GET', `/v1/articles?source=${encodeURIComponent(source)}`),
};
