import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { useT } from '../i18n';
import { sharesOf, yuanText } from '../lib/format';
import type { ClaimResult } from '../lib/api';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const COLORS = { hifp: '#2f6fb3', hifob: '#4c9a8a', hifmi: '#8a6fb3', oth: '#b38a2f', person: '#c0504d' } as const;

/** The claim's total as one bar: each fund's share and the person's. */
export function ShareBar({ result }: { result: ClaimResult }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
    const shares = sharesOf(result);
    chart.setOption({
      grid: { left: 8, right: 8, top: 28, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'item', valueFormatter: (v: unknown) => `${yuanText(Number(v))} 元` },
      xAxis: { type: 'value', max: result.medfee_sumamt, show: false },
      yAxis: { type: 'category', data: [''], show: false },
      series: shares.map((s) => ({ type: 'bar', stack: 'total', name: t.shares[s.key], data: [s.yuan], itemStyle: { color: COLORS[s.key] }, barWidth: 28 })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [result, t]);
  return <div ref={ref} className="share-bar" role="img" aria-label={sharesOf(result).map((s) => `${t.shares[s.key]} ${yuanText(s.yuan)}`).join('，')} />;
}
