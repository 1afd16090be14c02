/** A service error as the console says it, and the form field it belongs beside. */
import type { Messages } from '../i18n/zh-CN';
import { ServiceError } from './api';

/**
 * The message to show: ours for the network and the token; otherwise what the refusal is, in the
 * page's language (a 403, a 404 — the service answers another's record as absent — or the error's
 * code), then the service's own words with the field's path.
 */
export function messageOf(e: unknown, t: Messages): string {
  if (!(e instanceof ServiceError)) return String(e);
  const { status, code, message, path } = e.error;
  if (status === 0) return t.errors.network;
  if (status === 401) return t.errors.unauthorized;
  const own = `${message}${path ? `（${path}）` : ''}`;
  if (status === 403) return `${t.errors.forbidden}：${own}`;
  if (status === 404) return `${t.errors.notFound}：${own}`;
  const lead = Object.hasOwn(t.errors.codes, code) ? t.errors.codes[code as keyof Messages['errors']['codes']] : undefined;
  return lead ? `${lead}：${own}` : own;
}

/** The settlement form's field a service error's path names (`memberId`, `claim.hospital.code`, `claim.id`), if any. */
export function fieldOfPath(path: string): 'memberId' | 'hospitalCode' | 'claimId' | undefined {
  if (path === 'memberId') return 'memberId';
  if (path === 'claim.hospital.code') return 'hospitalCode';
  if (path === 'claim.id') return 'claimId';
  return undefined;
}
