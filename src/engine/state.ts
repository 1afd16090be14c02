/** The person as the engine sees them, and what a benefit year carries from claim to claim. */
import type { Fen } from './money.js';
import type { Status } from './policy/schema.js';
import type { PersonTag } from './request.js';

export interface Person {
  status: Status;
  birthDate: string | undefined;
  tags: PersonTag[];
}

/** Accumulators of one benefit year, carried between a person's claims. */
export interface YearState {
  year: number;
  /** Pooled-fund payments so far this year, all claim types (toward the annual cap). */
  fundPaid: Fen;
  /** Admissions counted so far, by counter (沧州 counts in-province and cross-province apart). */
  admissions: Map<string, number>;
}

export function newYearState(year: number): YearState {
  return { year, fundPaid: 0, admissions: new Map() };
}

/** Whole years of age on a date (the birthday itself counts). */
export function ageOn(birthDate: string, date: string): number {
  const by = Number(birthDate.slice(0, 4));
  const dy = Number(date.slice(0, 4));
  const before = date.slice(5) < birthDate.slice(5);
  return dy - by - (before ? 1 : 0);
}
