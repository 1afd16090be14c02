/**
 * `report.html`: the report in one file that opens without a server. The report's JSON is embedded
 * (a `<script type="application/json">` element: the numbers the charts draw are exactly
 * report.json's), with ECharts inlined (its dist/echarts.min.js, read from the installed package)
 * and tables of the totals for readers without scripts. Charts use the SVG renderer and no
 * animation, so a screenshot shows them drawn. Pure but for reading ECharts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { MONEY_FIELDS } from './aggregate.js';
import type { SimulationReport } from './run.js';

/** ECharts' minified browser build, from the installed package. */
export function echartsSource(): string {
  return readFileSync(createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js'), 'utf8');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON safe inside a <script> element: no `<` (so no `</script>` or `<!--`), U+2028/9 escaped. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Yuan with 2 decimals and thousands separators (the report's numbers have at most 2 decimals). */
export function yuanText(y: number): string {
  const [int, dec] = Math.abs(y).toFixed(2).split('.');
  return `${y < 0 ? '−' : ''}${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec}`;
}

const LABELS: Record<string, string> = {
  medfee_sumamt: '医疗费总额 total cost',
  hifp_pay: '统筹基金 pooled fund',
  hifob_pay: '大额/大病 supplementary',
  hifmi_pay: '大病保险 critical illness',
  oth_pay: '其他 other',
  fund_pay_sumamt: '基金支付合计 all funds',
  psn_part_amt: '个人负担 out of pocket',
  acct_pay: '个人账户 personal account',
  psn_cash_pay: '现金 cash',
};

function totalsTable(report: SimulationReport): string {
  const scenarios = [report.baseline, ...report.reforms];
  const head = `<tr><th>scenario</th><th>members</th><th>claims</th>${MONEY_FIELDS.map((f) => `<th title="${f}">${escapeHtml(LABELS[f]!)}<br><code>${f}</code></th>`).join('')}</tr>`;
  const rows = scenarios.map(
    (s) =>
      `<tr><th>${escapeHtml(s.name)}</th><td>${s.totals.members}</td><td>${s.totals.claims}</td>${MONEY_FIELDS.map((f) => `<td data-field="${f}">${yuanText(s.totals[f])}</td>`).join('')}</tr>`,
  );
  const diffs = report.reforms.map(
    (r) =>
      `<tr class="diff"><th>${escapeHtml(r.name)} − baseline</th><td>${r.difference.members}</td><td>${r.difference.claims}</td>${MONEY_FIELDS.map((f) => `<td>${yuanText(r.difference[f])}</td>`).join('')}</tr>`,
  );
  return `<table id="totals"><thead>${head}</thead><tbody>${[...rows, ...diffs].join('')}</tbody></table>`;
}

function changesTable(report: SimulationReport): string {
  if (report.reforms.length === 0) return '';
  const rows = report.reforms.map(
    (r) =>
      `<tr><th>${escapeHtml(r.name)}</th><td>${r.outOfPocket.compared}</td><td>${r.outOfPocket.rises.members}</td><td>${yuanText(r.outOfPocket.rises.amount)}</td><td>${r.outOfPocket.falls.members}</td><td>${yuanText(r.outOfPocket.falls.amount)}</td><td>${r.outOfPocket.unchanged}</td></tr>`,
  );
  return `<table id="changes"><thead><tr><th>reform</th><th>members compared</th><th>pay more</th><th>more in all (yuan)</th><th>pay less</th><th>less in all (yuan)</th><th>unchanged</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The charts, drawn in the browser from the embedded report. Plain JavaScript (runs as is). */
const CHARTS = String.raw`
(function () {
  var report = JSON.parse(document.getElementById('report').textContent);
  var scenarios = [report.baseline].concat(report.reforms);
  var names = scenarios.map(function (s) { return s.name; });
  var opts = { renderer: 'svg' };
  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el) return;
    option.animation = false;
    option.tooltip = option.tooltip || { trigger: 'axis' };
    option.grid = option.grid || { left: 90, right: 20, top: 40, bottom: 60 };
    echarts.init(el, null, opts).setOption(option);
  }
  function keysOf(table) {
    var seen = {};
    scenarios.forEach(function (s) { Object.keys(s[table]).forEach(function (k) { seen[k] = true; }); });
    return Object.keys(seen).sort();
  }
  function byGroup(id, table, field, title) {
    var keys = keysOf(table);
    chart(id, {
      title: { text: title, textStyle: { fontSize: 14 } },
      legend: { bottom: 0 },
      xAxis: { type: 'category', data: keys },
      yAxis: { type: 'value', name: 'yuan' },
      series: scenarios.map(function (s) {
        return { name: s.name, type: 'bar', data: keys.map(function (k) { return s[table][k] ? s[table][k][field] : 0; }) };
      })
    });
  }
  var fields = ['hifp_pay', 'hifob_pay', 'hifmi_pay', 'oth_pay', 'acct_pay', 'psn_cash_pay'];
  chart('chart-totals', {
    title: { text: 'Who pays: baseline and each reform (yuan)', textStyle: { fontSize: 14 } },
    legend: { bottom: 0 },
    xAxis: { type: 'category', data: names },
    yAxis: { type: 'value', name: 'yuan' },
    series: fields.map(function (f) {
      return { name: f, type: 'bar', stack: 'paid', data: scenarios.map(function (s) { return s.totals[f]; }) };
    })
  });
  byGroup('chart-claim-type', 'byClaimType', 'fund_pay_sumamt', 'Fund outlay (fund_pay_sumamt) by claim type');
  byGroup('chart-age', 'byAgeBand', 'fund_pay_sumamt', 'Fund outlay by age band (age on 1 January)');
  byGroup('chart-status', 'byStatus', 'psn_part_amt', 'Out of pocket (psn_part_amt) by status');
  if (report.reforms.length > 0) {
    chart('chart-changes', {
      title: { text: "Members' out of pocket under each reform, against the baseline", textStyle: { fontSize: 14 } },
      legend: { bottom: 0 },
      xAxis: { type: 'category', data: report.reforms.map(function (r) { return r.name; }) },
      yAxis: { type: 'value', name: 'members' },
      series: [
        { name: 'pay more', type: 'bar', stack: 'm', data: report.reforms.map(function (r) { return r.outOfPocket.rises.members; }) },
        { name: 'unchanged', type: 'bar', stack: 'm', data: report.reforms.map(function (r) { return r.outOfPocket.unchanged; }) },
        { name: 'pay less', type: 'bar', stack: 'm', data: report.reforms.map(function (r) { return r.outOfPocket.falls.members; }) }
      ]
    });
  }
  if (report.baseline.outOfPocketDeciles.length > 0) {
    var labels = report.baseline.outOfPocketDeciles.map(function (_, i) { return 'P' + (i + 1) * 10; });
    chart('chart-deciles', {
      title: { text: 'Out of pocket over the year: deciles among members (yuan)', textStyle: { fontSize: 14 } },
      legend: { bottom: 0 },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', name: 'yuan' },
      series: scenarios.map(function (s) { return { name: s.name, type: 'line', data: s.outOfPocketDeciles }; })
    });
  }
})();
`;

/** The whole page. */
export function reportHtml(report: SimulationReport, echarts: string = echartsSource()): string {
  const title = `yibao simulate: ${report.region} ${report.year}, ${report.population}`;
  const deciles = report.baseline.outOfPocketDeciles.length > 0;
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 1.5rem; color: #222; }
h1 { font-size: 1.3rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
table { border-collapse: collapse; font-size: 0.8rem; margin: 0.5rem 0; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.4rem; text-align: right; }
th { background: #f4f4f4; } tr.diff td { color: #555; }
.chart { width: 100%; max-width: 1000px; height: 360px; margin: 1rem 0; }
.note { color: #666; font-size: 0.85rem; max-width: 60rem; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="note">Every member-year settled by the yibao engine under the shipped rules (baseline) and each reform; sums in yuan, exact to the fen.
${report.population.startsWith('synthetic:') ? 'The population is <strong>synthetic</strong>: generated from illustrative assumptions (simulate/synthetic.yaml), not real data.' : ''}
Members read: ${report.read}; other regions left out: ${report.otherRegion}; invalid lines: ${report.invalid.count}.</p>
<h2>Totals</h2>
${totalsTable(report)}
<div class="chart" id="chart-totals"></div>
<h2>Fund outlay by claim type</h2>
<div class="chart" id="chart-claim-type"></div>
<h2>Out of pocket: who pays more, who pays less</h2>
${changesTable(report)}
${report.reforms.length > 0 ? '<div class="chart" id="chart-changes"></div>' : ''}
${deciles ? '<div class="chart" id="chart-deciles"></div>' : ''}
<h2>By age band and status</h2>
<div class="chart" id="chart-age"></div>
<div class="chart" id="chart-status"></div>
<script type="application/json" id="report">${scriptJson(report)}</script>
<script>${echarts.replace(/<\/script/gi, '<\\/script')}</script>
<script>${CHARTS}</script>
</body>
</html>
`;
}
