/**
 * The member's stored history and what the engine reads from it: contributions (computed by
 * the engine's `contribution`, the personal-account credit by its `account`), coverage (its
 * `eligibility` over the stored months), cross-region registrations and recognised diseases.
 * Every write is one transaction with balanced journal entries and an audit line.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { YibaoError, accountWith, contributionWith, eligibilityWith, type AccountResult, type ContributionResult, type PolicySet } from '../index.js';
import { fenOf, type Database, type MembersTable, type RecognitionsTable, type RegistrationsTable } from '../store/schema.js';
import { changesOf, memberOn, recordChange, type MemberChange } from './changes.js';
import { conflict, HttpError, invalid } from './errors.js';

type Db = Kysely<Database> | Transaction<Database>;
type MemberRow = Selectable<MembersTable>;

export const fenFromYuan = (yuan: number): number => Math.round(yuan * 100);
export const yuanFromFen = (fen: number): number => fen / 100;

export interface JournalLine {
  account: string;
  debit: number;
  credit: number;
}

/** An entry's lines without the empty ones; throws unless debits equal credits. */
export function entryLines(kind: string, settlementId: string | null, lines: readonly JournalLine[]): JournalLine[] {
  const debit = lines.reduce((s, l) => s + l.debit, 0);
  const credit = lines.reduce((s, l) => s + l.credit, 0);
  if (debit !== credit) throw new Error(`unbalanced journal entry (${kind} ${settlementId ?? ''}): debit ${debit} ≠ credit ${credit} fen`);
  return lines.filter((l) => l.debit !== 0 || l.credit !== 0);
}

/** Posts one balanced entry (nothing for no lines); refuses an unbalanced one. */
export async function postEntry(
  tx: Transaction<Database>,
  memberId: string,
  kind: string,
  settlementId: string | null,
  lines: readonly JournalLine[],
  institution: string | null = null,
): Promise<void> {
  const kept = entryLines(kind, settlementId, lines);
  if (kept.length === 0) return;
  const entryId = randomUUID();
  await tx
    .insertInto('journal')
    .values(kept.map((l, i) => ({ member_id: memberId, entry_id: entryId, line_no: i + 1, account: l.account, debit: l.debit, credit: l.credit, kind, settlement_id: settlementId, institution })))
    .execute();
}

export async function audit(tx: Db, actor: string, action: string, target: string, detail: unknown): Promise<void> {
  await tx.insertInto('audit').values({ actor, action, target, detail: JSON.stringify(detail) }).execute();
}

/** The region's statistics as the engine's `context` (averageWage by year, averagePension, residentContribution of the year). */
export async function regionContext(db: Db, region: string, year?: number): Promise<{ averageWage?: Record<string, number>; averagePension?: Record<string, number>; residentContribution?: number }> {
  const rows = await db.selectFrom('statistics').selectAll().where('region', '=', region).orderBy('year').execute();
  const averageWage: Record<string, number> = {};
  let averagePension: Record<string, number> | undefined;
  let residentContribution: number | undefined;
  for (const s of rows) {
    if (s.average_wage !== null) averageWage[String(s.year)] = yuanFromFen(fenOf(s.average_wage));
    // The pension and resident standard of the year asked (else the latest year up to it).
    if (year === undefined || s.year <= year) {
      if (s.average_pension) averagePension = Object.fromEntries(Object.entries(s.average_pension).map(([k, v]) => [k, yuanFromFen(v)]));
      if (s.resident_contribution !== null) residentContribution = yuanFromFen(fenOf(s.resident_contribution));
    }
  }
  return {
    ...(Object.keys(averageWage).length > 0 ? { averageWage } : {}),
    ...(averagePension ? { averagePension } : {}),
    ...(residentContribution !== undefined ? { residentContribution } : {}),
  };
}

/** An engine error with its request path read against the service's body (`person.monthlyWage` → `monthlyWage`). */
function rePath(e: YibaoError, map: Record<string, string>): YibaoError {
  const path = map[e.path] ?? e.path;
  return path === e.path ? e : new YibaoError(e.code, e.message.split(e.path).join(path), path);
}

