/**
 * report.html: written beside report.json with the report's numbers embedded, and drawn in
 * Chromium (Debian's /usr/bin/chromium, driven by playwright-core; skipped when it is missing):
 * every chart's SVG has shapes, and a screenshot goes to artifacts/screenshots/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { MONEY_FIELDS } from '../src/simulate/aggregate.js';
import { scriptJson, yuanText } from '../src/simulate/html.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'yibao-html-'));
const run = spawnSync(
  process.execPath,
  [`${root}bin/yibao.js`, 'simulate', '--region', 'cangzhou', '--year', '2025', '--population', 'synthetic:400', '--reform', 'examples/reforms/cangzhou-level3-deductible.yaml', '--workers', '2', '--out', out],
  { cwd: root, encoding: 'utf8' },
);

interface Scenario {
  name: string;
  totals: Record<string, number>;
}
interface Report {
  baseline: Scenario;
  reforms: (Scenario & { difference: Record<string, number> })[];
}

describe('report.html', () => {
  it('is written with report.json, named on stdout', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ report: join(out, 'report.json'), csv: join(out, 'totals.csv'), html: join(out, 'report.html') });
  });

  it("embeds report.json's numbers: the JSON element parses back to the report; the totals table shows each sum", () => {
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const embedded = /<script type="application\/json" id="report">(.*?)<\/script>/s.exec(html)![1]!;
    expect(JSON.parse(embedded)).toEqual(report);
    const table = /<table id="totals">.*?<\/table>/s.exec(html)![0];
    for (const s of [report.baseline, ...report.reforms]) {
      const row = new RegExp(`<tr><th>${s.name}</th><td>${s.totals.members}</td><td>${s.totals.claims}</td>(.*?)</tr>`).exec(table)![1]!;
      expect([...row.matchAll(/<td data-field="(\w+)">([^<]*)<\/td>/g)].map((m) => [m[1], m[2]])).toEqual(MONEY_FIELDS.map((f) => [f, yuanText(s.totals[f]!)]));
    }
    // The reform lowers the level-3 deductible: the fund pays more, members less (the difference row).
    const d = report.reforms[0]!.difference;
    expect(d.hifp_pay).toBeGreaterThan(0);
    expect(table).toContain(`<td>${yuanText(d.hifp_pay!)}</td>`);
    // Self-contained: ECharts inlined, nothing fetched.
    expect(html).toContain('echarts');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
  });

  it('yuan in the tables: thousands separators, 2 decimals, a true minus sign', () => {
    expect(yuanText(1234567.5)).toBe('1,234,567.50');
    expect(yuanText(-180)).toBe('−180.00');
    expect(yuanText(0.07)).toBe('0.07');
    // JSON inside <script>: no `<`, so no `</script>` can end it early.
    expect(scriptJson({ a: '</script><!--' })).toBe('{"a":"\\u003c/script>\\u003c!--"}');
  });

  it.skipIf(!existsSync('/usr/bin/chromium'))('opens from the file in Chromium: every chart drawn, screenshot saved', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(join(out, 'report.html')).href);
      const charts = await page.$$eval('.chart', (els) => els.map((el) => ({ id: el.id, shapes: el.querySelectorAll('svg path, svg rect, svg text').length })));
      expect(errors).toEqual([]);
      expect(charts.map((c) => c.id)).toEqual(['chart-totals', 'chart-claim-type', 'chart-changes', 'chart-deciles', 'chart-age', 'chart-status']);
      for (const c of charts) expect(c.shapes, c.id).toBeGreaterThan(10);
      const dir = join(root, 'artifacts', 'screenshots');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'simulate-report.png');
      await page.screenshot({ path: file, fullPage: true });
      expect(statSync(file).size).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
    }
  });
});
