import { useEffect, useState, type FormEvent } from 'react';
import { useT } from '../i18n';
import { api, type SettlementFilter, type SettlementItem } from '../lib/api';
import { messageOf } from '../lib/errors';
import { dateTimeText, yuanText } from '../lib/format';
import { BOOKS_TIME_ZONE } from '../lib/fund-view';

const SIZES = [10, 20, 50, 100] as const;

/** 结算记录: newest first, filtered by member and institution, paged. */
export function SettlementList({ token, open, version }: { token: string; open: (id: string) => void; version: number }) {
  const t = useT();
  const s = t.settlements;
  const [draft, setDraft] = useState({ memberId: '', institution: '' });
  const [filter, setFilter] = useState<SettlementFilter>({ memberId: '', institution: '', limit: 20, offset: 0 });
  const [items, setItems] = useState<SettlementItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setItems(null);
    setError(null);
    api.settlements(token, filter).then(
      (r) => live && setItems(r.items),
      (e: unknown) => live && setError(messageOf(e, t)),
    );
    return () => {
      live = false;
    };
  }, [token, filter, version, t]);

  function apply(e: FormEvent) {
    e.preventDefault();
    setFilter((f) => ({ ...f, ...draft, offset: 0 }));
  }

  return (
    <section className="card settlement-list" aria-labelledby="list-title">
      <h2 id="list-title">{s.listTitle}</h2>
      <form className="filters" onSubmit={apply}>
        <label>
          {s.filterMember}
          <input id="filter-member" value={draft.memberId} onChange={(e) => setDraft({ ...draft, memberId: e.target.value })} />
        </label>
        <label>
          {s.filterInstitution}
          <input id="filter-institution" value={draft.institution} onChange={(e) => setDraft({ ...draft, institution: e.target.value })} />
        </label>
        <label>
          {s.pageSize}
          <select value={filter.limit} onChange={(e) => setFilter((f) => ({ ...f, limit: Number(e.target.value), offset: 0 }))}>
            {SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{s.filter}</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!items && !error && <p className="note">{s.loading}</p>}
      {items && items.length === 0 && <p className="note">{s.none}</p>}
      {items && items.length > 0 && (
        <div className="table-scroll">
          <table className="parameters settlements-table">
            <thead>
              <tr>
                <th scope="col">{s.createdAt}</th>
                <th scope="col">{s.claim}</th>
                <th scope="col">{s.memberId}</th>
                <th scope="col">{s.institution}</th>
                <th scope="col">{s.status}</th>
                <th scope="col" className="num">{s.total}</th>
                <th scope="col" className="num">{s.funds}</th>
                <th scope="col" className="num">{s.account}</th>
                <th scope="col" className="num">{s.cash}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((x) => (
                <tr key={x.id} data-settlement={x.id}>
                  <td className="period">{dateTimeText(x.createdAt, BOOKS_TIME_ZONE)}</td>
                  <td>
                    <button type="button" className="source" onClick={() => open(x.id)}>
                      {x.claimId}
                    </button>
                  </td>
                  <td>
                    <code>{x.memberId}</code>
                  </td>
                  <td>{x.institution ?? '—'}</td>
                  <td data-status={x.status}>{t.settlementStatuses[x.status as keyof typeof t.settlementStatuses] ?? x.status}</td>
                  <td className="num">{yuanText(x.medfee_sumamt)}</td>
                  <td className="num">{yuanText(x.fund_pay_sumamt)}</td>
                  <td className="num">{yuanText(x.acct_pay)}</td>
                  <td className="num">{yuanText(x.psn_cash_pay)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {items && (filter.offset > 0 || items.length === filter.limit) && (
        <div className="pager">
          <button type="button" disabled={filter.offset === 0} onClick={() => setFilter((f) => ({ ...f, offset: Math.max(0, f.offset - f.limit) }))}>
            {t.member.previous}
          </button>
          <span className="note">
            {filter.offset + 1}–{filter.offset + items.length}
          </span>
          <button type="button" disabled={items.length < filter.limit} onClick={() => setFilter((f) => ({ ...f, offset: f.offset + f.limit }))}>
            {t.member.next}
          </button>
        </div>
      )}
    </section>
  );
}
