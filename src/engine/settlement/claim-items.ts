/**
 * Stage 1, items: the claim's items split into fully self-paid, over-cap, pre-self-pay and eligible
 * amounts (items.ts), with the drugs that have rules of their own carved out (资阳 第二十条: 单行支付
 * 药品, 高值药品) and items a benefit does not pay at all left to the person (绥化 两病: medicines only).
 */
import { formatYuan, type Fen } from '../money.js';
import { NOT_IN_FORCE, type InForce } from '../../policy/compile.js';
import { planOf } from './plan.js';
import type { ClaimContext } from './claim-context.js';
import { ItemSplitter, splitItems, type ItemSplit } from './items.js';
import type { Claim, Item } from './request.js';
import type { SchemeAt } from '../../policy/scheme-view.js';
import { Explainer } from '../steps.js';
import { YibaoError } from '../errors.js';

type Drugs = NonNullable<ClaimContext['policy']['drugs']>;

/** A group of drugs paid by a rule of their own: its items, their split, and the rule (or NOT_IN_FORCE). */
export interface OwnRuleDrugs<R> {
  items: Item[];
  split: ItemSplit;
  rule: R | typeof NOT_IN_FORCE | undefined;
}

export interface ClaimItems {
  /** The items the claim type's own rules stand on. */
  ordinary: ItemSplit;
  /** The eligible amount the basic fund's benefit pays on: ordinary.inscp, less items the benefit does not cover. */
  benefitEligible: Fen;
  single: OwnRuleDrugs<InForce<{ ratio: number; cap: Fen }>>;
  highValue: OwnRuleDrugs<Drugs['highValueOutpatient']>;
  /** The whole claim. */
  split: ItemSplit;
}

const CATEGORY_NAMES_ZH = { drug: '门诊用药', service: '诊疗项目', material: '医用材料', bed: '床位费' } as const;
const NO_ITEMS: Item[] = [];

/** The split of no items (never written to: splits are added into new objects). */
const EMPTY_SPLIT: ItemSplit = Object.freeze({ medfee: 0, fulamt: 0, overlmt: 0, preselfpay: 0, inscp: 0 });
function emptySplit(): ItemSplit {
  return EMPTY_SPLIT;
}
/** No drugs carved out, no rule (never written to). */
const NO_OWN_RULE: OwnRuleDrugs<never> = Object.freeze({ items: NO_ITEMS, split: EMPTY_SPLIT, rule: undefined });

function addSplit(a: ItemSplit, b: ItemSplit): ItemSplit {
  return {
    medfee: a.medfee + b.medfee,
    fulamt: a.fulamt + b.fulamt,
    overlmt: a.overlmt + b.overlmt,
    preselfpay: a.preselfpay + b.preselfpay,
    inscp: a.inscp + b.inscp,
  };
}

/**
 * A splitter for a claim whose items all go to one ordinary split (no drugs with rules of their own
 * in force for it, no items a benefit leaves unpaid): what splitClaimItems splits them into, ready
 * before they are read, so that they need not be kept. Undefined where the claim needs its items.
 */
export function wholeClaimSplitter(policy: SchemeAt, type: Claim['type'], hospital: Claim['hospital'], path: string): ItemSplitter | undefined {
  const items = policy.items;
  if (!items || !splitAsOne(policy, type)) return undefined;
  return new ItemSplitter(items, hospital, Explainer.OFF, path);
}

/** Whether a claim's items are one ordinary split whatever they are: no drug carved out, no item a benefit leaves unpaid. */
function splitAsOne(policy: SchemeAt, type: Claim['type']): boolean {
  const plan = planOf(policy);
  if (plan.singlePayment !== undefined || (type !== 'inpatient' && plan.highValueOutpatient !== undefined)) return false;
  return !(type === 'chronic' && policy.chronic?.coveredCategories);
}

