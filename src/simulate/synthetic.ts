/**
 * The synthetic population: a seeded, deterministic generator of member-years (settle requests)
 * from assumptions in a YAML file (simulate/synthetic.yaml: illustrative, not real data). Member i
 * of a run depends only on (seed, i) and the assumptions, so any split into chunks gives the same
 * population. Pure: the file is read elsewhere.
 */
import { parse } from 'yaml';
import { z } from 'zod';
import { YibaoError } from '../engine/errors.js';

const Share = z.number().min(0).max(1);
const LogNormal = z.object({ median: z.number().positive(), sigma: z.number().nonnegative() }).strict();
const Span = z.object({ min: z.number().int().nonnegative(), max: z.number().int().nonnegative() }).strict().refine((s) => s.min <= s.max, 'min above max');

function sumsToOne(o: Record<string, number>): boolean {
  return Math.abs(Object.values(o).reduce((a, b) => a + b, 0) - 1) < 1e-9;
}

const DiseaseCare = z
  .object({
    share: z
      .array(z.object({ belowAge: z.number().int().positive().optional(), share: Share }).strict())
      .min(1)
      .refine((b) => b[b.length - 1]!.belowAge === undefined, 'the last band has no belowAge'),
    visits: z.number().nonnegative(),
    maxVisits: z.number().int().nonnegative().max(200),
    levelMix: z.object({ level0: Share, level1: Share, level2: Share, level3: Share.optional() }).strict().refine((o) => sumsToOne(o as Record<string, number>), 'shares must sum to 1'),
    cost: LogNormal,
    max: z.number().positive(),
    /** Per region, the disease names its text lists (a member draws one). */
    diseases: z.record(z.string(), z.array(z.string().min(1)).min(1)),
  })
  .strict();

export const Assumptions = z
  .object({
    regions: z.array(z.string().min(1)).min(1),
    members: z
      .object({
        retiredShare: Share,
        employedAge: Span,
        retiredAge: Span,
        maleShare: Share,
        /** Employed members past the retirement age, still contributing (延缴): a share and their ages. */
        lateEmployed: z.object({ share: Share, age: Span }).strict().optional(),
      })
      .strict(),
    /** Regions whose population is of the residents' scheme (城乡居民), and its assumptions. */
    resident: z
      .object({
        regions: z.array(z.string().min(1)),
        age: Span,
        /** Share of members in the poverty groups (tag `poverty`). */
        povertyShare: Share,
        /** The stay's cost for residents (replaces inpatient.cost). */
        inpatientCost: z.object({ level1: LogNormal, level2: LogNormal, level3: LogNormal }).strict(),
      })
      .strict()
      .optional(),
    ageBands: z
      .array(
        z
          .object({
            belowAge: z.number().int().positive().optional(),
            admissions: z.number().nonnegative(),
            outpatientVisits: z.number().nonnegative(),
            /** The band's cost of a visit (replaces outpatient.cost). */
            outpatientCost: LogNormal.optional(),
          })
          .strict(),
      )
      .min(1)
      .refine((b) => b[b.length - 1]!.belowAge === undefined, 'the last band has no belowAge'),
    maxAdmissions: z.number().int().nonnegative().max(20),
    maxOutpatientVisits: z.number().int().nonnegative().max(200),
    inpatient: z
      .object({
        levelMix: z.object({ level1: Share, level2: Share, level3: Share }).strict().refine(sumsToOne, 'shares must sum to 1'),
        cost: z.object({ level1: LogNormal, level2: LogNormal, level3: LogNormal }).strict(),
        max: z.number().positive(),
        days: z.object({ level1: Span, level2: Span, level3: Span }).strict(),
        shares: z.object({ drugA: Share, drugB: Share, serviceB: Share, drugC: Share }).strict().refine(sumsToOne, 'shares must sum to 1'),
        bedDailyPrice: z.number().nonnegative(),
      })
      .strict(),
    outpatient: z
      .object({
        levelMix: z.object({ level0: Share, level1: Share, level2: Share, level3: Share }).strict().refine(sumsToOne, 'shares must sum to 1'),
        cost: LogNormal,
        max: z.number().positive(),
        classAShare: Share,
      })
      .strict(),
    /**
     * Chronic-disease outpatient care (门诊慢性病), in the regions listed under `diseases`: a share
     * of members (by age) with one recognised disease, recognised before the year, and their visits.
     */
    chronic: DiseaseCare.optional(),
    /** Special-disease outpatient care (门诊特殊疾病), drawn the same way, after the chronic. */
    special: DiseaseCare.optional(),
  })
  .strict()
  .refine((a) => (a.resident?.regions ?? []).every((r) => a.regions.includes(r)), { message: 'resident.regions must be among regions', path: ['resident', 'regions'] });
