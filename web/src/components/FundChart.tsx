import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { useT } from '../i18n';
import { yuanText } from '../lib/format';

echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

const COLORS: Record<string, string> = { 'fund:pooled': '#2f6fb3', 'fund:large_expense': '#4c9a8a', 'fund:critical_illness': '#8a6fb3', 'fund:commercial': '#b38a2f', 'fund:other': '#6f8a3a', personal_account: '#3a7f9a', member_cash: '#c0504d' };

/** The day's payouts, one bar per payer (funds, then the account and cash). */
export function FundChart({ payouts }: { payouts: { payer: string; yuan: number }[] }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const name = (p: string) => t.payers[p] ?? p;
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'item', valueFormatter: (v: unknown) => `${yuanText(Number(v))} 元` },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => yuanText(v).replace(/\.00$/, '') } },
      yAxis: { type: 'category', inverse: true, data: payouts.map((p) => name(p.payer)) },
      series: [
        {
          type: 'bar',
          data: payouts.map((p) => ({ value: p.yuan, itemStyle: { color: COLORS[p.payer] ?? '#5b6670' } })),
          label: { show: true, position: 'right', formatter: (x: { value: unknown }) => yuanText(Number(x.value)) },
          barMaxWidth: 26,
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [payouts, t]);
  return <div ref={ref} className="fund-chart" style={{ height: `${Math.max(120, payouts.length * 40 + 40)}px` }} role="img" aria-label={payouts.map((p) => `${name(p.payer)} ${yuanText(p.yuan)} 元`).join('，')} />;
}
