import { useEffect, useState, type FormEvent } from 'react';
import { useT } from '../i18n';
import { api, ServiceError, type Member, type RegionView, type YearTotals } from '../lib/api';
import { yuanText } from '../lib/format';
import { admissionsOf, annualCapOn, used } from '../lib/member-view';

/** 参保人: search (ID numbers masked as the service masks them), a member, the benefit year's use. */
export function Members({ token }: { token: string }) {
  const t = useT();
  const m = t.member;
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [list, setList] = useState<{ items: Member[]; total: number } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setList(null);
    api.members(token, query, offset).then(setList, (e: unknown) => setError(e instanceof ServiceError && e.error.status === 403 ? t.errors.forbidden : t.errors.network));
  }, [token, query, offset, t]);

  function search(e: FormEvent) {
    e.preventDefault();
    setOffset(0);
    setQuery(q.trim());
  }

  if (selected) return <MemberDetail token={token} id={selected} back={() => setSelected(null)} />;
  return (
    <section className="card members">
      <h2>{m.title}</h2>
      <form className="search" onSubmit={search} role="search">
        <label htmlFor="member-q" className="visually-hidden">
          {m.search}
        </label>
        <input id="member-q" value={q} onChange={(e) => setQ(e.target.value)} placeholder={m.search} />
        <button type="submit">{m.searchButton}</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {list && list.items.length === 0 && <p className="note">{m.none}</p>}
      {list && list.items.length > 0 && (
        <table className="parameters member-list">
          <thead>
            <tr>
              <th scope="col">{m.name}</th>
              <th scope="col">{m.idNumber}</th>
              <th scope="col">{m.region}</th>
              <th scope="col">{m.scheme}</th>
              <th scope="col">{m.status}</th>
              <th scope="col">{m.enrolledOn}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((x) => (
              <tr key={x.id} data-member={x.id}>
                <td>
                  <button type="button" className="source" onClick={() => setSelected(x.id)}>
                    {x.name}
                  </button>
                </td>
                <td>
                  <code>{x.idNumber}</code>
                </td>
                <td>{t.regions[x.region as keyof typeof t.regions] ?? x.region}</td>
                <td>{t.schemes[x.scheme as keyof typeof t.schemes] ?? x.scheme}</td>
                <td>{t.statuses[x.status as keyof typeof t.statuses] ?? x.status}</td>
                <td>{x.enrolledOn}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list && list.total > 20 && (
        <div className="pager">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - 20))}>
            {m.previous}
          </button>
          <span className="note">
            {offset + 1}–{Math.min(offset + 20, list.total)} / {list.total}
          </span>
          <button type="button" disabled={offset + 20 >= list.total} onClick={() => setOffset(offset + 20)}>
            {m.next}
          </button>
        </div>
      )}
    </section>
  );
}

function MemberDetail({ token, id, back }: { token: string; id: string; back: () => void }) {
  const t = useT();
  const m = t.member;
  const [member, setMember] = useState<Member | null>(null);
  const [year, setYear] = useState(new Date().getFullYear());
  const [totals, setTotals] = useState<YearTotals | null>(null);
  const [region, setRegion] = useState<RegionView | null>(null);
  useEffect(() => {
    api.member(token, id).then((x) => {
      setMember(x);
      api.region(token, x.region).then(setRegion, () => undefined);
    }, () => undefined);
  }, [token, id]);
  useEffect(() => {
    setTotals(null);
    api.year(token, id, year).then(setTotals, () => undefined);
  }, [token, id, year]);
  if (!member) return <p className="note">…</p>;
  const cap = region ? annualCapOn(region, member.scheme, `${year}-12-31`) : undefined;
  const rows: [string, number][] = totals
    ? [
        [m.outpatientPaid, totals.outpatient.fundPaid],
        [m.outpatientDeductible, totals.outpatient.deductibleBorne],
        [m.chronicPaid, totals.chronic.fundPaid],
        [m.largeExpense, totals.largeExpense.paid],
        [m.criticalIllness, totals.criticalIllness.paid],
      ]
    : [];
  return (
    <section className="card member">
      <button type="button" className="link" onClick={back}>
        ← {m.back}
      </button>
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
        <dd>{t.statuses[member.status as keyof typeof t.statuses] ?? member.status}</dd>
        <dt>{m.enrolledOn}</dt>
        <dd>{member.enrolledOn}</dd>
        <dt>{m.accountBalance}</dt>
        <dd>{yuanText(member.accountBalance)} 元</dd>
      </dl>
      <label className="year">
        {m.year}
        <input type="number" min={1990} max={2100} value={year} onChange={(e) => setYear(Number(e.target.value) || year)} />
      </label>
      <h3>{m.totals}</h3>
      {totals && (
        <>
          <div className="cap" data-cap="annual">
            <span>
              {m.fundPaid}：{yuanText(totals.fundPaid)} 元 / {m.capOf} {cap === undefined ? m.noCap : `${yuanText(cap)} 元`}
            </span>
            {cap !== undefined && <progress max={1} value={used(totals.fundPaid, cap)} aria-label={m.fundPaid} />}
          </div>
          <table className="fields">
            <tbody>
              <tr>
                <th scope="row">{m.admissions}</th>
                <td>{admissionsOf(totals)}</td>
              </tr>
              {rows.map(([label, v]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{yuanText(v)} 元</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
