/** The service's error replies: `{ error: { code, message, path } }`, like the engine's. */
import { z } from 'zod';

export type ServiceErrorCode = 'invalid_input' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'not_covered' | 'unsupported' | 'internal';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ServiceErrorCode,
    message: string,
    readonly path = '',
    /** The article the refusal rests on, where there is one. */
    readonly article?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string): HttpError => new HttpError(404, 'not_found', `${what} not found`);
export const conflict = (message: string, path = ''): HttpError => new HttpError(409, 'conflict', message, path);
export const invalid = (message: string, path: string): HttpError => new HttpError(400, 'invalid_input', message, path);

/** A zod path as the engine writes it: `claims[0].dischargeDate`. */
export function pathText(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += out === '' ? String(k) : `.${String(k)}`;
  }
  return out;
}

/** The first issue of a zod error as a 400. */
export function fromZod(error: z.ZodError, prefix = ''): HttpError {
  const issue = error.issues[0];
  const path = issue ? pathText(issue.path, prefix) : prefix;
  return invalid(`${path || 'request'}: ${issue?.message ?? 'invalid'}`, path);
}

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), path: z.string() }),
});
