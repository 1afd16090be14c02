import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { useT } from '../i18n';
import { yuanText } from '../lib/format';
import { decileRows, PAYERS, payersByScenario, type SimulationReport } from '../lib/simulation-view';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const PAYER_COLORS = { hifp_pay: '#2f6fb3', layers: '#8a6fb3', acct_pay: '#3a7f9a', psn_cash_pay: '#c0504d' } as const;

/** An ECharts chart in a div, drawn once per option and resized with the window. */
function useChart(option: () => echarts.EChartsCoreOption, deps: readonly unknown[]) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chart.setOption(option());
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, deps);
  return ref;
}

/** Who pays under each scenario: the pooled fund, the layers, the account and cash, stacked. */
export function PayersChart({ report }: { report: SimulationReport }) {
  const t = useT();
  const s = t.simulation;
  const rows = payersByScenario(report);
  const names = rows.map((r) => (r.scenario === 'baseline' ? s.baseline : s.reformCol));
  const ref = useChart(
    () => ({
      animation: false,
      grid: { left: 8, right: 16, top: 56, bottom: 8, containLabel: true },
      legend: { top: 0, itemWidth: 14, textStyle: { fontSize: 11 } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => `${yuanText(Number(v))} 元` },
      xAxis: { type: 'value', axisLabel: { formatter: s.axis } },
      yAxis: { type: 'category', inverse: true, data: names },
      series: PAYERS.map((p) => ({ type: 'bar', stack: 'total', name: s.payers[p], data: rows.map((r) => r.amounts[p]), itemStyle: { color: PAYER_COLORS[p] }, barMaxWidth: 36 })),
    }),
    [report, t],
  );
  const label = rows.map((r, i) => `${names[i]}：${PAYERS.map((p) => `${s.payers[p]} ${yuanText(r.amounts[p])} 元`).join('，')}`).join('；');
  return <div ref={ref} className="simulation-chart payers-chart" role="img" aria-label={label} />;
}

/** Members' yearly out-of-pocket deciles, baseline against reform. */
export function DecilesChart({ report }: { report: SimulationReport }) {
  const t = useT();
  const s = t.simulation;
  const rows = decileRows(report);
  const ref = useChart(
    () => ({
      animation: false,
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${yuanText(Number(v))} 元` },
      xAxis: { type: 'category', data: rows.map((r) => r.label) },
      yAxis: { type: 'value', axisLabel: { formatter: s.axis } },
      series: [
        { type: 'bar', name: s.baseline, data: rows.map((r) => r.baseline), itemStyle: { color: '#8a96a3' }, barMaxWidth: 18 },
        { type: 'bar', name: s.reformCol, data: rows.map((r) => r.reform), itemStyle: { color: '#2f6fb3' }, barMaxWidth: 18 },
      ],
    }),
    [report, t],
  );
  const label = rows.map((r) => `${r.label} ${s.baseline} ${yuanText(r.baseline)}${r.reform === null ? '' : ` / ${s.reformCol} ${yuanText(r.reform)}`}`).join('，');
  return <div ref={ref} className="simulation-chart deciles-chart" role="img" aria-label={label} />;
}

/** Both charts (one lazy chunk with ECharts). */
export function SimulationCharts({ report }: { report: SimulationReport }) {
  const s = useT().simulation;
  return (
    <div className="simulation-charts">
      <figure>
        <figcaption>{s.whoPays}</figcaption>
        <PayersChart report={report} />
      </figure>
      <figure>
        <figcaption>{s.deciles}</figcaption>
        <DecilesChart report={report} />
      </figure>
    </div>
  );
}