function engineType(member: MemberRow): 'employee' | 'flexible' {
  return member.type === 'flexible' ? 'flexible' : 'employee';
}

/** The member's status in a month: retired from the month of retiredOn (the engine says from when credits change). */
function statusIn(member: MemberRow, date: string): 'employed' | 'retired' {
  if (member.status !== 'retired') return 'employed';
  if (member.retired_on === null) return 'retired';
  return member.retired_on <= date ? 'retired' : 'employed';
}

export interface ContributionInput {
  month: string;
  paidOn: string;
  monthlyWage?: number;
  amount?: number;
  base?: number;
}

export interface ContributionView {
  month: string;
  paidOn: string;
  mode: 'computed' | 'recorded';
  backPayment: boolean;
  monthlyWage: number | null;
  base: number | null;
  employer: number;
  person: number;
  amount: number;
  accountCredit: number;
  /** Why there is no credit, where there is none (e.g. the resident scheme has no personal account). */
  accountNote?: string;
  contribution: ContributionResult | null;
  account: AccountResult | null;
}

async function employerType(db: Db, member: MemberRow): Promise<'public_funded' | 'other'> {
  if (member.employer_id === null) return 'other';
  const e = await db.selectFrom('employers').select('type').where('id', '=', member.employer_id).executeTakeFirst();
  return e?.type === 'public_funded' ? 'public_funded' : 'other';
}

/**
 * One month's contribution: computed by the engine from the wage (or recorded as paid), with its
 * personal-account credit from the engine's `account` (employee scheme). Posts
 * `contributor:*` → `fund:pooled` (and 绥化's 大额 premium → `fund:large_expense`), then the credit
 * `fund:pooled` → `personal_account`. A month already recorded is 409.
 */
