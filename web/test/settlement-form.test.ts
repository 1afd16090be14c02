import { describe, expect, it } from 'vitest';
import { initialForm } from '../src/lib/claim-form';
import { newClaimId, newKey, settlementBodyOf, type SettleForm } from '../src/lib/settlement-form';
import { mayReconcile, mayReverse, maySettle, roleOf } from '../src/lib/roles';
import { fieldOfPath, messageOf } from '../src/lib/errors';
import { ServiceError } from '../src/lib/api';
import { zhCN } from '../src/i18n/zh-CN';
import { en } from '../src/i18n/en';

const form = (patch: Partial<SettleForm> = {}): SettleForm => ({ memberId: 'm-1', hospitalCode: 'H001', claimId: 'C-1', claim: initialForm(), ...patch });

describe('the settlement form as the body of POST /v1/settlements', () => {
  it("is the calculator's claim, with the claim id typed and the institution's code in claim.hospital.code", () => {
    const built = settlementBodyOf(form(), false, zhCN);
    expect(built).toEqual({
      body: {
        memberId: 'm-1',
        claim: {
          id: 'C-1',
          type: 'inpatient',
          admissionDate: '2024-08-01',
          dischargeDate: '2024-08-10',
          hospital: { level: 3, tcm: false, code: 'H001' },
          place: 'local',
          registration: 'none',
          items: [
            { category: 'drug', class: 'A', amount: 5000 },
            { category: 'drug', class: 'B', amount: 4000 },
            { category: 'service', class: 'A', amount: 6000 },
          ],
        },
      },
    });
  });

  it('leaves the code out when none is typed (admin, agency), and requires it of an institution', () => {
    const built = settlementBodyOf(form({ hospitalCode: ' ' }), false, zhCN);
    expect('body' in built && built.body.claim.hospital).toEqual({ level: 3, tcm: false });
    expect(settlementBodyOf(form({ hospitalCode: '' }), true, zhCN)).toEqual({ errors: { hospitalCode: '必填' } });
  });

  it('puts each message beside its field, in the language of the interface, the claim\'s own too', () => {
    const built = settlementBodyOf(form({ memberId: '', hospitalCode: 'H 1', claimId: 'x'.repeat(65), claim: { ...initialForm(), dischargeDate: '2024-02-30' } }), false, en);
    expect(built).toEqual({ errors: { memberId: 'Required', hospitalCode: '1–64 letters, digits, - or _', claimId: 'At most 64 characters', dischargeDate: 'A valid date (YYYY-MM-DD)' } });
  });
});

describe('the idempotency key and the claim id', () => {
  it('a key is a v4 UUID, different each time', () => {
    const a = newKey();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newKey()).not.toBe(a);
    expect(newKey((b) => b.fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });

  it('a claim id from the day and the key', () => {
    expect(newClaimId('2024-08-10', 'abcdef12-0000')).toBe('C20240810-ABCDEF');
  });
});

describe('roles', () => {
  it("reads the service's role text; a person only reads; only admin and agency reverse", () => {
    expect(roleOf('institution:H001')).toEqual({ kind: 'institution', code: 'H001' });
    expect(roleOf('person:m-1')).toEqual({ kind: 'person', memberId: 'm-1' });
    expect(roleOf(null)).toBeNull();
    expect([maySettle(roleOf('admin')), maySettle(roleOf('institution:H001')), maySettle(roleOf('person:m-1'))]).toEqual([true, true, false]);
    expect([mayReverse(roleOf('agency')), mayReverse(roleOf('institution:H001')), mayReverse(null)]).toEqual([true, false, false]);
    expect(mayReconcile(roleOf('person:m-1'))).toBe(false);
  });
});

describe("the service's errors", () => {
  const err = (status: number, message: string, path = '') => new ServiceError({ status, code: 'x', message, path });
  const coded = (status: number, code: string, message: string, path: string) => new ServiceError({ status, code, message, path });
  it('says a 403 is the role\'s, in the service\'s words; the network and the token in ours', () => {
    expect(messageOf(err(403, 'the role institution:H001 may not settle a claim at institution H002', 'claim.hospital.code'), zhCN)).toBe('当前角色无权执行此操作：the role institution:H001 may not settle a claim at institution H002（claim.hospital.code）');
    expect(messageOf(err(0, 'TypeError'), en)).toBe('The service cannot be reached');
    expect(messageOf(err(401, 'unknown token'), zhCN)).toBe('令牌无效或已过期，请重新登录');
    expect(messageOf(err(409, 'settlement s-1 is not the latest'), zhCN)).toBe('settlement s-1 is not the latest');
    // The error's code, said in the page's language before the service's words; an unknown code (or none) adds nothing.
    expect(messageOf(coded(422, 'not_covered', 'not covered on 2024-03-05: arrears', 'claim.visitDate'), zhCN)).toBe('该日期不在待遇享受期内：not covered on 2024-03-05: arrears（claim.visitDate）');
    expect(messageOf(coded(400, 'invalid_input', 'is required', 'claim.items'), en)).toBe('Invalid input：is required（claim.items）');
    expect(messageOf(coded(409, 'conflict', 'settlement s-1 is not the latest', ''), zhCN)).toBe('与已有记录冲突：settlement s-1 is not the latest');
    expect(messageOf(coded(400, 'toString', 'x', ''), zhCN)).toBe('x');
    // Another's settlement is answered as absent (404): said as such, in Chinese first.
    expect(messageOf(err(404, 'settlement s-2 not found'), zhCN)).toBe('未找到，或当前角色无权查看：settlement s-2 not found');
    expect(messageOf(err(404, 'settlement s-2 not found'), en)).toBe('Not found, or not for your role to see：settlement s-2 not found');
  });
  it('puts the message beside the field its path names', () => {
    expect(fieldOfPath('claim.hospital.code')).toBe('hospitalCode');
    expect(fieldOfPath('memberId')).toBe('memberId');
    expect(fieldOfPath('claim.items.0.amount')).toBeUndefined();
  });
});
