/**
 * The personal account (个人账户) beyond settlements: paying a family member's costs from it, and
 * paying out its balance when the member leaves (transfer out, death, termination). The texts
 * that allow each, per region, are below with their articles; where a region's text is silent
 * the service refuses (422 `unsupported`), naming what the text does not say.
 */
import { randomUUID } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import { fenOf, type Database, type MembersTable } from '../store/schema.js';
import { conflict, HttpError, invalid } from './errors.js';
import { audit, fenFromYuan, postEntry, yuanFromFen } from './membership.js';

type MemberRow = Selectable<MembersTable>;

/** 家庭成员: the texts name the spouse, parents and children (配偶、父母、子女). */
export type Relation = 'spouse' | 'parent' | 'child';
/** What a family payment is for: care at a designated institution, a designated pharmacy, or the family member's resident-scheme contribution. */
export type FamilyUse = 'care' | 'pharmacy' | 'contribution';
export type WithdrawalReason = 'transfer_out' | 'death' | 'termination';

interface Rule {
  source: string;
}
export interface AccountRules {
  /** Payments for family members (spouse, parents, children). */
  family?: Rule & { uses: readonly FamilyUse[] };
  /** Leaving the pooling region: the balance moves with the enrolment (`transfer`) or, where the text allows, is paid to the member (`lump_sum`). */
  transferOut?: Rule & { modes: readonly ('transfer' | 'lump_sum')[] };
  /** On death: the balance to the heirs or beneficiaries; `noHeirs`: where it goes without them, if the text says. */
  death?: Rule & { noHeirs?: Rule };
  /** Termination or giving up the enrolment otherwise: paid to the member. */
  termination?: Rule;
}

const CANGZHOU = '沧政规〔2024〕1号';
const LANGFANG = '廊坊市职工基本医疗保险实施办法（征求意见稿）';
const ZIYANG = '资府办规〔2022〕7号';

/**
 * Each region's account rules. 绥化's text says how the account is credited (第二十条) but not
 * how it may be used for others or paid out: no rules, so the service refuses there.
 */
export const ACCOUNT_RULES: Record<string, AccountRules> = {
  cangzhou: {
    family: { uses: ['care', 'pharmacy', 'contribution'], source: `${CANGZHOU} 第五十九条（二）（三）（四）` },
    transferOut: { modes: ['transfer', 'lump_sum'], source: `${CANGZHOU} 第六十二条` },
    // 第六十三条: death or any end of the enrolment — a lump sum on application. It does not say
    // where the balance goes without heirs: refused (noHeirs absent).
    death: { source: `${CANGZHOU} 第六十三条` },
    termination: { source: `${CANGZHOU} 第六十三条` },
  },
  langfang: {
    family: { uses: ['care', 'pharmacy', 'contribution'], source: `${LANGFANG} 第四十条（二）（三）（四）` },
    transferOut: { modes: ['transfer', 'lump_sum'], source: `${LANGFANG} 第四十三条` },
    death: { source: `${LANGFANG} 第四十四条`, noHeirs: { source: `${LANGFANG} 第四十四条` } },
    // No article pays out the account on an end of enrolment other than death or a transfer.
  },
  ziyang: {
    family: { uses: ['care', 'pharmacy', 'contribution'], source: `${ZIYANG} 第十一条（一）` },
    // 第十一条（一）2: the account moves with the enrolment (随同转移); no lump sum to the member.
    transferOut: { modes: ['transfer'], source: `${ZIYANG} 第十一条（一）2` },
    death: { source: `${ZIYANG} 第十一条（一）3`, noHeirs: { source: `${ZIYANG} 第十一条（一）3` } },
  },
};

/** 422 unsupported: what the texts do not provide, with the article where one bears on it. */
function unsupported(message: string, path: string, article?: string): HttpError {
  return new HttpError(422, 'unsupported', message, path, article);
}

function rulesOf(member: MemberRow): AccountRules {
  if (member.scheme !== 'employee') throw unsupported('the resident scheme has no personal account (个人账户)', 'memberId');
  return ACCOUNT_RULES[member.region] ?? {};
}

export interface FamilyPaymentInput {
  on: string;
  /** Yuan. */
  amount: number;
  use: FamilyUse;
  beneficiary: { name: string; relation: Relation };
  /** The designated institution or pharmacy paid (care, pharmacy). */
  institution?: string;
}

export interface AccountMovement {
  id: string;
  memberId: string;
  kind: 'family_payment' | 'withdrawal';
  on: string;
  amount: number;
  balance: number;
  /** Where the money went: the journal account credited. */
  to: string;
  source: string;
}

/** The account's balance as the member row keeps it (equal to the journal's, kept in the same transactions). */
function balanceOf(member: MemberRow): number {
  return fenOf(member.account_balance);
}

/**
 * 家庭成员共济: a payment from the member's account for a spouse, parent or child, within the
 * balance. Journal: `personal_account` → the institution paid (care, pharmacy) or
 * `contribution:family` (the family member's resident-scheme contribution).
 */
