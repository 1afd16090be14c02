/**
 * yibao account: the personal-account credit (个人账户划入) for one month — 2% of
 * the contribution base for the employed where the region says so, a share of an
 * average pension (from context) or a fixed amount for retirees. A change of
 * status takes effect from the month after it.
 */
import { z } from 'zod';
import { atDate, fromContext, parseRequest, requireRule } from './command.js';
import { Month, PersonType } from './contribution.js';
import { YibaoError } from '../errors.js';
import { applyRate, fenToYuan, formatPercent, formatYuan, type Fen } from '../money.js';
import { MemberDate, ownKeyRecord, PensionKey } from '../../policy/membership-schema.js';
import { RegionId, Status } from '../../policy/schema.js';
import { fen, YuanIn } from '../settlement/request.js';
import type { PolicySet } from '../../policy/scheme-view.js';
import type { Step } from '../steps.js';

export const AccountRequestIn = z
  .object({
    region: RegionId,
    month: Month,
    person: z
      .object({
        status: Status.default('employed'),
        type: PersonType.default('employee'),
        base: YuanIn.optional(),
        retiredOn: MemberDate.optional(),
        /** Needed only where the region's average pension differs by category (not 资阳). */
        retireeCategory: z.enum(['public', 'enterprise', 'bankrupt_enterprise']).optional(),
        enrolment: z.enum(['combined', 'pool_only']).default('combined'),
      })
      .strict(),
    context: z.object({ averagePension: ownKeyRecord(PensionKey, YuanIn).optional() }).strict().default({}),
  })
  .strict();

export interface AccountResult {
  region: string;
  month: string;
  /** The status the month is credited under (a change counts from the next month). */
  status: 'employed' | 'retired';
  credit: number;
  steps: Step[];
}

const CATEGORY_NAMES = { public: '机关事业单位退休人员', enterprise: '企业退休人员', bankrupt_enterprise: '关闭破产企业退休人员' } as const;

export function account(policies: PolicySet, input: unknown, options: { explain?: boolean } = {}): AccountResult {
  const r = parseRequest(AccountRequestIn, input);
  return atDate(policies, r.region, 'employee', `${r.month}-01`, 'month', options.explain ?? true, (c) => {
    const { person } = r;
    const { ex } = c;
    const credits = requireRule(c.policy.accountCredit, `${c.regionName}: the texts set no personal-account credits`, 'region');

    // A change of status takes effect from the month after it (在职转退休，次月起).
    let status = person.status;
    if (status === 'retired' && person.retiredOn !== undefined && person.retiredOn.slice(0, 7) >= r.month) {
      const change = requireRule(credits.statusChange, `${c.regionName}: the texts say nothing of when a status change takes effect`, 'person.retiredOn');
      status = 'employed';
      ex.add('account.statusChange', `${person.retiredOn} 转为退休，次月起变更个人账户划入；${r.month} 仍按在职划入`, null, change.source);
    }

    let credit: Fen;
    if (status === 'employed') {
      const employed = requireRule(credits.employed, `${c.regionName}: the texts set no credit for the employed`, 'person.status');
      const share = person.enrolment === 'pool_only' ? employed.value.poolOnly : employed.value[person.type];
      if (share === undefined) {
        throw new YibaoError('unsupported', `${c.regionName}: the texts set no personal-account credit for this person (${employed.source})`, person.enrolment === 'pool_only' ? 'person.enrolment' : 'person.type');
      }
      if (share === 0) {
        credit = 0;
        ex.add('account.none', person.enrolment === 'pool_only' ? '单建统筹参保人员不建立个人账户' : `${person.type === 'flexible' ? '灵活就业人员' : ''}在职期间不建立个人账户、不划入`, 0, employed.source);
      } else {
        if (person.base === undefined) throw new YibaoError('invalid_input', 'person.base is required: the credit is a share of the contribution base', 'person.base');
        const base = fen(person.base);
        credit = applyRate(base, share);
        ex.add('account.employed', () => `在职人员按本人缴费基数 ${formatYuan(base)} × ${formatPercent(share)} = ${formatYuan(credit)} 元划入`, credit, employed.source);
      }
    } else {
      const retired = requireRule(credits.retired, `${c.regionName}: the texts set no retiree credit`, 'person.status');
      const rule = retired.value;
      if (person.enrolment === 'pool_only') {
        const employed = requireRule(credits.employed, `${c.regionName}: the texts set no credit rules`, 'person.enrolment');
        if (employed.value.poolOnly !== 0) throw new YibaoError('unsupported', `${c.regionName}: pool-only enrolment is not defined here`, 'person.enrolment');
        ex.add('account.none', '单建统筹参保人员不建立个人账户', 0, employed.source);
        credit = 0;
      } else if (rule.kind === 'pension_share') {
        const averages = rule.averages;
        const category = person.retireeCategory;
        let key: PensionKey;
        if (typeof averages === 'string') key = averages; // one average for every retiree (资阳 第十条): no category needed
        else {
          if (!category) throw new YibaoError('invalid_input', 'person.retireeCategory is required: the credit follows the average pension of the retiree’s category', 'person.retireeCategory');
          key = averages[category];
        }
        const average = fen(fromContext(r.context.averagePension?.[key], `context.averagePension.${key}`, `the retiree credit is ${formatPercent(rule.share)} of an average basic pension the texts do not give`));
        credit = applyRate(average, rule.share);
        const who = typeof averages === 'string' ? '退休人员' : CATEGORY_NAMES[category!];
        ex.add('account.retired', () => `${who}按平均基本养老金 ${formatYuan(average)} × ${formatPercent(rule.share)} = ${formatYuan(credit)} 元划入`, credit, retired.source);
      } else {
        const category = person.retireeCategory;
        const yearly = category === 'bankrupt_enterprise' ? rule.yearlyFor.bankrupt_enterprise : undefined;
        if (yearly !== undefined) {
          credit = Math.floor((yearly * 2 + 12) / 24);
          ex.add('account.retired', () => `${CATEGORY_NAMES[category!]}每年实际划入 ${formatYuan(yearly)} 元，按月 ${formatYuan(credit)} 元`, credit, retired.source);
        } else {
          credit = rule.monthly;
          ex.add('account.retired', () => `退休人员每月定额划入 ${formatYuan(credit)} 元`, credit, retired.source);
        }
      }
    }
    return { region: r.region, month: r.month, status, credit: fenToYuan(credit) };
  });
}
