/**
 * Item level: how each charged item splits into fully self-paid (全自费),
 * over-cap self-pay (超限价自费), pre-self-pay (先行自付) and the eligible
 * amount (政策范围内费用). Shared by every region; the regional differences
 * (which classes, which caps, which ratios) come from the items policy.
 */
import { YibaoError } from '../errors.js';
import { applyRate, formatPercent, formatYuan, multiplyQuantity, type Bp, type Fen } from '../money.js';
import type { InForce, InForceTree } from '../../policy/compile.js';
import { byLevel, requireParam } from '../../policy/lookup.js';
import type { Category, Grade, ItemClass, ItemsPolicy, Level, PreSelfPayRule, Ward, WardCaps } from '../../policy/schema.js';
import type { Item } from './request.js';
import type { Explainer } from '../steps.js';

export interface ItemSplit {
  medfee: Fen;
  fulamt: Fen;
  overlmt: Fen;
  preselfpay: Fen;
  inscp: Fen;
}

const CATEGORY_NAMES: Record<Category, string> = { drug: '药品', service: '诊疗项目', material: '医用材料', bed: '床位费' };
const WARD_NAMES = { general: '普通病房', icu: '重症监护病房', laminar: '层流洁净病房', isolation: '隔离病房' } as const;


/** A pre-self-pay rule as matched against an item of a category it can match: one object shape for every rule. */
interface Candidate {
  rule: PreSelfPayRule;
  /** Whether it matches class A, B, C items (when.class, or every class). */
  a: boolean;
  b: boolean;
  c: boolean;
  negotiatedCancerDrug: boolean | undefined;
  largeEquipment: boolean | undefined;
  highValueDrug: boolean | undefined;
}

/** An item's flags as one number (ItemSplitter.addParts): the ones pre-self-pay rules match on, and 单行支付. */
export const ItemFlag = { negotiatedCancerDrug: 1, largeEquipment: 2, highValueDrug: 4, singlePaymentDrug: 8 } as const;
/** The flags pre-self-pay rules match on. */
const RULE_FLAGS = ItemFlag.negotiatedCancerDrug | ItemFlag.largeEquipment | ItemFlag.highValueDrug;

function itemFlags(item: Pick<Item, 'negotiatedCancerDrug' | 'largeEquipment' | 'highValueDrug' | 'singlePaymentDrug'>): number {
  return (
    (item.negotiatedCancerDrug ? ItemFlag.negotiatedCancerDrug : 0) |
    (item.largeEquipment ? ItemFlag.largeEquipment : 0) |
    (item.highValueDrug ? ItemFlag.highValueDrug : 0) |
    (item.singlePaymentDrug ? ItemFlag.singlePaymentDrug : 0)
  );
}

/** Whether a candidate of the item's category matches an item of this class and flags (rule.when, the category already known). */
function matches(r: Candidate, cls: ItemClass, flags: number): boolean {
  if (!(cls === 'A' ? r.a : cls === 'B' ? r.b : r.c)) return false;
  if (r.negotiatedCancerDrug !== undefined && r.negotiatedCancerDrug !== ((flags & ItemFlag.negotiatedCancerDrug) !== 0)) return false;
  if (r.largeEquipment !== undefined && r.largeEquipment !== ((flags & ItemFlag.largeEquipment) !== 0)) return false;
  if (r.highValueDrug !== undefined && r.highValueDrug !== ((flags & ItemFlag.highValueDrug) !== 0)) return false;
  return true;
}

/** The rules that can match an item of one category, in order, and their first match for an item without flags. */
interface CategoryRules {
  list: Candidate[];
  /** The rule an item of class A, B, C with no flag set matches first (the same first match, worked out once). */
  flagless: [PreSelfPayRule | undefined, PreSelfPayRule | undefined, PreSelfPayRule | undefined];
}

/** The rules that can match an item of each category (built once per rule list). */
const rulesByCategory = new WeakMap<readonly PreSelfPayRule[], Record<Category, CategoryRules>>();

