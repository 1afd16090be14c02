import { settle } from '../src/index.js';
import { YibaoError } from '../src/engine/errors.js';
import type { ClaimResult } from '../src/engine/settlement/settle.js';

export type Json = Record<string, unknown>;

let seq = 0;

/** An inpatient claim with defaults; override any field. */
export function inpatient(overrides: Json = {}): Json {
  seq += 1;
  return {
    id: `C${seq}`,
    type: 'inpatient',
    admissionDate: '2026-03-01',
    dischargeDate: '2026-03-10',
    hospital: { level: 3, grade: 'A', tcm: false },
    place: 'local',
    registration: 'none',
    items: [{ category: 'drug', class: 'A', amount: 10000 }],
    ...overrides,
  };
}

export function request(region: string, claims: Json[], person: Json = {}, extra: Json = {}): Json {
  return {
    region,
    scheme: 'employee',
    person: { status: 'employed', birthDate: '1970-01-01', sex: 'male', tags: [], ...person },
    claims,
    ...extra,
  };
}

/** Settles and returns the results. */
export function run(req: Json): ClaimResult[] {
  return settle(req).results;
}

/** The YibaoError a call raises (fails the test if it answers instead). */
export function refusal(call: () => unknown): YibaoError {
  try {
    call();
  } catch (e) {
    if (e instanceof YibaoError) return e;
    throw e;
  }
  throw new Error('expected an error, got a result');
}

/** The error a settle request raises. */
export function errorOf(req: Json): YibaoError {
  return refusal(() => settle(req));
}

/** The money fields of a result, for exact comparison. */
export function amounts(r: ClaimResult): Record<string, number> {
  return {
    medfee_sumamt: r.medfee_sumamt,
    fulamt_ownpay_amt: r.fulamt_ownpay_amt,
    overlmt_selfpay: r.overlmt_selfpay,
    preselfpay_amt: r.preselfpay_amt,
    inscp_scp_amt: r.inscp_scp_amt,
    act_pay_dedc: r.act_pay_dedc,
    hifp_pay: r.hifp_pay,
    pool_prop_selfpay: r.pool_prop_selfpay,
    fund_pay_sumamt: r.fund_pay_sumamt,
    psn_part_amt: r.psn_part_amt,
  };
}

/** Shorthand for the expected money fields of a claim with no other fund. */
export function expected(e: {
  medfee: number;
  fulamt?: number;
  overlmt?: number;
  preselfpay?: number;
  inscp: number;
  deductible: number;
  hifp: number;
  ratio: number;
}): Record<string, number> {
  return {
    medfee_sumamt: e.medfee,
    fulamt_ownpay_amt: e.fulamt ?? 0,
    overlmt_selfpay: e.overlmt ?? 0,
    preselfpay_amt: e.preselfpay ?? 0,
    inscp_scp_amt: e.inscp,
    act_pay_dedc: e.deductible,
    hifp_pay: e.hifp,
    pool_prop_selfpay: e.ratio,
    fund_pay_sumamt: e.hifp,
    psn_part_amt: Math.round((e.medfee - e.hifp) * 100) / 100,
  };
}

/** An outpatient-type claim (outpatient, chronic, special) with defaults. */
export function visit(type: 'outpatient' | 'chronic' | 'special', overrides: Json = {}): Json {
  seq += 1;
  return {
    id: `V${seq}`,
    type,
    visitDate: '2026-03-01',
    hospital: { level: 2 },
    place: 'local',
    registration: 'none',
    items: [{ category: 'drug', class: 'A', amount: 1000 }],
    ...overrides,
  };
}

/** An item list of one class-A drug. */
export const drugA = (amount: number): Json[] => [{ category: 'drug', class: 'A', amount }];
