/**
 * The calculator's form as data, and the settle request it stands for. Pure: the page keeps the
 * form in state, this module turns it into a request (or into messages beside the fields that are
 * wrong), so the same rules run in the tests and in the browser. The service validates again; this
 * only spares a round trip for what a clerk mistyped.
 */
import type { Messages } from '../i18n/zh-CN';

export type Category = 'drug' | 'service' | 'material' | 'bed';
export type ItemClass = 'A' | 'B' | 'C';
export type ClaimType = 'inpatient' | 'outpatient' | 'chronic' | 'special';

/** One row of the items table, as typed (strings, so a half-typed number stays as typed). */
export interface ItemRow {
  category: Category;
  class: ItemClass;
  amount: string;
  quantity: string;
  ward: 'general' | 'icu' | 'laminar' | 'isolation';
}

export interface ClaimForm {
  region: 'cangzhou' | 'langfang' | 'ziyang' | 'suihua';
  scheme: 'employee' | 'resident';
  status: 'employed' | 'retired';
  birthDate: string;
  type: ClaimType;
  admissionDate: string;
  dischargeDate: string;
  visitDate: string;
  level: 0 | 1 | 2 | 3;
  tcm: boolean;
  place: 'local' | 'in_province' | 'jingjin' | 'cross_province';
  registration: 'none' | 'referral' | 'temporary' | 'long_term' | 'emergency';
  disease: string;
  items: ItemRow[];
}

export const emptyItem = (): ItemRow => ({ category: 'drug', class: 'A', amount: '', quantity: '', ward: 'general' });

/** The form a clerk starts from: the shipped Cangzhou example's stay. */
export function initialForm(): ClaimForm {
  return {
    region: 'cangzhou',
    scheme: 'employee',
    status: 'employed',
    birthDate: '1970-05-01',
    type: 'inpatient',
    admissionDate: '2024-08-01',
    dischargeDate: '2024-08-10',
    visitDate: '2024-08-10',
    level: 3,
    tcm: false,
    place: 'local',
    registration: 'none',
    disease: '',
    items: [
      { category: 'drug', class: 'A', amount: '5000', quantity: '', ward: 'general' },
      { category: 'drug', class: 'B', amount: '4000', quantity: '', ward: 'general' },
      { category: 'service', class: 'A', amount: '6000', quantity: '', ward: 'general' },
    ],
  };
}

/** Messages by field path (e.g. `items.2.amount`), in the interface's language. */
export type FieldErrors = Record<string, string>;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A yuan amount as typed: ≥ 0, at most two decimals; undefined when not one. */
export function yuanOf(s: string): number | undefined {
  const t = s.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return undefined;
  return Number(t);
}

/** The request for the form, or the messages beside the fields that are wrong. */
export function requestOf(form: ClaimForm, t: Messages): { request: Record<string, unknown> } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!isDate(form.birthDate)) errors.birthDate = t.errors.date;
  const inpatient = form.type === 'inpatient';
  if (inpatient) {
    if (!isDate(form.admissionDate)) errors.admissionDate = t.errors.date;
    if (!isDate(form.dischargeDate)) errors.dischargeDate = t.errors.date;
    if (!errors.admissionDate && !errors.dischargeDate && form.dischargeDate < form.admissionDate) errors.dischargeDate = t.errors.order;
  } else if (!isDate(form.visitDate)) errors.visitDate = t.errors.date;
  if ((form.type === 'chronic' || form.type === 'special') && !form.disease.trim()) errors.disease = t.errors.required;
  if (form.items.length === 0) errors.items = t.errors.noItems;
  const items = form.items.map((row, i) => {
    const amount = yuanOf(row.amount);
    if (amount === undefined) errors[`items.${i}.amount`] = t.errors.amount;
    if (row.category === 'bed') {
      const days = Number(row.quantity);
      if (!Number.isInteger(days) || days < 1 || days > 730) errors[`items.${i}.quantity`] = t.errors.days;
      return { category: 'bed', ward: row.ward, dailyPrice: amount, days };
    }
    if (row.quantity.trim() === '') return { category: row.category, class: row.class, amount };
    const quantity = Number(row.quantity);
    if (!(quantity > 0) || !/^\d+(\.\d{1,4})?$/.test(row.quantity.trim())) errors[`items.${i}.quantity`] = t.errors.quantity;
    return { category: row.category, class: row.class, unitPrice: amount, quantity };
  });
  if (Object.keys(errors).length) return { errors };
  const claim: Record<string, unknown> = {
    id: 'TRIAL-1',
    type: form.type,
    ...(inpatient ? { admissionDate: form.admissionDate, dischargeDate: form.dischargeDate } : { visitDate: form.visitDate }),
    hospital: { level: form.level, tcm: form.tcm },
    place: form.place,
    registration: form.registration,
    ...(form.disease.trim() ? { disease: form.disease.trim() } : {}),
    items,
  };
  const person: Record<string, unknown> = { status: form.status, birthDate: form.birthDate };
  return { request: { region: form.region, scheme: form.scheme, person, claims: [claim] } };
}

const CATEGORY_WORDS: Record<string, Category> = { 药品: 'drug', 药: 'drug', drug: 'drug', 诊疗: 'service', 诊疗项目: 'service', 项目: 'service', service: 'service', 材料: 'material', 医用材料: 'material', 耗材: 'material', material: 'material', 床位: 'bed', 床位费: 'bed', bed: 'bed' };
const CLASS_WORDS: Record<string, ItemClass> = { 甲: 'A', 甲类: 'A', A: 'A', a: 'A', 乙: 'B', 乙类: 'B', B: 'B', b: 'B', 丙: 'C', 丙类: 'C', C: 'C', c: 'C' };

/**
 * Rows pasted from a spreadsheet (tab- or space-separated): 类别 甲乙丙 金额 [数量]; for a bed, 床位 (class
 * ignored) 日床位费 天数. Lines it cannot read are returned by number (1-based) and not imported.
 */
export function itemsFromPaste(text: string): { items: ItemRow[]; unreadable: number[] } {
  const items: ItemRow[] = [];
  const unreadable: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const cells = line.trim().split(/\t|\s{2,}|\s/).filter((c) => c.length > 0);
    if (cells.length === 0) return;
    const category = CATEGORY_WORDS[cells[0]!];
    const cls = CLASS_WORDS[cells[1] ?? ''];
    const amount = cells[2]?.replace(/,/g, '') ?? '';
    if (!category || !cls || yuanOf(amount) === undefined) {
      unreadable.push(i + 1);
      return;
    }
    items.push({ category, class: cls, amount, quantity: cells[3] ?? '', ward: 'general' });
  });
  return { items, unreadable };
}