export async function recordContribution(
  tx: Transaction<Database>,
  policies: PolicySet,
  member: MemberRow,
  input: ContributionInput,
  actor: string,
): Promise<ContributionView> {
  const prior = await tx.selectFrom('contributions').select('paid_on').where('member_id', '=', member.id).where('month', '=', input.month).executeTakeFirst();
  if (prior) throw conflict(`the contribution of ${input.month} is already recorded (paid on ${prior.paid_on})`, 'month');
  if (input.month < member.enrolled_on.slice(0, 7)) throw invalid(`month: ${input.month} is before the enrolment (${member.enrolled_on})`, 'month');
  const year = Number(input.month.slice(0, 4));
  const context = await regionContext(tx, member.region, year);
  // The type and employer in force in that month (a month recorded after a change keeps its own).
  const asOf = memberOn(member, await changesOf(tx, member.id), `${input.month}-01`);
  let contribution: ContributionResult | null = null;
  const lines: JournalLine[] = [];
  let employerShare = 0;
  let personShare = 0;
  let base: number | undefined = input.base;
  if (input.monthlyWage !== undefined) {
    if (member.scheme === 'resident') {
      throw invalid("monthlyWage: the resident scheme's contribution is a yearly standard by category, not wage-based: record it with amount", 'monthlyWage');
    }
    const request = {
      region: member.region,
      month: input.month,
      person: { type: engineType(asOf), monthlyWage: input.monthlyWage, employer: { type: await employerType(tx, asOf), hardship: false } },
      context: context.averageWage ? { averageWage: context.averageWage } : {},
    };
    let c: ContributionResult;
    try {
      c = contributionWith(policies, request, { explain: true }) as ContributionResult;
    } catch (e) {
      throw e instanceof YibaoError ? rePath(e, { 'person.monthlyWage': 'monthlyWage', month: 'month' }) : e;
    }
    contribution = c;
    base = c.base;
    employerShare = fenFromYuan(c.employer);
    personShare = fenFromYuan(c.employee) + fenFromYuan(c.unemploymentFund);
    lines.push(
      { account: 'contributor:employer', debit: fenFromYuan(c.employer), credit: 0 },
      { account: 'contributor:person', debit: fenFromYuan(c.employee), credit: 0 },
      { account: 'contributor:unemployment_fund', debit: fenFromYuan(c.unemploymentFund), credit: 0 },
      { account: 'fund:pooled', debit: 0, credit: employerShare + personShare },
    );
    if (c.largeExpense) {
      lines.push(
        { account: 'contributor:employer', debit: fenFromYuan(c.largeExpense.employer), credit: 0 },
        { account: 'contributor:person', debit: fenFromYuan(c.largeExpense.person), credit: 0 },
        { account: 'fund:large_expense', debit: 0, credit: fenFromYuan(c.largeExpense.employer) + fenFromYuan(c.largeExpense.person) },
      );
    }
  } else {
    personShare = fenFromYuan(input.amount ?? 0);
    lines.push({ account: 'contributor', debit: personShare, credit: 0 }, { account: 'fund:pooled', debit: 0, credit: personShare });
  }
  await postEntry(tx, member.id, 'contribution', null, lines);

  // The personal-account credit of the month (employee scheme only).
  let account: AccountResult | null = null;
  let credit = 0;
  let accountNote: string | undefined;
  if (member.scheme !== 'employee') {
    accountNote = 'the resident scheme has no personal account';
  } else {
    const status = statusIn(member, `${input.month}-01`);
    const request = {
      region: member.region,
      month: input.month,
      person: {
        status,
        type: engineType(asOf),
        ...(base !== undefined ? { base } : {}),
        ...(status === 'retired' && member.retired_on ? { retiredOn: member.retired_on } : {}),
      },
      context: context.averagePension ? { averagePension: context.averagePension } : {},
    };
    if (input.monthlyWage === undefined && base === undefined) {
      // A payment recorded without its base (e.g. history imported with an opening balance): no credit.
      accountNote = 'recorded without a base: no personal-account credit posted';
    } else {
      try {
        account = accountWith(policies, request, { explain: true });
        credit = fenFromYuan(account.credit);
      } catch (e) {
        if (!(e instanceof YibaoError)) throw e;
        if (e.code === 'unsupported' && e.path === 'region') accountNote = e.message;
        else throw rePath(e, { month: 'month', 'person.base': 'base' });
      }
    }
  }
  if (credit !== 0) {
    await postEntry(tx, member.id, 'account_credit', null, [
      { account: 'fund:pooled', debit: credit, credit: 0 },
      { account: 'personal_account', debit: 0, credit: credit },
    ]);
    await tx.updateTable('members').set({ account_balance: fenOf(member.account_balance) + credit }).where('id', '=', member.id).execute();
    member.account_balance = fenOf(member.account_balance) + credit;
  }
  const amount = employerShare + personShare;
  await tx
    .insertInto('contributions')
    .values({
      member_id: member.id,
      month: input.month,
      paid_on: input.paidOn,
      mode: input.monthlyWage !== undefined ? 'computed' : 'recorded',
      monthly_wage: input.monthlyWage !== undefined ? fenFromYuan(input.monthlyWage) : null,
      base: base !== undefined ? fenFromYuan(base) : null,
      employer_share: employerShare,
      person_share: personShare,
      amount,
      account_credit: credit,
      result: JSON.stringify({ contribution, account }),
    })
    .execute();
  await audit(tx, actor, 'contribution.create', `member:${member.id}`, { month: input.month, paidOn: input.paidOn, amount, accountCredit: credit });
  return {
    month: input.month,
    paidOn: input.paidOn,
    mode: input.monthlyWage !== undefined ? 'computed' : 'recorded',
    backPayment: input.paidOn.slice(0, 7) > input.month,
    monthlyWage: input.monthlyWage ?? null,
    base: base ?? null,
    employer: yuanFromFen(employerShare),
    person: yuanFromFen(personShare),
    amount: yuanFromFen(amount),
    accountCredit: yuanFromFen(credit),
    ...(accountNote ? { accountNote } : {}),
    contribution,
    account,
  };
}

