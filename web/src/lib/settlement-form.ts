/**
 * The settlement page's form: a member, the institution's code, a claim id and the claim (the
 * calculator's form, whose person fields the member record replaces). Pure, like claim-form.ts.
 */
import type { Messages } from '../i18n/zh-CN';
import { requestOf, type ClaimForm, type FieldErrors } from './claim-form';

export interface SettleForm {
  memberId: string;
  /** claim.hospital.code: the institution's code (an institution's token: its own). */
  hospitalCode: string;
  claimId: string;
  claim: ClaimForm;
}

export interface SettlementBody {
  memberId: string;
  claim: Record<string, unknown>;
}

const CODE = /^[A-Za-z0-9_-]{1,64}$/;

/** The body of `POST /v1/settlements` (and its preview), or the messages beside the wrong fields. */
export function settlementBodyOf(f: SettleForm, codeRequired: boolean, t: Messages): { body: SettlementBody } | { errors: FieldErrors } {
  const built = requestOf(f.claim, t);
  const errors: FieldErrors = 'errors' in built ? { ...built.errors } : {};
  const memberId = f.memberId.trim();
  if (!memberId) errors.memberId = t.errors.required;
  else if (memberId.length > 64) errors.memberId = t.errors.tooLong;
  const code = f.hospitalCode.trim();
  if (code === '' ? codeRequired : !CODE.test(code)) errors.hospitalCode = code === '' ? t.errors.required : t.errors.code;
  const claimId = f.claimId.trim();
  if (!claimId) errors.claimId = t.errors.required;
  else if (claimId.length > 64) errors.claimId = t.errors.tooLong;
  if ('errors' in built || Object.keys(errors).length) return { errors };
  const claims = built.request.claims as Record<string, unknown>[];
  const claim = claims[0]!;
  const hospital = claim.hospital as Record<string, unknown>;
  return { body: { memberId, claim: { ...claim, id: claimId, hospital: code ? { ...hospital, code } : hospital } } };
}

/** A key for `Idempotency-Key`: a random UUID (v4), made from getRandomValues so it works off localhost too. */
export function newKey(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const b = random(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A claim id to start from: the day and a few random letters (the clerk may type the institution's own). */
export function newClaimId(today: string, key: string): string {
  return `C${today.replace(/-/g, '')}-${key.slice(0, 6).toUpperCase()}`;
}