function firstMatch(list: Candidate[], cls: ItemClass, flags: number): PreSelfPayRule | undefined {
  for (let k = 0; k < list.length; k++) if (matches(list[k]!, cls, flags)) return list[k]!.rule;
  return undefined;
}

/** The pre-self-pay rule an item matches first (undefined: none), from the rules of its category. */
function ruleFor(byCategory: Record<Category, CategoryRules>, category: Category, cls: ItemClass, flags: number): PreSelfPayRule | undefined {
  const rules = category === 'drug' ? byCategory.drug : category === 'service' ? byCategory.service : category === 'material' ? byCategory.material : byCategory.bed;
  return (flags & RULE_FLAGS) !== 0 ? firstMatch(rules.list, cls, flags) : rules.flagless[cls === 'A' ? 0 : cls === 'B' ? 1 : 2];
}

function candidates(rules: readonly PreSelfPayRule[]): Record<Category, CategoryRules> {
  let index = rulesByCategory.get(rules);
  if (!index) {
    const candidate = (r: PreSelfPayRule): Candidate => {
      const w = r.when;
      return {
        rule: r,
        a: !w.class || w.class.includes('A'),
        b: !w.class || w.class.includes('B'),
        c: !w.class || w.class.includes('C'),
        negotiatedCancerDrug: w.negotiatedCancerDrug,
        largeEquipment: w.largeEquipment,
        highValueDrug: w.highValueDrug,
      };
    };
    const of = (c: Category): CategoryRules => {
      const list = rules.filter((r) => !r.when.category || r.when.category.includes(c)).map(candidate);
      const flagless = (cls: ItemClass) => firstMatch(list, cls, 0);
      return { list, flagless: [flagless('A'), flagless('B'), flagless('C')] };
    };
    index = { drug: of('drug'), service: of('service'), material: of('material'), bed: of('bed') };
    rulesByCategory.set(rules, index);
  }
  return index;
}

/** How explanations name an item: its name, else its category and position (read only when explaining). */
function itemName(name: string | undefined, category: Category, j: number): string {
  return name ?? `${CATEGORY_NAMES[category]}#${j + 1}`;
}

const NO_OPTIONS: { regionalPreSelfPay?: boolean } = {};

function bracketRate(rule: PreSelfPayRule, unit: Fen): Bp {
  if (rule.rate !== undefined) return rule.rate;
  for (const b of rule.brackets!) {
    if (b.upTo === undefined || unit <= b.upTo) return b.rate;
  }
  return rule.brackets![rule.brackets!.length - 1]!.rate;
}

/** Which cap bounds an item's unit price (ItemSplitter.unitCap). */
const CapBy = { none: 0, priceCap: 1, bedFee: 2, material: 3 } as const;
type CapBy = (typeof CapBy)[keyof typeof CapBy];

export interface Hospital {
  level: Level;
  grade?: Grade | undefined;
}

/** Splits a claim's items. `path` is the claim's request path (for errors). */
export function splitItems(
  items: Item[],
  policy: InForceTree<ItemsPolicy>,
  hospital: Hospital,
  ex: Explainer,
  path: string,
  options: { regionalPreSelfPay?: boolean } = NO_OPTIONS,
): ItemSplit {
  const splitter = new ItemSplitter(policy, hospital, ex, path, options);
  for (let j = 0; j < items.length; j++) splitter.add(items[j]!, j);
  return splitter.split();
}

/**
 * The split of a claim's items, one item at a time: what splitItems does over a list, and what the
 * request's validation does item by item as it reads them (parse.ts), so that the items of a claim
 * settled without an explanation are never kept.
 */
export class ItemSplitter {
  private readonly outside: InForce<{ classes: ItemClass[] }>;
  private readonly outsideA: boolean;
  private readonly outsideB: boolean;
  private readonly outsideC: boolean;
  private readonly preRules: InForce<PreSelfPayRule[]> | undefined;
  private readonly byCategory: Record<Category, CategoryRules> | undefined;
  // Read lazily: a parameter defined but not in force refuses only the claims that need it.
  private bedCaps: InForceTree<ItemsPolicy>['bedFeeCaps'] | null = null;
  private bedRow: WardCaps | undefined = undefined;
  /** Which cap the last unitCap found. */
  private capBy: CapBy = CapBy.none;
  private medfee: Fen = 0;
  private fulamt: Fen = 0;
  private overlmt: Fen = 0;
  private preselfpay: Fen = 0;
  private inscp: Fen = 0;

