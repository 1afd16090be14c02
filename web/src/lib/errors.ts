/** A service error as the console says it, and the form field it belongs beside. */
import type { Messages } from '../i18n/zh-CN';
import { ServiceError } from './api';

/**
 * The message to show: ours for the network and the token, the service's own (with its path)
 * otherwise; a 403 says so first, and so does a 404 (the service answers another's record as absent).
 */
export function messageOf(e: unknown, t: Messages): string {
  if (!(e instanceof ServiceError)) return String(e);
  const { status, message, path } = e.error;
  if (status === 0) return t.errors.network;
  if (status === 401) return t.errors.unauthorized;
  const own = `${message}${path ? `（${path}）` : ''}`;
  if (status === 403) return `${t.errors.forbidden}：${own}`;
  return status === 404 ? `${t.errors.notFound}：${own}` : own;
}

/** The settlement form's field a service error's path names (`memberId`, `claim.hospital.code`, `claim.id`), if any. */
export function fieldOfPath(path: string): 'memberId' | 'hospitalCode' | 'claimId' | undefined {
  if (path === 'memberId') return 'memberId';
  if (path === 'claim.hospital.code') return 'hospitalCode';
  if (path === 'claim.id') return 'claimId';
  return undefined;
}