export type Assumptions = z.infer<typeof Assumptions>;

/** Validates the assumptions file's text; errors: invalid_input, path `--assumptions: KEY`. */
export function parseAssumptions(file: string, text: string): Assumptions {
  let raw: unknown;
  try {
    raw = parse(text, { uniqueKeys: true });
  } catch (e) {
    throw new YibaoError('invalid_input', `${file}: not valid YAML: ${e instanceof Error ? e.message : String(e)}`, '--assumptions');
  }
  const r = Assumptions.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const key = issue.path.join('.');
    throw new YibaoError('invalid_input', `${file}: ${key}: ${issue.message}`, `--assumptions: ${key}`);
  }
  return r.data;
}

// ---------------------------------------------------------------- random numbers

/** A 32-bit mix of two integers (murmur3's finaliser over a combined word). */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: a small, fast, seeded generator of uniform numbers in [0, 1). */
export class Random {
  private state: number;
  constructor(seed: number, index: number) {
    this.state = mix(seed >>> 0, index >>> 0);
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  /** Poisson (Knuth), for the small rates used here. */
  poisson(rate: number, max: number): number {
    const limit = Math.exp(-rate);
    let k = 0;
    let p = this.next();
    while (p > limit && k < max) {
      k++;
      p *= this.next();
    }
    return k;
  }
  /** Log-normal with the given median and sigma (Box–Muller). */
  logNormal(median: number, sigma: number): number {
    const u = 1 - this.next();
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * z);
  }
  /** A key drawn by its share. */
  pick<K extends string>(mixShares: Record<K, number>): K {
    const keys = Object.keys(mixShares) as K[];
    let u = this.next();
    for (const k of keys) {
      u -= mixShares[k];
      if (u < 0) return k;
    }
    return keys[keys.length - 1]!;
  }
}

