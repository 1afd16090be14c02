import { useT } from '../i18n';
import { yuanText } from '../lib/format';
import type { YearTotals } from '../lib/api';
import { totalsChange, totalsRows, type TotalKey } from '../lib/year-totals';

const show = (key: TotalKey, v: number) => (key === 'admissions' ? String(v) : `${yuanText(v)} 元`);

/** A benefit year's totals; with `before`, each total before → after, the changed ones marked. */
export function TotalsTable({ totals, before, caption }: { totals: YearTotals; before?: YearTotals; caption: string }) {
  const t = useT();
  const s = t.settlements;
  if (!before)
    return (
      <table className="fields totals">
        <caption>{caption}</caption>
        <tbody>
          {totalsRows(totals).map((r) => (
            <tr key={r.key} data-total={r.key}>
              <th scope="row">{t.totals[r.key]}</th>
              <td>{show(r.key, r.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  return (
    <table className="fields totals">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col" />
          <th scope="col">{s.before}</th>
          <th scope="col">{s.after}</th>
        </tr>
      </thead>
      <tbody>
        {totalsChange(before, totals).map((r) => (
          <tr key={r.key} data-total={r.key} className={r.changed ? 'changed' : undefined}>
            <th scope="row">{t.totals[r.key]}</th>
            <td data-when="before">{show(r.key, r.before)}</td>
            <td data-when="after">{show(r.key, r.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
