/**
 * Bearer tokens, stored as their SHA-256. Roles: `admin`, `agency`, `institution:<code>`,
 * `person:<memberId>`. A missing or unknown token is 401, a role not allowed 403.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { HttpError } from './errors.js';

export type Role = { kind: 'admin' } | { kind: 'agency' } | { kind: 'institution'; code: string } | { kind: 'person'; memberId: string };
export type RoleKind = Role['kind'];

export const ROLE_PATTERN = /^(admin|agency|institution:[A-Za-z0-9_-]{1,64}|person:[A-Za-z0-9_-]{1,64})$/;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newToken(): string {
  return `yb_${randomBytes(24).toString('base64url')}`;
}

export function parseRole(text: string): Role | undefined {
  if (text === 'admin') return { kind: 'admin' };
  if (text === 'agency') return { kind: 'agency' };
  if (text.startsWith('institution:')) return { kind: 'institution', code: text.slice('institution:'.length) };
  if (text.startsWith('person:')) return { kind: 'person', memberId: text.slice('person:'.length) };
  return undefined;
}

export function roleText(role: Role): string {
  switch (role.kind) {
    case 'institution':
      return `institution:${role.code}`;
    case 'person':
      return `person:${role.memberId}`;
    default:
      return role.kind;
  }
}

/**
 * Roles of tokens seen lately, by token hash, per database: a request does not pay a query for
 * its token. An entry is kept TOKEN_CACHE_MS. Issued tokens are new random strings
 * (`POST /v1/tokens`), so a cached role never goes stale, except where putToken gives a known
 * token another role (YIBAO_ADMIN_TOKEN at start): putToken on the database drops its entry,
 * and any other change is seen within TOKEN_CACHE_MS. Unknown tokens are not kept.
 */
export const TOKEN_CACHE_MS = 5_000;
const TOKEN_CACHE_SIZE = 10_000;
const tokenCache = new WeakMap<object, Map<string, { role: Role; until: number }>>();

function cacheOf(db: object): Map<string, { role: Role; until: number }> {
  let cache = tokenCache.get(db);
  if (!cache) {
    cache = new Map();
    tokenCache.set(db, cache);
  }
  return cache;
}

/** Stores `token` with `role` (replacing the role of the same token). */
export async function putToken(db: Kysely<Database>, token: string, role: string, label: string): Promise<void> {
  cacheOf(db).delete(hashToken(token));
  await db
    .insertInto('tokens')
    .values({ token_hash: hashToken(token), role, label })
    .onConflict((oc) => oc.column('token_hash').doUpdateSet({ role, label }))
    .execute();
}

/** The role of the request's bearer token, or 401. */
export async function authenticate(db: Kysely<Database>, header: string | undefined): Promise<Role> {
  const m = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw new HttpError(401, 'unauthorized', 'a bearer token is required (Authorization: Bearer …)');
  const hash = hashToken(m[1]!);
  const cache = cacheOf(db);
  const now = Date.now();
  const hit = cache.get(hash);
  if (hit && hit.until > now) return hit.role;
  const row = await db.selectFrom('tokens').select('role').where('token_hash', '=', hash).executeTakeFirst();
  const role = row ? parseRole(row.role) : undefined;
  if (!role) throw new HttpError(401, 'unauthorized', 'unknown token');
  if (cache.size >= TOKEN_CACHE_SIZE) cache.clear();
  cache.set(hash, { role, until: now + TOKEN_CACHE_MS });
  return role;
}

/** 403 unless the role is one of `kinds`. */
export function requireRole(role: Role, kinds: readonly RoleKind[]): void {
  if (!kinds.includes(role.kind)) throw new HttpError(403, 'forbidden', `the role ${roleText(role)} may not do this`);
}

/** 403 unless the role may read member `memberId`'s records (admin, agency, or that person). */
export function requireMemberReader(role: Role, memberId: string): void {
  if (role.kind === 'admin' || role.kind === 'agency') return;
  if (role.kind === 'person' && role.memberId === memberId) return;
  throw new HttpError(403, 'forbidden', `the role ${roleText(role)} may not read this member's records`);
}
