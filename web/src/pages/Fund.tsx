import { lazy, Suspense, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useT } from '../i18n';
import { api, type InstitutionDay } from '../lib/api';
import { isDate } from '../lib/claim-form';
import { messageOf } from '../lib/errors';
import { yuanText } from '../lib/format';
import { BOOKS_TIME_ZONE, dayIn, dayTotals, payersOf, payoutsByPayer } from '../lib/fund-view';

/** ECharts loads with the page's first day, not with the console. */
const FundChart = lazy(() => import('../components/FundChart').then((m) => ({ default: m.FundChart })));

/** 基金: the day's reconciliation per institution and payer, from the journal, and the payouts by fund as bars. */
export function Fund({ token }: { token: string }) {
  const t = useT();
  const f = t.fund;
  const [draft, setDraft] = useState(() => ({ date: dayIn(BOOKS_TIME_ZONE), institution: '' }));
  const [asked, setAsked] = useState(draft);
  const [tried, setTried] = useState(false);
  const [day, setDay] = useState<{ date: string; timeZone: string; institutions: InstitutionDay[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const dateError = tried && !isDate(draft.date) ? t.errors.date : null;

  useEffect(() => {
    let live = true;
    setDay(null);
    setError(null);
    api.reconciliation(token, asked.date, asked.institution).then(
      (r) => live && setDay(r),
      (e: unknown) => live && setError(messageOf(e, t)),
    );
    return () => {
      live = false;
    };
  }, [token, asked, t]);

  function show(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (isDate(draft.date)) setAsked({ ...draft });
  }

  const rows = useMemo(() => day?.institutions ?? [], [day]);
  const payers = useMemo(() => payersOf(rows), [rows]);
  const payouts = useMemo(() => payoutsByPayer(rows), [rows]);
  const all = dayTotals(rows);
  const payerName = (p: string) => t.payers[p] ?? p;

  return (
    <section className="card fund" aria-labelledby="fund-title" aria-busy={!day && !error}>
      <h2 id="fund-title">{f.title}</h2>
      <form className="filters" onSubmit={show}>
        <label>
          {f.date}
          <input id="fund-date" type="date" value={draft.date} onChange={(e) => setDraft({ ...draft, date: e.target.value })} aria-invalid={dateError ? true : undefined} aria-describedby={dateError ? 'fund-date-error' : undefined} />
          {dateError && (
            <span className="field-error" id="fund-date-error" role="alert">
              {dateError}
            </span>
          )}
        </label>
        <label>
          {f.institution}
          <input id="fund-institution" value={draft.institution} onChange={(e) => setDraft({ ...draft, institution: e.target.value })} />
        </label>
        <button type="submit">{f.show}</button>
      </form>
      {day && (
        <p className="note">
          {day.date} · {f.timeZone}（{day.timeZone}）
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!day && !error && <p className="note">{f.loading}</p>}
      {day && rows.length === 0 && <p className="note">{f.none}</p>}
      {day && rows.length > 0 && (
        <>
          <div className="table-scroll">
            <table className="parameters reconciliation">
              <thead>
                <tr>
                  <th scope="col">{f.institutionCol}</th>
                  <th scope="col" className="num">{f.settlements}</th>
                  <th scope="col" className="num">{f.reversals}</th>
                  <th scope="col" className="num">{f.total}</th>
                  {payers.map((p) => (
                    <th key={p} scope="col" className="num">
                      {payerName(p)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.institution ?? ''} data-institution={r.institution ?? ''}>
                    <th scope="row">{r.institution ?? f.noInstitution}</th>
                    <td className="num">{r.settlements}</td>
                    <td className="num">{r.reversals}</td>
                    <td className="num">{yuanText(r.total)}</td>
                    {payers.map((p) => (
                      <td key={p} className="num" data-payer={p}>
                        {yuanText(r.funds[p] ?? 0)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{f.all}</th>
                  <td className="num">{all.settlements}</td>
                  <td className="num">{all.reversals}</td>
                  <td className="num">{yuanText(all.total)}</td>
                  {payouts.map((p) => (
                    <td key={p.payer} className="num">
                      {yuanText(p.yuan)}
                    </td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </div>
          <h3>{f.chart}</h3>
          <Suspense fallback={<div className="fund-chart" />}>
            <FundChart payouts={payouts} />
          </Suspense>
        </>
      )}
    </section>
  );
}
