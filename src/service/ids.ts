/**
 * National identifiers: 统一社会信用代码 (GB 32100-2015) and 居民身份证号码 (GB 11643-1999),
 * each with its check character, and the masking of ID numbers in responses and logs.
 */

/** GB 32100-2015 code characters (no I, O, S, V, Z), each worth its index. */
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weights of positions 1–17 (3^(i−1) mod 31). */
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The check character (18th) of a credit code's first 17 characters: 31 − (Σ value × weight mod 31), 31 → 0. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CHARS.indexOf(first17[i] ?? '');
    if (v < 0) throw new Error(`not a credit code character at ${i + 1}`);
    sum += v * CREDIT_WEIGHTS[i]!;
  }
  return CREDIT_CHARS[(31 - (sum % 31)) % 31]!;
}

/** Why `code` is not a valid 统一社会信用代码, or undefined when it is. */
export function creditCodeProblem(code: string): string | undefined {
  if (code.length !== 18) return 'must be 18 characters';
  for (let i = 0; i < 18; i++) {
    if (!CREDIT_CHARS.includes(code[i]!)) return `character ${i + 1} (${code[i]}) is not one of ${CREDIT_CHARS}`;
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'characters 3–8 must be the administrative division code (6 digits)';
  const check = creditCodeCheckChar(code.slice(0, 17));
  if (code[17] !== check) return `check character is ${code[17]}, GB 32100-2015 gives ${check}`;
  return undefined;
}

/** Weights of digits 1–17 (2^(18−i) mod 11). */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;

/** The check digit of an ID number's first 17 digits: (12 − Σ digit × weight mod 11) mod 11, 10 → X. */
export function idNumberCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  const c = (12 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

function validDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

export interface IdNumberFacts {
  birthDate: string;
  sex: 'male' | 'female';
}

/** The birth date and sex an ID number encodes, or the reason it is not valid. */
export function readIdNumber(id: string): IdNumberFacts | string {
  if (!/^\d{17}[\dX]$/.test(id)) return 'must be 17 digits and a check digit (0–9 or X)';
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!validDate(birth)) return `digits 7–14 (${id.slice(6, 14)}) are not a date`;
  const check = idNumberCheckDigit(id.slice(0, 17));
  if (id[17] !== check) return `check digit is ${id[17]}, GB 11643-1999 gives ${check}`;
  return { birthDate: birth, sex: Number(id[16]) % 2 === 1 ? 'male' : 'female' };
}

/** `130902********1234`: the region code and the last four digits. */
export function maskIdNumber(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** Masks every 18-character ID number inside a text (a URL, a log line). */
export function maskIdNumbersIn(text: string): string {
  return text.replace(/(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])/g, '$1********$2');
}
