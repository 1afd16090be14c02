import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, creditCodeProblem, idNumberCheckDigit, maskIdNumber, maskIdNumbersIn, readIdNumber } from '../../src/service/ids.js';
import { creditCode, idCheck } from './harness.js';

describe('居民身份证号码 check digit (GB 11643-1999)', () => {
  it("gives X for the standard's example 11010519491231002X", () => {
    // digits 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 × weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
    // = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2; (12 − 2) mod 11 = 10 → X
    expect(idNumberCheckDigit('11010519491231002')).toBe('X');
    expect(readIdNumber('11010519491231002X')).toEqual({ birthDate: '1949-12-31', sex: 'female' });
  });

  it('gives 0 for 13090219800315001 (a man born 1980-03-15 in 运河区)', () => {
    // 1·7+3·9+0+9·5+0+2·4+1·2+9·1+8·6+0+0+3·9+1·10+5·5+0+0+1·2 = 210; 210 mod 11 = 1; 12 − 1 = 11 → 0
    expect(idNumberCheckDigit('13090219800315001')).toBe('0');
    expect(readIdNumber('130902198003150010')).toEqual({ birthDate: '1980-03-15', sex: 'male' });
  });

  it("agrees with the harness's own reading of the standard on many numbers", () => {
    for (let n = 0; n < 200; n++) {
      const first17 = `1309021980031${String(n * 37).padStart(4, '0')}`.slice(0, 17);
      expect(idNumberCheckDigit(first17)).toBe(idCheck(first17));
    }
  });

  it('refuses a wrong check digit, a non-date and a bad shape, saying why', () => {
    expect(readIdNumber('130902198003150011')).toBe('check digit is 1, GB 11643-1999 gives 0');
    expect(readIdNumber('11010519491231002x')).toBe('must be 17 digits and a check digit (0–9 or X)');
    // 1980-02-30 is not a date, whatever the check digit
    const first17 = '13090219800230001';
    expect(readIdNumber(first17 + idCheck(first17))).toBe('digits 7–14 (19800230) are not a date');
  });

  it('masks all but the region code and the last four', () => {
    expect(maskIdNumber('130902198003150010')).toBe('130902********0010');
    expect(maskIdNumbersIn('/v1/members?q=130902198003150010&x=1')).toBe('/v1/members?q=130902********0010&x=1');
  });
});

describe('统一社会信用代码 check character (GB 32100-2015)', () => {
  it('gives 3 for 91350100M000100Y4', () => {
    // values 9 1 3 5 0 1 0 0 M=21 0 0 0 1 0 0 Y=30 4 × weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
    // = 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640; 1640 mod 31 = 28; 31 − 28 = 3
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(creditCodeProblem('91350100M000100Y43')).toBeUndefined();
  });

  it("agrees with the harness's reading, and refuses a changed check character", () => {
    const code = creditCode('91130900MA07L1234');
    expect(creditCodeProblem(code)).toBeUndefined();
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    expect(creditCodeProblem(wrong)).toBe(`check character is ${wrong[17]}, GB 32100-2015 gives ${code[17]}`);
    expect(creditCodeProblem('91350100M000100Y4I')).toBe('character 18 (I) is not one of 0123456789ABCDEFGHJKLMNPQRTUWXY');
    expect(creditCodeProblem('9135')).toBe('must be 18 characters');
  });
});
