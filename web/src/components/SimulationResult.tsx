import { lazy, Suspense } from 'react';
import { useT } from '../i18n';
import { yuanText } from '../lib/format';
import { signedText, totalLines, type SimulationReport } from '../lib/simulation-view';

/** ECharts loads with the first result, not with the console. */
const SimulationCharts = lazy(() => import('./SimulationCharts').then((m) => ({ default: m.SimulationCharts })));

/** A simulation's report: the totals baseline against reform with the difference, and the charts. */
export function SimulationResult({ report }: { report: SimulationReport }) {
  const s = useT().simulation;
  const reform = report.reforms[0];
  const lines = totalLines(report);
  return (
    <section className="simulation-result" aria-labelledby="simulation-result-title">
      <h3 id="simulation-result-title">{s.results}</h3>
      <p className="note facts-line">
        {s.population} {report.population}（{s.syntheticShort}）
        {report.seed === undefined ? '' : ` · seed ${report.seed}`} · {report.year} · {s.claims} {report.baseline.totals.claims}
        {reform ? ` · ${reform.name}` : ''}
      </p>
      <div className="table-scroll">
        <table className="parameters simulation-totals">
          <thead>
            <tr>
              <th scope="col">{s.item}</th>
              <th scope="col" className="num">{s.baseline}</th>
              <th scope="col" className="num">{s.reformCol}</th>
              <th scope="col" className="num">{s.difference}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.row} data-row={l.row}>
                <th scope="row">{s.rows[l.row]}</th>
                <td className="num" data-when="baseline" data-label={s.baseline}>
                  {yuanText(l.baseline)}
                </td>
                <td className="num" data-when="reform" data-label={s.reformCol}>
                  {yuanText(l.reform)}
                </td>
                <td className="num" data-when="difference" data-label={s.differenceShort}>
                  {signedText(l.difference, yuanText)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {reform && <p className="note">{s.change(reform.outOfPocket.rises.members, reform.outOfPocket.falls.members, reform.outOfPocket.unchanged)}</p>}
      <Suspense fallback={<div className="simulation-chart" />}>
        <SimulationCharts report={report} />
      </Suspense>
    </section>
  );
}
