/**
 * Stage 6, the personal account (个人账户): the person's share is paid from the account first, up to
 * its balance, at designated institutions only (定点医药机构).
 */
import { YibaoError } from '../errors.js';
import { formatYuan, type Fen } from '../money.js';
import type { ClaimContext } from './claim-context.js';

/** What the account pays of `psnPart`; lowers the balance. */
export function payFromAccount(ctx: ClaimContext, account: { balance: Fen | undefined }, psnPart: Fen): Fen {
  const { policy, person, view, notPaid, ex } = ctx;
  if (account.balance === undefined || notPaid) return 0;
  if (!('personalAccount' in policy) || policy.personalAccount === undefined) {
    throw new YibaoError('unsupported', `person.accountBalance: the ${view.scheme} scheme of ${view.region.name} has no personal account`, 'person.accountBalance');
  }
  const pa = policy.personalAccount;
  if (person.enrolment === 'pool_only') throw new YibaoError('invalid_input', 'person.accountBalance: pool-only enrolees (单建统筹) have no personal account', 'person.accountBalance');
  const acct = Math.min(account.balance, psnPart);
  const before = account.balance;
  account.balance -= acct;
  if (ex.enabled) ex.add('acct', `个人负担部分优先由个人账户支付：余额 ${formatYuan(before)} 元，支付 ${formatYuan(acct)} 元，余额 ${formatYuan(before - acct)} 元`, acct, pa.source);
  return acct;
}