  constructor(
    private readonly policy: InForceTree<ItemsPolicy>,
    private readonly hospital: Hospital,
    private readonly ex: Explainer,
    private readonly path: string,
    options: { regionalPreSelfPay?: boolean } = NO_OPTIONS,
  ) {
    const outside = requireParam(policy.outsideCatalogue, 'items.outsideCatalogue', path);
    const outsideClasses = outside.value.classes;
    this.outside = outside;
    let a = false;
    let b = false;
    let c = false;
    for (let i = 0; i < outsideClasses.length; i++) {
      const cls = outsideClasses[i];
      if (cls === 'A') a = true;
      else if (cls === 'B') b = true;
      else c = true;
    }
    this.outsideA = a;
    this.outsideB = b;
    this.outsideC = c;
    this.preRules = options.regionalPreSelfPay === false ? undefined : policy.preSelfPay;
    this.byCategory = this.preRules ? candidates(this.preRules.value) : undefined;
  }

  /** The split so far. */
  split(): ItemSplit {
    return { medfee: this.medfee, fulamt: this.fulamt, overlmt: this.overlmt, preselfpay: this.preselfpay, inscp: this.inscp };
  }

  /** Adds the claim's item at position j. */
  add(item: Item, j: number): void {
    this.addParts(item.category, item.class, item.total, item.unit, item.quantityE4, item.priceCap, item.ward, itemFlags(item), item.selfPayRatio, item.name, j);
  }

  /**
   * Adds the item at position j given by its values (an Item's fields, the flags as ItemFlag bits):
   * how the request's validation hands each item over as it reads it, with no item object (request-fast.ts).
   * The amounts only: what the explanation says of them is written by the explain… methods below.
   */
  addParts(
    category: Category,
    cls: ItemClass,
    total: Fen,
    unit: Fen,
    quantityE4: number,
    priceCap: Fen | undefined,
    ward: Ward,
    flags: number,
    selfPayRatio: Bp | undefined,
    name: string | undefined,
    j: number,
  ): void {
    this.medfee += total;

    // 全自费: outside the catalogue (丙类).
    if (cls === 'A' ? this.outsideA : cls === 'B' ? this.outsideB : this.outsideC) {
      this.fulamt += total;
      if (this.ex.enabled) this.explainOutside(category, cls, total, name, j);
      return;
    }

    // The pre-self-pay rule that applies (first match), needed for its unit cap too.
    const rule = this.byCategory === undefined ? undefined : ruleFor(this.byCategory, category, cls, flags);

    // 超限价: the unit price above the payment cap is self-paid.
    let payable = total;
    let payableUnit = unit;
    if (priceCap !== undefined || category === 'bed' || rule?.unitCapWithoutPriceCap !== undefined) {
      const capUnit = this.unitCap(category, unit, priceCap, ward, rule);
      if (capUnit < unit) {
        payable = multiplyQuantity(capUnit, quantityE4);
        payableUnit = capUnit;
        this.overlmt += total - payable;
        if (this.ex.enabled) this.explainOverCap(category, unit, capUnit, total - payable, ward, rule, name, j);
      }
    }

    // 先行自付: the item's own catalogue ratio, else the region's rule.
    const rate = selfPayRatio !== undefined ? selfPayRatio : rule !== undefined ? bracketRate(rule, payableUnit) : 0;
    const pre = rate > 0 ? applyRate(payable, rate) : 0;
    if (pre > 0) {
      this.preselfpay += pre;
      if (this.ex.enabled) this.explainPreSelfPay(category, payable, payableUnit, rate, pre, selfPayRatio !== undefined, rule, name, j);
    }
    this.inscp += payable - pre;
  }

