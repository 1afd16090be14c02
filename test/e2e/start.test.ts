/**
 * The console as a newcomer meets it: `npm start` (dist/service/main.js) on a fresh data folder,
 * signed in with a demonstration token it prints; the calculator's amount equals the CLI's
 * (`yibao settle`) on the same claim, and a step's article opens. Debian's Chromium; skipped
 * where it is missing (.ci/run installs it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'dist', 'service', 'main.js');
const WEB = join(ROOT, 'dist', 'web', 'index.html');
const SHOTS = join(ROOT, 'artifacts', 'screenshots');

describe.skipIf(!existsSync(CHROMIUM) || !existsSync(WEB))('npm start, then the console', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-start-'));
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in with a printed demonstration token; the calculator pays what `yibao settle` pays; an article opens', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1' };
    delete env['DATABASE_URL'];
    delete env['YIBAO_ADMIN_TOKEN'];
    child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const { url, agency, memberId, person } = await new Promise<{ url: string; agency: string; memberId: string; person: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no demo tokens in 90 s: ${out}`)), 90_000);
      child!.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        const u = /Yibao service on (http:\/\/\S+) /.exec(out);
        const t = /Demo tokens: admin=\S+ agency=(\S+) institution:\S+=\S+ person:(\S+)=(\S+)/.exec(out);
        if (u && t) {
          clearTimeout(timer);
          resolve({ url: u[1]!, agency: t[1]!, memberId: t[2]!, person: t[3]! });
        }
      });
      child!.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });

    // The CLI on the calculator's starting claim (Cangzhou 2024, level 3, employed; drug A 5,000, drug B 4,000, service A 6,000).
    const request = {
      region: 'cangzhou',
      scheme: 'employee',
      person: { status: 'employed', birthDate: '1970-05-01' },
      claims: [{ id: 'TRIAL-1', type: 'inpatient', admissionDate: '2024-08-01', dischargeDate: '2024-08-10', hospital: { level: 3, tcm: false }, place: 'local', registration: 'none', items: [{ category: 'drug', class: 'A', amount: 5000 }, { category: 'drug', class: 'B', amount: 4000 }, { category: 'service', class: 'A', amount: 6000 }] }],
    };
    const input = join(dir, 'claim.json');
    writeFileSync(input, JSON.stringify(request));
    const cli = spawnSync(process.execPath, [join(ROOT, 'bin', 'yibao.js'), 'settle', '--input', input], { encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    const fromCli = (JSON.parse(cli.stdout) as { results: { hifp_pay: number; psn_part_amt: number }[] }).results[0]!;
    const yuan = (v: number) => `${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    await page.fill('#token', agency);
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.role').textContent(), { timeout: 15_000 }).toContain('agency');
    const cell = (field: string) => page.locator(`tr[data-field=${field}] td`).textContent();
    await expect.poll(() => cell('hifp_pay'), { timeout: 15_000 }).toBe(yuan(fromCli.hifp_pay));
    expect(await cell('psn_part_amt')).toBe(yuan(fromCli.psn_part_amt));
    await page.locator('button.source', { hasText: '沧政规〔2024〕1号' }).first().click();
    await expect.poll(() => page.locator('aside.article h4').first().textContent(), { timeout: 15_000 }).toMatch(/^沧政规〔2024〕1号 第.+条$/);
    await page.screenshot({ path: join(SHOTS, 'start-calculator-1280x800.png') });

    // The demonstration person's token reads its own member only.
    const get = (path: string) => fetch(`${url}${path}`, { headers: { authorization: `Bearer ${person}` } });
    expect((await get(`/v1/members/${memberId}`)).status).toBe(200);
    expect((await get('/v1/members')).status).toBe(403);
    await page.close();
  }, 120_000);
});