export async function payForFamily(tx: Transaction<Database>, member: MemberRow, input: FamilyPaymentInput, actor: string): Promise<AccountMovement> {
  const rule = rulesOf(member).family;
  if (!rule) throw unsupported(`the ${member.region} text gives no rule for paying a family member's costs from the personal account`, 'use');
  if (!rule.uses.includes(input.use)) throw unsupported(`${input.use}: not among the uses the text allows (${rule.source})`, 'use', rule.source);
  if (!member.active) throw conflict(`member ${member.id} is no longer enrolled (ended ${member.ended_on ?? ''})`, 'memberId');
  if (input.on < member.enrolled_on) throw invalid(`on: is before the enrolment (${member.enrolled_on})`, 'on');
  if (input.use !== 'contribution' && input.institution === undefined) throw invalid('institution: the designated institution or pharmacy paid is required for care and pharmacy payments', 'institution');
  const fen = fenFromYuan(input.amount);
  if (fen <= 0) throw invalid('amount: must be more than 0', 'amount');
  const balance = balanceOf(member);
  if (fen > balance) throw conflict(`amount: ${yuanFromFen(fen)} is more than the account's balance ${yuanFromFen(balance)}`, 'amount');
  const id = randomUUID();
  const to = input.use === 'contribution' ? 'contribution:family' : 'institution';
  await tx.updateTable('members').set({ account_balance: balance - fen }).where('id', '=', member.id).execute();
  await postEntry(
    tx,
    member.id,
    'family_payment',
    null,
    [
      { account: 'personal_account', debit: fen, credit: 0 },
      { account: to, debit: 0, credit: fen },
    ],
    input.use === 'contribution' ? null : (input.institution ?? null),
  );
  await audit(tx, actor, 'account.family_payment', `member:${member.id}`, { id, ...input });
  return { id, memberId: member.id, kind: 'family_payment', on: input.on, amount: yuanFromFen(fen), balance: yuanFromFen(balance - fen), to, source: rule.source };
}

export interface WithdrawalInput {
  reason: WithdrawalReason;
  on: string;
  /** transfer_out: `transfer` (with the enrolment) or `lump_sum` (to the member). */
  mode?: 'transfer' | 'lump_sum';
  /** death: whether there are heirs or named beneficiaries (法定继承人或指定受益人); default true. */
  heirs?: boolean;
}

/**
 * The whole balance out, once the enrolment has ended: moved with a transfer
 * (`account_transfer_out`), paid to the member (`payee:member`) or to the heirs
 * (`payee:heirs`), or, after a death without heirs where the text says so, into the pooled
 * fund (`fund:pooled`). The enrolment must have ended (POST /v1/members/{id}/changes): by
 * death for `death`, by termination for the others.
 */
export async function withdrawBalance(tx: Transaction<Database>, member: MemberRow, input: WithdrawalInput, actor: string): Promise<AccountMovement> {
  const rules = rulesOf(member);
  const ended = member.end_reason === 'death' ? 'death' : member.end_reason === 'terminate' ? 'terminate' : undefined;
  const needed = input.reason === 'death' ? 'death' : 'terminate';
  if (member.active || ended !== needed) {
    throw conflict(`the enrolment must first end by ${needed === 'death' ? 'death' : 'termination'} (POST /v1/members/${member.id}/changes)`, 'reason');
  }
  if (input.on < (member.ended_on ?? '')) throw invalid(`on: is before the end of the enrolment (${member.ended_on ?? ''})`, 'on');
  let to: string;
  let source: string;
  if (input.reason === 'transfer_out') {
    const rule = rules.transferOut;
    if (!rule) throw unsupported(`the ${member.region} text gives no rule for the account of a member who transfers out`, 'reason');
    const mode = input.mode ?? 'transfer';
    if (!rule.modes.includes(mode)) throw unsupported(`mode: ${mode} is not what the text allows (${rule.modes.join(', ')}; ${rule.source})`, 'mode', rule.source);
    to = mode === 'transfer' ? 'account_transfer_out' : 'payee:member';
    source = rule.source;
  } else if (input.reason === 'death') {
    const rule = rules.death;
    if (!rule) throw unsupported(`the ${member.region} text gives no rule for the account on a member's death`, 'reason');
    if (input.heirs === false) {
      if (!rule.noHeirs) throw unsupported(`the text (${rule.source}) does not say where the balance goes without heirs or beneficiaries`, 'heirs', rule.source);
      to = 'fund:pooled';
      source = rule.noHeirs.source;
    } else {
      to = 'payee:heirs';
      source = rule.source;
    }
  } else {
    const rule = rules.termination;
    if (!rule) throw unsupported(`the ${member.region} text gives no rule for paying out the account when the enrolment ends other than by death or transfer`, 'reason');
    to = 'payee:member';
    source = rule.source;
  }
  const balance = balanceOf(member);
  if (balance <= 0) throw conflict(`the account's balance is ${yuanFromFen(balance)}: nothing to pay out`, 'reason');
  const id = randomUUID();
  await tx.updateTable('members').set({ account_balance: 0 }).where('id', '=', member.id).execute();
  await postEntry(tx, member.id, 'withdrawal', null, [
    { account: 'personal_account', debit: balance, credit: 0 },
    { account: to, debit: 0, credit: balance },
  ]);
  await audit(tx, actor, 'account.withdrawal', `member:${member.id}`, { id, ...input });
  return { id, memberId: member.id, kind: 'withdrawal', on: input.on, amount: yuanFromFen(balance), balance: 0, to, source };
}
