/** A member's timeline event in words (the console's language), and the events of a kind, in date order. */
import type { TimelineEvent } from './api';
import type { Messages } from '../i18n/zh-CN';
import { yuanText } from './format';

export type EventKind = TimelineEvent['kind'];
export const EVENT_KINDS: readonly EventKind[] = ['enrolment', 'change', 'contribution', 'registration', 'recognition', 'settlement', 'reversal', 'account'];

const str = (d: Record<string, unknown>, k: string): string | null => (typeof d[k] === 'string' ? (d[k] as string) : null);
const num = (d: Record<string, unknown>, k: string): number | null => (typeof d[k] === 'number' ? (d[k] as number) : null);
const word = (table: Record<string, string>, key: string | null): string => (key === null ? '' : (table[key] ?? key));
const signed = (yuan: number): string => (yuan > 0 ? `+${yuanText(yuan)}` : yuanText(yuan));

/** The event's text; a settlement's and a reversal's id is shown beside it (see `settlementOf`). */
export function eventText(e: TimelineEvent, t: Messages): string {
  const d = e.detail;
  const tl = t.timeline;
  switch (e.kind) {
    case 'enrolment':
      return tl.enrolment(word(t.regions, str(d, 'region')), word(t.schemes, str(d, 'scheme')), word(tl.types, str(d, 'type')));
    case 'change': {
      const change = str(d, 'change');
      if (change === 'employer') return tl.employerChange(str(d, 'employerId') ?? '');
      if (change === 'type') return tl.typeChange(word(tl.types, str(d, 'from')), word(tl.types, str(d, 'to')));
      return word(tl.changes, change);
    }
    case 'contribution':
      return tl.contribution(str(d, 'month') ?? '', yuanText(num(d, 'amount') ?? 0), d['backPayment'] === true);
    case 'registration':
      return tl.registration(word(t.registrations, str(d, 'kind')), word(t.places, str(d, 'place')), str(d, 'destination') ?? '', str(d, 'validUntil'));
    case 'recognition':
      return tl.recognition(word(tl.categories, str(d, 'category')), str(d, 'name') ?? '', num(d, 'class'));
    case 'settlement':
      return tl.settlement(str(d, 'claimId') ?? '', yuanText(num(d, 'medfee_sumamt') ?? 0), yuanText(num(d, 'fund_pay_sumamt') ?? 0), yuanText(num(d, 'psn_cash_pay') ?? 0), str(d, 'status') === 'reversed');
    case 'reversal':
      return tl.reversal;
    case 'account':
      return tl.account(word(tl.movements, str(d, 'movement')), str(d, 'month'), signed(num(d, 'amount') ?? 0));
  }
}

/** The settlement an event is about (a settlement, its reversal, an account payment or its return), if any. */
export function settlementOf(e: TimelineEvent): string | null {
  if (e.kind === 'settlement') return str(e.detail, 'id');
  return str(e.detail, 'settlementId');
}

/** The events of one kind (all: every event), in date order as the service gives them (stable). */
export function eventsOf(events: TimelineEvent[], kind: EventKind | 'all'): TimelineEvent[] {
  const picked = kind === 'all' ? events : events.filter((e) => e.kind === kind);
  return picked.map((e, i) => ({ e, i })).sort((a, b) => (a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : a.i - b.i)).map((x) => x.e);
}

/** The benefit years a member's page offers: from the enrolment's year to the latest of this year and the last event's. */
export function yearsOf(enrolledOn: string, events: TimelineEvent[], today: string): number[] {
  const first = Number(enrolledOn.slice(0, 4));
  let last = Number(today.slice(0, 4));
  for (const e of events) last = Math.max(last, Number(e.date.slice(0, 4)));
  const years: number[] = [];
  for (let y = last; y >= first; y--) years.push(y);
  return years;
}
