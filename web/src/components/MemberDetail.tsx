import { useEffect, useState } from 'react';
import { useT } from '../i18n';
import { api, type Member, type RegionView, type StatementLine, type TimelineEvent, type YearTotals } from '../lib/api';
import { messageOf } from '../lib/errors';
import { yuanText } from '../lib/format';
import { capsOf, chronicNames } from '../lib/member-caps';
import { admissionsOf } from '../lib/member-view';
import { yearsOf } from '../lib/timeline-text';
import { AccountStatement } from './AccountStatement';
import { CapBars } from './CapBars';
import { MemberTimeline } from './MemberTimeline';

const today = (): string => new Date().toISOString().slice(0, 10);

/** One member: the facts, the benefit year's use against each cap, the timeline and the account statement. */
export function MemberDetail({ token, id, back }: { token: string; id: string; back?: { label: string; go: () => void } }) {
  const t = useT();
  const m = t.member;
  const [member, setMember] = useState<Member | null>(null);
  const [memberError, setMemberError] = useState<string | null>(null);
  const [year, setYear] = useState(new Date().getFullYear());
  const [totals, setTotals] = useState<YearTotals | null>(null);
  const [totalsError, setTotalsError] = useState<string | null>(null);
  const [region, setRegion] = useState<RegionView | null>(null);
  const [events, setEvents] = useState<TimelineEvent[] | null>(null);
  const [eventsError, setEventsError] = useState<string | null>(null);
  const [statement, setStatement] = useState<{ balance: number; lines: StatementLine[] } | null>(null);
  const [statementError, setStatementError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setMember(null);
    setMemberError(null);
    api.member(token, id).then(
      (x) => {
        if (!live) return;
        setMember(x);
        api.region(token, x.region).then((r) => live && setRegion(r), () => undefined);
        api.timeline(token, id).then((r) => live && setEvents(r.events), (e: unknown) => live && setEventsError(messageOf(e, t)));
        api.account(token, id).then((r) => live && setStatement(r), (e: unknown) => live && setStatementError(messageOf(e, t)));
      },
      (e: unknown) => live && setMemberError(messageOf(e, t)),
    );
    return () => {
      live = false;
    };
  }, [token, id, t]);
  useEffect(() => {
    let live = true;
    setTotals(null);
    setTotalsError(null);
    api.year(token, id, year).then((x) => live && setTotals(x), (e: unknown) => live && setTotalsError(messageOf(e, t)));
    return () => {
      live = false;
    };
  }, [token, id, year, t]);

  const backButton = back && (
    <button type="button" className="link" onClick={back.go}>
      ← {back.label}
    </button>
  );
  if (memberError)
    return (
      <section className="card member">
        {backButton}
        <p role="alert" className="error">
          {memberError}
        </p>
      </section>
    );
  if (!member) return <p className="note">{t.yearLoading}</p>;
  const years = yearsOf(member.enrolledOn, events ?? [], today());
  const recognitions = (events ?? []).filter((e) => e.kind === 'recognition');
  const chronic = chronicNames(recognitions, `${year}-12-31`);
  const caps = totals ? capsOf(region, member, totals, year, chronic.length, chronic) : [];
  return (
    <section className="card member">
      {backButton}
      <h2>{member.name}</h2>
      <dl className="facts">
        <dt>{m.idNumber}</dt>
        <dd>
          <code>{member.idNumber}</code>
        </dd>
        <dt>{m.region}</dt>
        <dd>{t.regions[member.region as keyof typeof t.regions] ?? member.region}</dd>
        <dt>{m.scheme}</dt>
        <dd>{t.schemes[member.scheme as keyof typeof t.schemes] ?? member.scheme}</dd>
        <dt>{m.status}</dt>
        <dd>{t.memberStatuses[member.status as keyof typeof t.memberStatuses] ?? member.status}</dd>
        <dt>{m.enrolledOn}</dt>
        <dd>{member.enrolledOn}</dd>
        <dt>{m.accountBalance}</dt>
        <dd>{yuanText(member.accountBalance)} 元</dd>
      </dl>
      <label className="year">
        {m.year}
        <select id="member-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
          {(years.includes(year) ? years : [year, ...years]).map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </label>
      <h3>{t.caps.title}</h3>
      {totalsError && (
        <p role="alert" className="error">
          {totalsError}
        </p>
      )}
      {!totals && !totalsError && <p className="note">{t.yearLoading}</p>}
      {totals && (
        <>
          <CapBars rows={caps} />
          <table className="fields">
            <caption className="visually-hidden">{m.totals}</caption>
            <tbody>
              <tr>
                <th scope="row">{m.admissions}</th>
                <td data-total="admissions">{admissionsOf(totals)}</td>
              </tr>
              <tr>
                <th scope="row">{m.outpatientDeductible}</th>
                <td data-total="outpatientDeductible">{yuanText(totals.outpatient.deductibleBorne)} 元</td>
              </tr>
            </tbody>
          </table>
        </>
      )}
      <MemberTimeline events={events} error={eventsError} />
      <AccountStatement statement={statement} error={statementError} />
    </section>
  );
}
