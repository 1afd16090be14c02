/**
 * Whether the funds take up a claim at all, before any amount: groups whose costs go through their
 * original channels (原支付渠道), the deadline of manual reimbursement (手工报销), and care at a
 * non-designated institution (非定点医药机构).
 */
import { YibaoError } from '../errors.js';
import type { Compiled, Resolved } from '../../policy/compile.js';
import { NOT_IN_FORCE, peek } from '../../policy/compile.js';
import type { SchemePolicy } from '../../policy/schema.js';
import type { Claim } from './request.js';
import type { Explainer } from '../steps.js';
import { planOf } from './plan.js';
import type { Person } from './state.js';

/** Care the funds do not pay at all, with the text and article that say so. */
export interface NotPaid {
  kind: 'not_paid';
  text: string;
  source: string;
}

/** What the funds do with a claim: settle it (as given, or read under another registration), or pay nothing. */
export type ClaimAdmission = Claim | NotPaid;

/** Whether the funds pay nothing for the claim. */
export function isNotPaid(a: ClaimAdmission): a is NotPaid {
  return (a as Partial<NotPaid>).kind === 'not_paid';
}

type Policy = Resolved<Compiled<SchemePolicy>>;

/** The last day a manual reimbursement may be asked for, or undefined where no deadline applies. */
export function claimDeadline(policy: Policy, claim: Claim): { last: string; text: string; source: string } | undefined {
  const d = peek(policy, 'claimDeadline');
  if (!d || d === NOT_IN_FORCE) return undefined;
  const v = d.value;
  if (v.claimTypes && !v.claimTypes.includes(claim.type)) return undefined;
  if (v.places && !v.places.includes(claim.place)) return undefined;
  const year = Number(claim.date.slice(0, 4));
  if (v.kind === 'next_year_month_end') {
    const last = lastDayOfMonth(year + 1, v.month);
    return { last, text: `当年发生的个人垫付医疗费用申请手工报销，不得超过次年 ${v.month} 月底（${last}）`, source: d.source };
  }
  const month = Number(claim.date.slice(5, 7)) + v.months;
  const y = year + Math.floor((month - 1) / 12);
  const m = ((month - 1) % 12) + 1;
  const day = Math.min(Number(claim.date.slice(8, 10)), Number(lastDayOfMonth(y, m).slice(8, 10)));
  const last = `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { last, text: `${claim.type === 'inpatient' ? '出院' : '就诊'}后 ${v.months} 个月内（${last} 前）办理报销`, source: d.source };
}

function lastDayOfMonth(year: number, month: number): string {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(days).padStart(2, '0')}`;
}

export function admitClaim(policy: Policy, claim: Claim, person: Person, ex: Explainer, path: string): ClaimAdmission {
  // Groups paid through their original channels (沧州 第一百二十条, 绥化 第四十条).
  const groups = planOf(policy).groupRules;
  if (groups && groups !== NOT_IN_FORCE) {
    for (const g of groups.value) {
      if (g.claimTypes && !g.claimTypes.includes(claim.type)) continue;
      let at = -1;
      for (let i = 0; i < person.tags.length && at < 0; i++) if (g.tags.includes(person.tags[i]!)) at = i;
      if (at >= 0) throw new YibaoError('unsupported', `${g.label}（${groups.doc} ${g.article}）`, `person.tags[${at}]`);
    }
  }

  // 手工报销: asked for after the deadline, it is deemed waived (逾期视为自动放弃).
  if (claim.claimedOn !== undefined) {
    const deadline = claimDeadline(policy, claim);
    if (deadline && claim.claimedOn > deadline.last) {
      throw new YibaoError('unsupported', `${path}.claimedOn: ${claim.claimedOn} is past the deadline — ${deadline.text}，逾期视为自动放弃（${deadline.source}）`, `${path}.claimedOn`);
    }
    if (deadline && ex.enabled) ex.add('claim.deadline', `${deadline.text}：${claim.claimedOn} 申请，在期限内`, null, deadline.source);
  }

  if (claim.hospital.designated) return claim;
  // 非定点医药机构.
  const nd = peek(policy, 'nonDesignated');
  if (!nd || nd === NOT_IN_FORCE) {
    throw new YibaoError('unsupported', `${path}.hospital.designated: the texts of this scheme set no rule for care at a non-designated institution`, `${path}.hospital.designated`);
  }
  const rule = nd.value;
  if (rule.paid === 'emergency' && claim.registration === 'emergency') {
    // Out of the province (京津 too: no designated status to share there) at the standard the text names.
    if ((claim.place === 'cross_province' || claim.place === 'jingjin') && rule.emergencyOutOfProvince) {
      const as = rule.emergencyOutOfProvince;
      if (ex.enabled) ex.add('claim.nonDesignated', `省外非定点医疗机构急诊抢救：按跨省异地${as === 'temporary' ? '临时外出就医备案' : '备案'}标准支付`, null, nd.source);
      return { ...claim, place: 'cross_province', registration: as };
    }
    if (ex.enabled) ex.add('claim.nonDesignated', '非定点医疗机构急诊抢救：按相同级别定点医疗机构标准支付', null, nd.source);
    return claim;
  }
  return {
    kind: 'not_paid',
    text: rule.paid === 'emergency' ? '非定点医药机构发生的非急诊抢救医疗费用，医保基金不予支付' : '本办法只支付在定点医药机构发生的医疗费用，非定点医药机构的费用医保基金不予支付',
    source: nd.source,
  };
}