export interface Coverage {
  date: string;
  covered: boolean;
  covers?: string[];
  reason: string;
  /** The article the answer rests on; null where the service decides (before enrolment, residents, retirees). */
  source: string | null;
}

/**
 * Coverage on each date from the stored history. The employee scheme's working members: the
 * engine's eligibility over the contributions on record. Before enrolment: not covered. The
 * resident scheme and retired members: covered while enrolled (the engine has no eligibility
 * rules for residents; retirees contribute no more), said so with no article.
 */
export async function coverageOn(db: Db, policies: PolicySet, member: MemberRow, dates: readonly string[]): Promise<Coverage[]> {
  const needsHistory = dates.some((date) => coverageByRecord(member, date) === undefined);
  const history = needsHistory ? await db.selectFrom('contributions').select(['month', 'paid_on']).where('member_id', '=', member.id).orderBy('month').execute() : [];
  return coverageFrom(policies, member, dates, history, needsHistory ? await changesOf(db, member.id) : []);
}

/** Coverage decided by the member record alone (before enrolment, after its end, residents, retirees); undefined: the engine decides. */
function coverageByRecord(member: MemberRow, date: string): Coverage | undefined {
  if (date < member.enrolled_on) return { date, covered: false, reason: `参保登记（${member.enrolled_on}）之前`, source: null };
  if (member.ended_on !== null && date >= member.ended_on) return { date, covered: false, reason: `参保关系自 ${member.ended_on} 终止（${member.end_reason === 'death' ? '死亡' : '终止参保'}）`, source: null };
  if (member.scheme === 'resident') return { date, covered: true, reason: '城乡居民医保：参保登记在册（引擎的待遇资格规则只及职工医保，服务按登记判断）', source: null };
  if (statusIn(member, date) === 'retired') return { date, covered: true, reason: '退休人员：不再缴费，按退休人员享受待遇（服务按在册的退休状态判断）', source: null };
  return undefined;
}

/** The months on record, as coverage reads them. */
export interface ContributionMonth {
  month: string;
  paid_on: string;
}

/** coverageOn over a history already read (the contributions in month order). */
export function coverageFrom(policies: PolicySet, member: MemberRow, dates: readonly string[], history: readonly ContributionMonth[], changes: readonly MemberChange[] = []): Coverage[] {
  return dates.map((date) => {
    const known = coverageByRecord(member, date);
    if (known) return known;
    // The type in force that day (employee or flexible: their waiting rules differ).
    const asOf = memberOn(member, changes, date);
    const enrolment = member.enrolment ?? { kind: asOf.type === 'flexible' ? 'flexible_first' : 'joined_employer' };
    const request = { region: member.region, person: { type: engineType(asOf) }, enrolment, history: history.map((h) => ({ month: h.month, paidOn: h.paid_on })), dates: [date] };
    try {
      const r = eligibilityWith(policies, request, { explain: false }).results[0]!;
      return { date: r.date, covered: r.covered, ...(r.covers ? { covers: r.covers } : {}), reason: r.reason, source: r.source };
    } catch (e) {
      // No eligibility rules in the texts in force that day: covered while enrolled, said so.
      if (!(e instanceof YibaoError) || !(e.code === 'policy_not_in_force' || (e.code === 'unsupported' && e.path === 'region'))) throw e;
      return { date, covered: true, reason: `参保登记在册；当日施行的文件未定待遇资格规则，服务按登记判断（${e.message}）`, source: null };
    }
  });
}

/** The day a claim's care began (admission) or took place (visit), with its field. */
export function careDate(claim: Record<string, unknown>): { date: string; field: string } | undefined {
  const admission = claim['admissionDate'];
  if (typeof admission === 'string') return { date: admission, field: 'claim.admissionDate' };
  const visit = claim['visitDate'];
  if (typeof visit === 'string') return { date: visit, field: 'claim.visitDate' };
  return undefined;
}