// ---------------------------------------------------------------- members

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The ISO date of day `d` (0-based) of `year`. */
function dayOfYear(year: number, d: number): string {
  const t = new Date(Date.UTC(year, 0, 1 + d));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

function daysIn(year: number): number {
  return (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 86_400_000;
}

/** Yuan with at most 2 decimals (whole fen). */
function yuan(x: number): number {
  return Math.round(x * 100) / 100;
}

type Json = Record<string, unknown>;

/** Checks that the assumptions cover `region`; refuses it with invalid_input, path `--region`, otherwise. */
export function checkSyntheticRegion(a: Assumptions, region: string): void {
  if (!a.regions.includes(region)) {
    throw new YibaoError('invalid_input', `the synthetic population covers ${a.regions.join(', ')} only (simulate/synthetic.yaml regions), not ${region}`, '--region');
  }
}

/**
 * A member's recognised disease of a kind (chronic or special) and its visits, where the region
 * lists diseases of that kind: the recognition (on 1 June of the year before), claims added to
 * `claims`. Draws nothing without the assumptions or the region's list.
 */
function diseaseCare(
  rnd: Random,
  care: z.infer<typeof DiseaseCare> | undefined,
  type: 'chronic' | 'special',
  prefix: string,
  region: string,
  year: number,
  age: number,
  days: number,
  claims: { date: string; claim: Json }[],
): Json[] {
  const names = care?.diseases[region];
  if (!care || !names) return [];
  const share = care.share.find((b) => b.belowAge === undefined || age < b.belowAge)!.share;
  if (rnd.next() >= share) return [];
  const disease = names[rnd.int(0, names.length - 1)]!;
  const n = rnd.poisson(care.visits, care.maxVisits);
  for (let k = 0; k < n; k++) {
    const level = rnd.pick(care.levelMix as Record<string, number>);
    const visitDate = dayOfYear(year, rnd.int(0, days - 1));
    const cost = Math.min(rnd.logNormal(care.cost.median, care.cost.sigma), care.max);
    claims.push({
      date: visitDate,
      claim: { id: `${prefix}${k + 1}`, type, disease, visitDate, hospital: { level: Number(level.slice(5)) }, place: 'local', registration: 'none', items: [{ category: 'drug', class: 'A', amount: yuan(cost) }] },
    });
  }
  return [{ name: disease, recognizedOn: `${year - 1}-06-01` }];
}

/** Member `index` of the synthetic population of `region`, `year`, `seed`: an id and a settle request. */
export function syntheticMember(a: Assumptions, region: string, year: number, seed: number, index: number): { id: string; request: Json } {
  const rnd = new Random(seed, index);
  const resident = a.resident !== undefined && a.resident.regions.includes(region) ? a.resident : undefined;
  const retired = resident === undefined && rnd.next() < a.members.retiredShare;
  const late = a.members.lateEmployed;
  // Drawn for employee populations only, so that a file without lateEmployed draws as before.
  const lateEmployed = resident === undefined && !retired && late !== undefined && rnd.next() < late.share;
  const span = resident ? resident.age : retired ? a.members.retiredAge : lateEmployed ? late!.age : a.members.employedAge;
  const age = rnd.int(span.min, span.max);
  // Born after 1 January so that the age on 1 January of `year` is `age`.
  const month = rnd.int(1, 12);
  const birthDate = `${year - age - 1}-${pad(month)}-${pad(rnd.int(month === 1 ? 2 : 1, 28))}`;
  const sex = rnd.next() < a.members.maleShare ? 'male' : 'female';
  const tags = resident && rnd.next() < resident.povertyShare ? ['poverty'] : [];
  const band = a.ageBands.find((b) => b.belowAge === undefined || age < b.belowAge)!;
  const days = daysIn(year);

  const claims: { date: string; claim: Json }[] = [];
  const admissions = rnd.poisson(band.admissions, a.maxAdmissions);
  // Each stay in its own slice of the year, so that stays never overlap.
  const slice = admissions > 0 ? Math.floor(days / admissions) : days;
  for (let k = 0; k < admissions; k++) {
    const level = rnd.pick(a.inpatient.levelMix);
    const span = a.inpatient.days[level];
    const los = Math.min(rnd.int(span.min, span.max), slice - 1);
    const start = k * slice + rnd.int(0, slice - 1 - los);
    const law = (resident ? resident.inpatientCost : a.inpatient.cost)[level];
    const cost = Math.min(rnd.logNormal(law.median, law.sigma), a.inpatient.max);
    const sh = a.inpatient.shares;
    const items: Json[] = [
      { category: 'drug', class: 'A', amount: yuan(cost * sh.drugA) },
      { category: 'drug', class: 'B', amount: yuan(cost * sh.drugB) },
      { category: 'service', class: 'B', amount: yuan(cost * sh.serviceB) },
      { category: 'drug', class: 'C', amount: yuan(cost * sh.drugC) },
    ];
    if (los > 0 && a.inpatient.bedDailyPrice > 0) items.push({ category: 'bed', ward: 'general', dailyPrice: a.inpatient.bedDailyPrice, days: los });
    const dischargeDate = dayOfYear(year, start + los);
    claims.push({
      date: dischargeDate,
      claim: {
        id: `I${k + 1}`,
        type: 'inpatient',
        admissionDate: dayOfYear(year, start),
        dischargeDate,
        hospital: { level: Number(level.slice(5)), grade: 'A', tcm: false },
        place: 'local',
        registration: 'none',
        items,
      },
    });
  }
  const visits = rnd.poisson(band.outpatientVisits, a.maxOutpatientVisits);
  for (let k = 0; k < visits; k++) {
    const level = rnd.pick(a.outpatient.levelMix);
    const visitDate = dayOfYear(year, rnd.int(0, days - 1));
    const law = band.outpatientCost ?? a.outpatient.cost;
    const cost = Math.min(rnd.logNormal(law.median, law.sigma), a.outpatient.max);
    const classA = yuan(cost * a.outpatient.classAShare);
    const items: Json[] = [{ category: 'drug', class: 'A', amount: classA }];
    const classB = yuan(cost - classA);
    if (classB > 0) items.push({ category: 'drug', class: 'B', amount: classB });
    claims.push({
      date: visitDate,
      claim: { id: `O${k + 1}`, type: 'outpatient', visitDate, hospital: { level: Number(level.slice(5)) }, place: 'local', registration: 'none', items },
    });
  }
  // Chronic, then special-disease care, drawn last so that a file without them draws everything else as before.
  const chronicDiseases = diseaseCare(rnd, a.chronic, 'chronic', 'M', region, year, age, days, claims);
  const specialDiseases = diseaseCare(rnd, a.special, 'special', 'T', region, year, age, days, claims);
  // Settled in date order; on one day, stays (listed first) before visits: a stable sort keeps that.
  claims.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  return {
    id: `S${index + 1}`,
    request: {
      region,
      scheme: resident ? 'resident' : 'employee',
      person: {
        status: retired ? 'retired' : 'employed',
        birthDate,
        sex,
        tags,
        ...(chronicDiseases.length > 0 ? { chronicDiseases } : {}),
        ...(specialDiseases.length > 0 ? { specialDiseases } : {}),
      },
      claims: claims.map((c) => c.claim),
    },
  };
}
