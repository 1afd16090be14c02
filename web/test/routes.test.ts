import { describe, expect, it } from 'vitest';
import { pageName, settlementHash, settlementIdOfHash } from '../src/lib/routes';

describe('console addresses', () => {
  it('name the page before the first slash', () => {
    expect(pageName('#settlements/abc')).toBe('settlements');
    expect(pageName('#member')).toBe('member');
    expect(pageName('')).toBe('');
  });
  it('open a settlement by #settlements/<id>, and back', () => {
    const id = '7aa18e6d-2ced-46af-827a-ecb8b90f7651';
    expect(settlementHash(id)).toBe(`#settlements/${id}`);
    expect(settlementIdOfHash(settlementHash(id))).toBe(id);
    expect(settlementIdOfHash(settlementHash('a b/c'))).toBe('a b/c');
    expect(settlementIdOfHash('#settlements')).toBeNull();
    expect(settlementIdOfHash('#settlements/')).toBeNull();
    expect(settlementIdOfHash('#member/abc')).toBeNull();
    expect(settlementIdOfHash('#settlements/%E0%A4%A')).toBeNull();
  });
});