/** 422 not_covered unless the member is covered for this claim on its date (over the contributions on record). */
export function requireCovered(policies: PolicySet, member: MemberRow, claim: Record<string, unknown>, history: readonly ContributionMonth[], changes: readonly MemberChange[] = []): void {
  const when = careDate(claim);
  if (!when || !/^\d{4}-\d{2}-\d{2}$/.test(when.date)) return; // the engine refuses the claim with its path
  let coverage: Coverage;
  try {
    [coverage] = coverageFrom(policies, member, [when.date], history, changes) as [Coverage];
  } catch (e) {
    if (e instanceof YibaoError) throw new HttpError(422, 'not_covered', `coverage on ${when.date} cannot be decided: ${e.message}`, when.field, e.path);
    throw e;
  }
  const type = typeof claim['type'] === 'string' ? claim['type'] : '';
  const limited = coverage.covered && coverage.covers !== undefined && !coverage.covers.includes(type);
  if (!coverage.covered || limited) {
    const why = limited ? `${coverage.reason}；only ${coverage.covers!.join(', ')} care is covered on that date` : coverage.reason;
    throw new HttpError(422, 'not_covered', `the member is not covered on ${when.date}: ${why}${coverage.source ? ` (${coverage.source})` : ''}`, when.field, coverage.source ?? undefined);
  }
}

/** Registration rules the texts give: a temporary one's validity, a long-term one's six-month lock. */
export const REGISTRATION_RULES: Record<string, { temporaryYears?: { source: string }; longTermLock?: { months: number; source: string } }> = {
  cangzhou: {
    temporaryYears: { source: '沧政规〔2024〕1号 第九十四条（二）4' },
    longTermLock: { months: 6, source: '沧政规〔2024〕1号 第九十四条（二）3' },
  },
  langfang: {
    temporaryYears: { source: '廊坊市职工基本医疗保险实施办法（征求意见稿） 第六十七条' },
    longTermLock: { months: 6, source: '廊坊市职工基本医疗保险实施办法（征求意见稿） 第六十九条' },
  },
};