  /**
   * The lowest unit cap of an item: its own payment cap (医保支付限价), the hospital's bed-fee cap for
   * its ward, a material's cap where it has no price cap (the rule's unitCapWithoutPriceCap);
   * +∞ where none applies. Records in capBy which one it is. A price cap below the unit price needs
   * the region's over-cap rule.
   */
  private unitCap(category: Category, unit: Fen, priceCap: Fen | undefined, ward: Ward, rule: PreSelfPayRule | undefined): Fen {
    let capUnit = Number.POSITIVE_INFINITY;
    let by: CapBy = CapBy.none;
    if (priceCap !== undefined) {
      capUnit = priceCap;
      by = CapBy.priceCap;
    }
    if (category === 'bed') {
      if (this.bedCaps === null) this.bedCaps = this.policy.bedFeeCaps;
      const bedCaps = this.bedCaps;
      if (bedCaps) {
        // The hospital's row of caps, looked up at the claim's first bed item.
        this.bedRow ??= byLevel(bedCaps.value, this.hospital.level, this.hospital.grade, this.path);
        const cap = this.bedRow[ward];
        if (cap < capUnit) {
          capUnit = cap;
          by = CapBy.bedFee;
        }
      }
    }
    if (rule?.unitCapWithoutPriceCap !== undefined && priceCap === undefined && rule.unitCapWithoutPriceCap < capUnit) {
      capUnit = rule.unitCapWithoutPriceCap;
      by = CapBy.material;
    }
    if (by === CapBy.priceCap && capUnit < unit && !this.policy.overPriceCap) throw new YibaoError('policy_not_in_force', 'items.overPriceCap: the region defines no over-cap rule', this.path);
    this.capBy = by;
    return capUnit;
  }

  private explainOutside(category: Category, cls: ItemClass, total: Fen, name: string | undefined, j: number): void {
    this.ex.add('item.fulamt', `${itemName(name, category, j)}：${cls === 'C' ? '丙类' : cls + '类'}，目录外全额自费 ${formatYuan(total)} 元`, total, this.outside.source);
  }

  /** The over-cap part of an item: the cap unitCap found (capBy), its name and its article. */
  private explainOverCap(category: Category, unit: Fen, capUnit: Fen, over: Fen, ward: Ward, rule: PreSelfPayRule | undefined, name: string | undefined, j: number): void {
    const by = this.capBy;
    const capText = by === CapBy.priceCap ? '医保支付限价' : by === CapBy.bedFee ? `床位费${WARD_NAMES[ward]}限额` : '未限价医用材料单价支付上限';
    const capSource = by === CapBy.priceCap ? this.policy.overPriceCap!.source : by === CapBy.bedFee ? this.bedCaps!.source : `${this.preRules!.doc} ${rule!.article}`;
    this.ex.add('item.overlmt', `${itemName(name, category, j)}：单价 ${formatYuan(unit)} 元超过${capText} ${formatYuan(capUnit)} 元，超出部分自付 ${formatYuan(over)} 元`, over, capSource);
  }

  /** The pre-self-pay of an item: by its own catalogue ratio, or by the region's rule. */
  private explainPreSelfPay(category: Category, payable: Fen, payableUnit: Fen, rate: Bp, pre: Fen, ownRatio: boolean, rule: PreSelfPayRule | undefined, name: string | undefined, j: number): void {
    let rateSource: string;
    let rateText: string;
    if (ownRatio) {
      const catalogue = this.preRules ?? this.policy.preSelfPay;
      rateSource = catalogue ? `${catalogue.source}（项目目录自付比例）` : this.outside.source;
      rateText = '按项目目录先行自付比例';
    } else {
      rateSource = `${this.preRules!.doc} ${rule!.article}`;
      rateText = rule!.brackets ? `${rule!.label}（单价 ${formatYuan(payableUnit)} 元）` : rule!.label;
    }
    this.ex.add('item.preselfpay', `${itemName(name, category, j)}：${rateText}，${formatYuan(payable)} × ${formatPercent(rate)} = ${formatYuan(pre)} 元`, pre, rateSource);
  }
}
