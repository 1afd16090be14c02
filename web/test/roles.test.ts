import { describe, expect, it } from 'vitest';
import { pagesFor, roleOf } from '../src/lib/roles';

describe('the pages each role may open (the service routes each page reads)', () => {
  it('admin and agency: all six', () => {
    expect(pagesFor(roleOf('admin'))).toEqual(['calculator', 'member', 'settlements', 'fund', 'simulation', 'policies']);
    expect(pagesFor(roleOf('agency'))).toEqual(['calculator', 'member', 'settlements', 'fund', 'simulation', 'policies']);
  });
  it('an institution: no 参保人 (members are not its to read), no 测算 (simulations are the agency’s)', () => {
    expect(pagesFor(roleOf('institution:H001'))).toEqual(['calculator', 'settlements', 'fund', 'policies']);
  });
  it('a person: its own 参保人, no 基金 (the reconciliation is the institutions’), no 测算', () => {
    expect(pagesFor(roleOf('person:m-1'))).toEqual(['calculator', 'member', 'settlements', 'policies']);
  });
  it('a role not known yet, or not one of the service’s: the pages of every role only', () => {
    expect(pagesFor(roleOf(null))).toEqual(['calculator', 'settlements', 'policies']);
    expect(pagesFor(roleOf('guest'))).toEqual(['calculator', 'settlements', 'policies']);
  });
});