/** The claim's total and its four parts, in the explanation. */
function explainTotal(ex: ClaimContext['ex'], split: ItemSplit, items: NonNullable<ClaimContext['policy']['items']>): void {
  if (ex.enabled) ex.add('medfee', `医疗费总额 ${formatYuan(split.medfee)} 元 = 全自费 ${formatYuan(split.fulamt)} + 超限价自费 ${formatYuan(split.overlmt)} + 先行自付 ${formatYuan(split.preselfpay)} + 政策范围内 ${formatYuan(split.inscp)}`, split.medfee, items.outsideCatalogue?.source ?? '');
}

export function splitClaimItems(ctx: ClaimContext): ClaimItems {
  const { policy, claim, notPaid, ex, path } = ctx;
  const items = policy.items;
  if (!items) throw new YibaoError('policy_not_in_force', 'items: the region defines no item rules', '');
  // One ordinary split: the items as kept, or as split when they were read (settle.ts, without an explanation).
  if (splitAsOne(policy, claim.type)) {
    if (claim.itemsSplit && ex.enabled) throw new Error('a claim split as its items were read has no items to explain');
    const split = claim.itemsSplit ?? splitItems(claim.items, items, claim.hospital, ex, path);
    explainTotal(ex, split, items);
    return { ordinary: split, benefitEligible: split.inscp, single: NO_OWN_RULE, highValue: NO_OWN_RULE, split };
  }
  const plan = planOf(policy);
  const single = notPaid ? undefined : plan.singlePayment;
  const highValue = claim.type !== 'inpatient' && !notPaid ? plan.highValueOutpatient : undefined;
  let ordinaryItems: Item[] = claim.items;
  let singleItems = NO_ITEMS;
  let highValueItems = NO_ITEMS;
  if (single !== undefined || highValue !== undefined) {
    ordinaryItems = [];
    singleItems = [];
    highValueItems = [];
    for (const item of claim.items) {
      if (item.singlePaymentDrug && single !== undefined) singleItems.push(item);
      else if (item.highValueDrug && highValue !== undefined) highValueItems.push(item);
      else ordinaryItems.push(item);
    }
  }
  // Items a benefit does not pay (绥化 两病: medicines only) stay in the policy scope, unpaid by it.
  const uncovered = claim.type === 'chronic' && policy.chronic?.coveredCategories ? policy.chronic.coveredCategories : undefined;
  let ordinary: ItemSplit;
  let benefitEligible: Fen;
  if (uncovered) {
    const covered: Item[] = [];
    const others: Item[] = [];
    for (const item of ordinaryItems) (uncovered.value.includes(item.category) ? covered : others).push(item);
    const coveredSplit = splitItems(covered, items, claim.hospital, ex, path);
    const otherSplit = others.length ? splitItems(others, items, claim.hospital, ex, path) : emptySplit();
    if (others.length && ex.enabled) {
      ex.add('item.notCovered', `本待遇仅支付${uncovered.value.map((c) => CATEGORY_NAMES_ZH[c]).join('、')}：其他项目政策范围内费用 ${formatYuan(otherSplit.inscp)} 元不予支付，由个人负担`, otherSplit.inscp, uncovered.source);
    }
    ordinary = addSplit(coveredSplit, otherSplit);
    benefitEligible = coveredSplit.inscp;
  } else {
    ordinary = splitItems(ordinaryItems, items, claim.hospital, ex, path);
    benefitEligible = ordinary.inscp;
  }
  const singleSplit = singleItems.length ? splitItems(singleItems, items, claim.hospital, ex, path, { regionalPreSelfPay: false }) : emptySplit();
  const highSplit = highValueItems.length ? splitItems(highValueItems, items, claim.hospital, ex, path) : emptySplit();
  const split = singleItems.length || highValueItems.length ? addSplit(addSplit(ordinary, singleSplit), highSplit) : ordinary;
  explainTotal(ex, split, items);
  return {
    ordinary,
    benefitEligible,
    single: { items: singleItems, split: singleSplit, rule: single },
    highValue: { items: highValueItems, split: highSplit, rule: highValue },
    split,
  };
}

