/** The person as the engine sees them, and what a benefit year carries from claim to claim. */
import type { Fen } from '../money.js';
import type { AdmissionCounter, Level, Status } from '../../policy/schema.js';
import type { Claim, PersonTag, RecognisedDisease } from './request.js';
import type { Explainer } from '../steps.js';

export interface Person {
  scheme: 'employee' | 'resident';
  status: Status;
  birthDate: string | undefined;
  tags: PersonTag[];
  enrolment: 'combined' | 'pool_only';
  chronicDiseases: RecognisedDisease[];
  specialDiseases: RecognisedDisease[];
}

/** What every claim computation works within: the claim, the person, the year so far, the explanation. */
export interface ClaimScope {
  claim: Claim;
  person: Person;
  state: YearState;
  /** Age on the admission (or visit) date; asks for person.birthDate when a rule needs it (call it as scope.age()). */
  age(): number;
  ex: Explainer;
  /** The claim's request path, e.g. claims[2]. */
  path: string;
}

/** Accumulators of one benefit year, carried between a person's claims. */
export interface YearState {
  year: number;
  /** Index of the request's yearToDate entry it came from, until a claim has checked it against the rules. */
  origin?: number | undefined;
  /** Pooled-fund payments so far this year, all claim types (toward the annual cap). */
  fundPaid: Fen;
  /** Admissions counted so far, by counter (沧州 counts in-province and cross-province apart); 0 where none. */
  admissions: Record<AdmissionCounter, number>;
  /** General outpatient: deductible borne and fund paid this year. */
  outpatient: { deductibleUsed: Fen; paid: Fen };
  /** Chronic diseases: deductible borne, fund paid in all and by disease. */
  chronic: { deductibleUsed: Fen; paid: Fen; byDisease: Map<string, Fen> | undefined };
  /** Special diseases paid at a ratio within a yearly cap (资阳 第二、三类). */
  specialRatioPaid: Fen;
  /** 资阳 单行支付药品 paid this year. */
  singlePaymentPaid: Fen;
  /** Large-expense layer: the person's cumulative burden and what the layer paid. */
  largeExpense: { burden: Fen; paid: Fen };
  /** Resident critical-illness layer: cumulative burden and payments. */
  criticalIllness: { burden: Fen; paid: Fen };
  /** Commercial supplementary insurance: special-disease payments this year. */
  supplementarySpecialPaid: Fen;
  /** The year's last inpatient stay (or transfer course), for transfers and year-end continuations. */
  lastStay: StayRecord | undefined;
}

/**
 * An inpatient stay as later claims read it: a transfer continues it (转诊转院, one stay across
 * hospitals), a year-end settlement is continued by the new year's part (跨年度住院).
 * For a transfer course the amounts are the course's so far.
 */
export interface StayRecord {
  admissionDate: string;
  dischargeDate: string;
  level: Level;
  /** The admission counter it belongs to (沧州 counts in-province and cross-province apart). */
  counter: AdmissionCounter;
  /** The deductible standard of the stay: the highest standard its hospitals reached. */
  standard: Fen;
  /** The deductible the stay has borne, all its hospitals together. */
  deductibleBorne: Fen;
  /** The eligible amount of the stay, all its hospitals together. */
  eligible: Fen;
  /** Whether the stay is counted as one of the year's admissions. */
  counted: boolean;
}

/** How explanations name the person's group: 在职职工 / 退休人员, or 城乡居民. */
export function groupName(person: Person): string {
  return person.scheme === 'resident' ? '城乡居民' : person.status === 'retired' ? '退休人员' : '在职职工';
}

/** The benefit years of a request's claims, by year: most requests touch one, kept without a map. */
export class YearStates {
  private firstYear = 0;
  private first: YearState | undefined = undefined;
  private others: Map<number, YearState> | undefined = undefined;

  get(year: number): YearState | undefined {
    if (this.first !== undefined && this.firstYear === year) return this.first;
    return this.others?.get(year);
  }

  set(year: number, state: YearState): void {
    if (this.first === undefined || this.firstYear === year) {
      this.firstYear = year;
      this.first = state;
    } else (this.others ??= new Map()).set(year, state);
  }
}

export function newYearState(year: number): YearState {
  return {
    year,
    fundPaid: 0,
    admissions: { all: 0, in_province: 0, cross_province: 0 },
    outpatient: { deductibleUsed: 0, paid: 0 },
    // The map by disease is made at the year's first chronic payment.
    chronic: { deductibleUsed: 0, paid: 0, byDisease: undefined },
    specialRatioPaid: 0,
    singlePaymentPaid: 0,
    largeExpense: { burden: 0, paid: 0 },
    criticalIllness: { burden: 0, paid: 0 },
    supplementarySpecialPaid: 0,
    lastStay: undefined,
  };
}

/** Whole years of age on a date (the birthday itself counts). */
export function ageOn(birthDate: string, date: string): number {
  const by = Number(birthDate.slice(0, 4));
  const dy = Number(date.slice(0, 4));
  const before = date.slice(5) < birthDate.slice(5);
  return dy - by - (before ? 1 : 0);
}
