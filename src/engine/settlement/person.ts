/**
 * The person as one claim's rules see them: the status on the claim's date (retiring mid-year) and
 * the groups known from the person's record (a class-1 special disease recognised by then).
 */
import { YibaoError } from '../errors.js';
import { NOT_IN_FORCE, peek, type InForce } from '../../policy/compile.js';
import type { SchemeAt } from '../../policy/scheme-view.js';
import type { Tag } from '../../policy/schema.js';
import type { Claim } from './request.js';
import type { Explainer } from '../steps.js';
import type { Person } from './state.js';

const CLASS1: Tag = 'special_disease_class1';

/** The first day of the month after a date. */
export function firstOfNextMonth(date: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** The region's rule on when a registered retirement changes the benefits, in force on the claim's date. */
function retirementRule(policy: SchemeAt): InForce<'next_month' | 'from_registration'> | undefined {
  const rule = peek(policy, 'retirementStatus');
  return rule === NOT_IN_FORCE ? undefined : rule;
}

/** What the person's record says, worked out once per request. */
export interface PersonRecord {
  person: Person;
  /** The day the change to retired was registered (办理在职转退休之日), if given. */
  retiredOn: string | undefined;
  /** The earliest recognition of a class-1 special disease (第一类特殊疾病), if any. */
  class1Since: string | undefined;
  /** Index of the legacy tag special_disease_class1 in person.tags, or −1. */
  class1Tag: number;
  /** The person with another status or the class-1 tag, built when first needed. */
  variants: Map<string, Person> | undefined;
}

export function personRecord(person: Person, retiredOn: string | undefined): PersonRecord {
  let since: string | undefined;
  for (const d of person.specialDiseases) if (d.class === 1 && (since === undefined || d.recognizedOn < since)) since = d.recognizedOn;
  return { person, retiredOn, class1Since: since, class1Tag: person.tags.length === 0 ? -1 : person.tags.indexOf(CLASS1), variants: undefined };
}

/**
 * The person on a claim's date.
 *  - Status: with `retiredOn`, employed until the status changes and retired from then, by the region's
 *    rule (沧州 第六十八条、廊坊 第四十九条（三）: from the month after the registration; 资阳 第九条（五）、
 *    绥化 第十四条: from the registration). The claim's date is its rule date (discharge, or visit). `retirementRule` gives the rule in force on
 *    that date, or undefined (the texts then say nothing, and only a claim in the month of the change is refused).
 *  - A class-1 special disease (资阳 第十八条（一）5、（二）3) is known from the record, recognised on or
 *    before the admission (or visit). The record is the one source of truth: the legacy tag
 *    `special_disease_class1` is read as such a record recognised before every claim, and refused when a
 *    class-1 record says otherwise.
 */
export function personOn(record: PersonRecord, claim: Claim, policy: SchemeAt, ex: Explainer): Person {
  const { person, retiredOn, class1Since, class1Tag } = record;
  if (retiredOn === undefined && class1Since === undefined) return person;

  let status = person.status;
  if (retiredOn !== undefined) {
    // Before the registration employed, from the month after retired, whatever the rule; in between the rule decides.
    const nextMonth = firstOfNextMonth(retiredOn);
    const rule = retirementRule(policy);
    if (claim.date < retiredOn) status = 'employed';
    else if (claim.date >= nextMonth) status = 'retired';
    else {
      if (!rule) throw new YibaoError('unsupported', `person.retiredOn: the texts of this scheme do not say from when a registered retirement changes the benefits (claims[${claim.index}] is in the month of the registration)`, 'person.retiredOn');
      status = rule.value === 'next_month' ? 'employed' : 'retired';
    }
    // Said where the rule is in force (before or after the change, every reading agrees on the status).
    if (rule && ex.enabled) {
      ex.add('person.status', `${retiredOn} 办理在职转退休，${rule.value === 'next_month' ? `自次月（${nextMonth.slice(0, 7)}）起` : '自办理之日起'}按退休人员待遇；本次（${claim.date}）按${status === 'retired' ? '退休人员' : '在职职工'}`, null, rule.source);
    }
  }

  let class1 = false;
  if (class1Since !== undefined) {
    const on = claim.admissionDate ?? claim.date;
    class1 = class1Since <= on;
    if (!class1 && class1Tag >= 0) {
      throw new YibaoError('invalid_input', `person.tags[${class1Tag}]: special_disease_class1 contradicts person.specialDiseases, whose class-1 disease is recognised on ${class1Since}, after claims[${claim.index}] (${on})`, `person.tags[${class1Tag}]`);
    }
  }
  const addTag = class1 && class1Tag < 0;
  if (status === person.status && !addTag) return person;
  const key = `${status}|${addTag}`;
  const variants = (record.variants ??= new Map());
  let variant = variants.get(key);
  if (!variant) {
    variant = { ...person, status, tags: addTag ? [...person.tags, CLASS1] : person.tags };
    variants.set(key, variant);
  }
  return variant;
}