function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const target = new Date(Date.UTC(y + Math.floor(m / 12), ((m % 12) + 12) % 12, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

export function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export interface RegistrationInput {
  kind: 'temporary' | 'long_term' | 'referral';
  place: 'in_province' | 'jingjin' | 'cross_province' | 'local';
  destination: string;
  validFrom: string;
  validUntil?: string;
}

export interface RegistrationView {
  id: string;
  kind: string;
  place: string;
  destination: string;
  validFrom: string;
  validUntil: string | null;
  source: string | null;
}

export function registrationView(r: Selectable<RegistrationsTable>): Omit<RegistrationView, 'source'> {
  return { id: r.id, kind: r.kind, place: r.place, destination: r.destination, validFrom: r.valid_from, validUntil: r.valid_until };
}

/**
 * 异地就医备案: a temporary one lasts a year where the text says so (its last day the day before
 * the anniversary); a long-term one cannot be followed by another long-term one within six months
 * (沧州 第九十四条（二）3, 廊坊 第六十九条): 409 with the article. A new long-term registration ends
 * the one before it the day before it starts.
 */
export async function addRegistration(tx: Transaction<Database>, member: MemberRow, input: RegistrationInput, actor: string): Promise<RegistrationView> {
  const rules = REGISTRATION_RULES[member.region] ?? {};
  let validUntil = input.validUntil ?? null;
  let source: string | null = null;
  if (input.kind === 'temporary') {
    if (rules.temporaryYears) {
      const end = dayBefore(addMonths(input.validFrom, 12));
      if (validUntil !== null && validUntil > end) throw invalid(`validUntil: a temporary registration lasts one year, to ${end} at most (${rules.temporaryYears.source})`, 'validUntil');
      validUntil ??= end;
      source = rules.temporaryYears.source;
    } else if (validUntil === null) {
      throw invalid('validUntil: the texts of this region give a temporary registration no validity; give its last day', 'validUntil');
    }
  }
  if (validUntil !== null && validUntil < input.validFrom) throw invalid('validUntil: is before validFrom', 'validUntil');
  if (input.kind === 'long_term') {
    const last = await tx
      .selectFrom('registrations')
      .selectAll()
      .where('member_id', '=', member.id)
      .where('kind', '=', 'long_term')
      .orderBy('valid_from', 'desc')
      .executeTakeFirst();
    if (last) {
      const lock = rules.longTermLock;
      if (lock && input.validFrom < addMonths(last.valid_from, lock.months)) {
        throw new HttpError(
          409,
          'conflict',
          `a long-term registration (from ${last.valid_from}) cannot change within ${lock.months} months: not before ${addMonths(last.valid_from, lock.months)} (${lock.source}); register a temporary one instead`,
          'validFrom',
          lock.source,
        );
      }
      if (input.validFrom <= last.valid_from) throw conflict(`validFrom: a long-term registration from ${last.valid_from} is on record; a new one starts after it`, 'validFrom');
      if (last.valid_until === null || last.valid_until >= input.validFrom) {
        await tx.updateTable('registrations').set({ valid_until: dayBefore(input.validFrom) }).where('member_id', '=', member.id).where('id', '=', last.id).execute();
      }
      source = lock?.source ?? null;
    }
  }
  const id = randomUUID();
  await tx
    .insertInto('registrations')
    .values({ member_id: member.id, id, kind: input.kind, place: input.place, destination: input.destination, valid_from: input.validFrom, valid_until: validUntil })
    .execute();
  await audit(tx, actor, 'registration.create', `member:${member.id}`, { id, ...input, validUntil });
  return { id, kind: input.kind, place: input.place, destination: input.destination, validFrom: input.validFrom, validUntil, source };
}

/**
 * The registration the engine reads for a claim: the one in force on the claim's date (the latest
 * begun) whose place is the claim's, or a long-term one for care back home (`local`, 沧州
 * 第九十四条（六）); `none` without one. The request's own `registration` is replaced, except
 * `emergency` (a circumstance of the care, not a filing) where no registration applies.
 */
export function registrationFrom(rows: readonly RegistrationRow[], claim: Record<string, unknown>): string {
  const when = careDate(claim);
  const place = typeof claim['place'] === 'string' ? claim['place'] : 'local';
  if (when) {
    const inForce = rows
      .filter((r) => r.valid_from <= when.date && (r.valid_until === null || r.valid_until >= when.date))
      .sort((x, y) => (x.valid_from < y.valid_from ? 1 : x.valid_from > y.valid_from ? -1 : 0));
    const hit = inForce.find((r) => r.place === place || (r.kind === 'long_term' && place === 'local'));
    if (hit) return hit.kind;
  }
  return claim['registration'] === 'emergency' ? 'emergency' : 'none';
}

/** What registrationFrom reads of a registration. */
export type RegistrationRow = Pick<Selectable<RegistrationsTable>, 'kind' | 'place' | 'valid_from' | 'valid_until'>;

export interface RecognitionInput {
  category: 'chronic' | 'special';
  name: string;
  class?: 1 | 2 | 3;
  recognizedOn: string;
}

export async function addRecognition(tx: Transaction<Database>, member: MemberRow, input: RecognitionInput, actor: string): Promise<RecognitionInput & { id: string }> {
  const same = await tx
    .selectFrom('recognitions')
    .select('id')
    .where('member_id', '=', member.id)
    .where('category', '=', input.category)
    .where('name', '=', input.name)
    .executeTakeFirst();
  if (same) throw conflict(`${input.name} is already recognised for this member (${same.id})`, 'name');
  if (input.recognizedOn < member.birth_date) throw invalid('recognizedOn: is before birthDate', 'recognizedOn');
  const id = randomUUID();
  await tx
    .insertInto('recognitions')
    .values({ member_id: member.id, id, category: input.category, name: input.name, class: input.class ?? null, recognized_on: input.recognizedOn })
    .execute();
  await audit(tx, actor, 'recognition.create', `member:${member.id}`, { id, ...input });
  return { id, ...input };
}

/** What diseasesFrom reads of a recognition. */
export type RecognitionRow = Pick<Selectable<RecognitionsTable>, 'category' | 'name' | 'class' | 'recognized_on'>;

/** The person's recognised diseases as the engine's `chronicDiseases` / `specialDiseases`, in the rows' order (the store reads them by recognition date, then name). */
export function diseasesFrom(rows: readonly RecognitionRow[]): { chronicDiseases: unknown[]; specialDiseases: unknown[] } {
  const of = (category: string) =>
    rows.filter((r) => r.category === category).map((r) => ({ name: r.name, recognizedOn: r.recognized_on, ...(r.class !== null ? { class: r.class } : {}) }));
  return { chronicDiseases: of('chronic'), specialDiseases: of('special') };
}

export interface ChangeInput {
  kind: 'retire' | 'death' | 'terminate' | 'employer' | 'type';
  on: string;
  /** employer: the new employer; type: the employer of a member becoming an employee. */
  employerId?: string;
  /** type: the new type. */
  type?: 'employee' | 'flexible';
}

/**
 * A change of the member from a date: `retire` (在职转退休: status retired, retiredOn — the
 * engine reads when benefits and credits change from it), `death` or `terminate` (the enrolment
 * ends that day: not covered from it, no further settlement; the person may enrol again).
 */
export async function changeMember(tx: Transaction<Database>, member: MemberRow, input: ChangeInput, actor: string): Promise<void> {
  if (!member.active) throw conflict(`member ${member.id} is no longer enrolled (ended ${member.ended_on ?? ''})`, 'kind');
  if (input.on < member.enrolled_on) throw invalid(`on: is before the enrolment (${member.enrolled_on})`, 'on');
  if (input.kind === 'retire') {
    if (member.scheme !== 'employee') throw invalid('kind: only a member of the employee scheme retires', 'kind');
    if (member.status === 'retired') throw conflict(`member ${member.id} is already retired${member.retired_on ? ` (${member.retired_on})` : ''}`, 'kind');
    await tx.updateTable('members').set({ status: 'retired', retired_on: input.on }).where('id', '=', member.id).execute();
  } else if (input.kind === 'employer' || input.kind === 'type') {
    if (member.scheme !== 'employee') throw invalid('kind: only a member of the employee scheme changes type or employer', 'kind');
    // 变更单位 (employer), or employee ↔ flexible (type): to an employee, with an employer.
    const toType = input.kind === 'type' ? input.type! : member.type;
    if (input.kind === 'employer' && member.type !== 'employee') throw invalid('kind: only an employee has an employer (a flexible worker changes type first)', 'kind');
    if (input.kind === 'type' && toType === member.type) throw conflict(`member ${member.id} is already of type ${toType}`, 'type');
    if (input.kind === 'employer' && input.employerId === member.employer_id) throw conflict(`member ${member.id} is already with employer ${input.employerId}`, 'employerId');
    let toEmployer: string | null = null;
    if (toType === 'employee') {
      if (input.employerId === undefined) throw invalid('employerId: required when the member becomes an employee', 'employerId');
      const employer = await tx.selectFrom('employers').select(['region', 'status']).where('id', '=', input.employerId).executeTakeFirst();
      if (!employer) throw invalid(`employerId: no employer ${input.employerId}`, 'employerId');
      if (employer.region !== member.region) throw invalid(`employerId: the employer is in ${employer.region}, not ${member.region}`, 'employerId');
      if (employer.status !== 'active') throw conflict(`employerId: employer ${input.employerId} is ${employer.status}`, 'employerId');
      toEmployer = input.employerId;
    } else if (input.employerId !== undefined) throw invalid('employerId: a flexible worker has no employer', 'employerId');
    const done = await recordChange(tx, member, { kind: input.kind, on: input.on, toType, toEmployerId: toEmployer });
    if (!done.ok) throw conflict(`on: ${input.on} is before the member's latest change (${done.latest}); changes are recorded in date order`, 'on');
  } else {
    await tx.updateTable('members').set({ active: false, ended_on: input.on, end_reason: input.kind }).where('id', '=', member.id).execute();
  }
  await audit(tx, actor, `member.${input.kind}`, `member:${member.id}`, input);
}
