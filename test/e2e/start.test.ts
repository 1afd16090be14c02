/**
 * The console as a newcomer meets it: `npm start` (dist/service/main.js) on a fresh data folder,
 * signed in with the demonstration tokens it prints. The agency's: the calculator's amount equals
 * the CLI's (`yibao settle`) on the same claim, a step's article opens; a demonstration member's
 * claim settled on 结算 (预结算, 确认结算) moves the year's pooled-fund total on 参保人 by exactly its
 * pooled fund, and 冲正 brings it back to the fen. The person's: its own member only, another's
 * member and settlement refused without their data. Debian's Chromium; skipped where it is missing
 * (.ci/run installs it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { cell, openMember, pickForSettlement, signIn } from './console-page.js';

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

  it("signs in with the printed tokens: the calculator pays what `yibao settle` pays, an article opens, a claim settled and reversed moves the year's totals and back, a person sees its own member only", async () => {
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
    await signIn(page, url, agency);
    await expect.poll(() => page.locator('.role').textContent(), { timeout: 15_000 }).toContain('agency');
    await expect.poll(() => cell(page, 'hifp_pay'), { timeout: 15_000 }).toBe(yuan(fromCli.hifp_pay));
    expect(await cell(page, 'psn_part_amt')).toBe(yuan(fromCli.psn_part_amt));
    await page.locator('button.source', { hasText: '沧政规〔2024〕1号' }).first().click();
    await expect.poll(() => page.locator('aside.article h4').first().textContent(), { timeout: 15_000 }).toMatch(/^沧政规〔2024〕1号 第.+条$/);
    await page.screenshot({ path: join(SHOTS, 'start-calculator-1280x800.png') });

    await page.close();

    // The agency opens the demonstration member on 参保人: the pooled fund's use in 2024 against its annual cap.
    const api = async <T>(token: string, path: string): Promise<T> => {
      const r = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(r.status, `${path}: ${r.status}`).toBe(200);
      return (await r.json()) as T;
    };
    const fen = (v: number) => Math.round(v * 100);
    const yearOf = () => api<{ fundPaid: number }>(agency, `/v1/members/${memberId}/years/2024`);
    const fundPaidBefore = (await yearOf()).fundPaid;
    const clerk = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(clerk, `${url}/#member`, agency);
    // The annual cap's line reads `已支付 5,788.00 元 / 限额 150,000.00 元（3.86%）`: its first part, exactly.
    const annual = async () => (await clerk.locator('[data-cap=annual] .cap-amount').textContent())?.split(' / ')[0];
    await openMember(clerk, '演示甲', memberId, 2024);
    await expect.poll(annual, { timeout: 15_000 }).toBe(`已支付 ${yuan(fundPaidBefore)}`);
    expect(fundPaidBefore).toBeGreaterThan(0); // the demonstration stay and chronic visit of 2024
    const barBefore = Number(await clerk.locator('[data-cap=annual] progress').getAttribute('value'));
    await clerk.evaluate('window.scrollTo(0, 0)');
    await clerk.screenshot({ path: join(SHOTS, 'start-member-before-1280x800.png') });

    // 结算: the same member, the calculator's starting claim at H001, 预结算 then 确认结算.
    await clerk.click('a[href="#settlements"]');
    await pickForSettlement(clerk, '演示甲', memberId, 'H001');
    await clerk.getByRole('button', { name: '预结算', exact: true }).click();
    await expect.poll(() => cell(clerk, 'hifp_pay'), { timeout: 15_000 }).toMatch(/ 元$/);
    const previewed = await cell(clerk, 'hifp_pay');
    await clerk.locator('button.confirm').click();
    await expect.poll(() => clerk.locator('.settled-id code').count(), { timeout: 15_000 }).toBe(1);
    const settlementId = (await clerk.locator('.settled-id code').textContent())!;
    const settled = await api<{ memberId: string; status: string; result: { hifp_pay: number } }>(agency, `/v1/settlements/${settlementId}`);
    expect(settled.memberId).toBe(memberId);
    expect(settled.status).toBe('settled');
    expect(settled.result.hifp_pay).toBeGreaterThan(0);
    expect(previewed).toBe(yuan(settled.result.hifp_pay));
    // The year after: what it was, plus the stay's pooled fund, to the fen.
    const fundPaidAfter = (fen(fundPaidBefore) + fen(settled.result.hifp_pay)) / 100;
    expect(fen((await yearOf()).fundPaid)).toBe(fen(fundPaidAfter));
    await expect.poll(() => clerk.locator('.result [data-total=fundPaid] td').textContent()).toBe(yuan(fundPaidAfter));
    await clerk.evaluate('window.scrollTo(0, 0)');
    await clerk.screenshot({ path: join(SHOTS, 'start-settled-1280x800.png') });

    // 参保人 again: the bar has moved by exactly that amount.
    await clerk.click('a[href="#member"]');
    await openMember(clerk, '演示甲', memberId, 2024);
    await expect.poll(annual, { timeout: 15_000 }).toBe(`已支付 ${yuan(fundPaidAfter)}`);
    expect(Number(await clerk.locator('[data-cap=annual] progress').getAttribute('value'))).toBeGreaterThan(barBefore);
    await clerk.evaluate('window.scrollTo(0, 0)');
    await clerk.screenshot({ path: join(SHOTS, 'start-member-settled-1280x800.png') });

    // The settlement from the member's timeline; 冲正, confirmed in its dialog; the effect shown.
    await clerk.locator('.events li[data-kind=settlement] a', { hasText: settlementId }).click();
    await expect.poll(() => clerk.locator('.settlement-detail dd[data-status]').textContent(), { timeout: 15_000 }).toBe('已结算');
    await clerk.getByRole('button', { name: '冲正', exact: true }).click();
    const dialog = clerk.locator('dialog.confirm-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: '确认冲正' }).click();
    const effect = (when: string) => clerk.locator(`.effect [data-total=fundPaid] td[data-when=${when}]`);
    await expect.poll(() => effect('before').count(), { timeout: 15_000 }).toBe(1);
    expect(await effect('before').textContent()).toBe(yuan(fundPaidAfter));
    expect(await effect('after').textContent()).toBe(yuan(fundPaidBefore));
    await expect.poll(() => clerk.locator('.settlement-detail dd[data-status]').textContent()).toBe('已冲正');
    await clerk.screenshot({ path: join(SHOTS, 'start-reversed-1280x800.png') });
    expect(fen((await yearOf()).fundPaid)).toBe(fen(fundPaidBefore));

    // 参保人 once more: the year's totals where they were.
    await clerk.click('a[href="#member"]');
    await openMember(clerk, '演示甲', memberId, 2024);
    await expect.poll(annual, { timeout: 15_000 }).toBe(`已支付 ${yuan(fundPaidBefore)}`);
    expect(Number(await clerk.locator('[data-cap=annual] progress').getAttribute('value'))).toBe(barBefore);
    await expect.poll(() => clerk.locator('.events li[data-kind=settlement]', { hasText: settlementId }).textContent(), { timeout: 15_000 }).toContain('（已冲正）');

    // 绥化 residents' 两病 caps are each disease's own (糖尿病 600, 第二十三条（三）): the demonstration resident's 2026 diabetes care, a bar of its own.
    const residents = await api<{ items: { id: string }[] }>(agency, `/v1/members?q=${encodeURIComponent('演示丁')}`);
    expect(residents.items).toHaveLength(1);
    const residentId = residents.items[0]!.id;
    const diabetes = (await api<{ chronic: { fundPaidByDisease: Record<string, number> } }>(agency, `/v1/members/${residentId}/years/2026`)).chronic.fundPaidByDisease['糖尿病']!;
    expect(diabetes).toBeGreaterThan(0);
    await clerk.getByRole('button', { name: '← 返回列表' }).click();
    await openMember(clerk, '演示丁', residentId, 2026);
    const bar = clerk.locator('[data-cap=chronic][data-disease=糖尿病]');
    await expect.poll(() => bar.locator('.cap-amount').textContent(), { timeout: 15_000 }).toBe(`已支付 ${yuan(diabetes)} / 限额 600.00 元（${Math.round((diabetes / 600) * 10_000) / 100}%）`);
    expect(await bar.locator('.cap-label').textContent()).toBe('门诊慢性病：糖尿病');
    expect(Number(await bar.locator('progress').getAttribute('value'))).toBeCloseTo(diabetes / 600, 10);
    // Its outpatient pooling against the residents' 200 (第二十三条（二）; a resident read as employed, as the engine reads it).
    const outpatientPaid = (await api<{ outpatient: { fundPaid: number } }>(agency, `/v1/members/${residentId}/years/2026`)).outpatient.fundPaid;
    expect(await clerk.locator('[data-cap=outpatient] .cap-amount').textContent()).toBe(`已支付 ${yuan(outpatientPaid)} / 限额 200.00 元（${Math.round((outpatientPaid / 200) * 10_000) / 100}%）`);
    await bar.scrollIntoViewIfNeeded();
    await clerk.screenshot({ path: join(SHOTS, 'start-member-disease-caps-1280x800.png') });
    await clerk.close();

    // The demonstration person's token: its own member, no search; another member's id refused in words, no data.
    const others = await api<{ items: { id: string; name: string }[] }>(agency, `/v1/members?q=${encodeURIComponent('演示乙')}`);
    const other = others.items[0]!;
    expect(others.items).toHaveLength(1);
    const own = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(own, `${url}/#member`, person);
    await expect.poll(() => own.locator('.member h2').textContent(), { timeout: 15_000 }).toBe('演示甲（虚构）');
    expect(await own.locator('#member-q').count()).toBe(0);
    await own.fill('#member-id', other.id);
    await own.getByRole('button', { name: '打开', exact: true }).click();
    await expect.poll(() => own.locator('.member [role=alert]').textContent(), { timeout: 15_000 }).toMatch(/^当前角色无权执行此操作：.+/);
    expect(await own.locator('.member h2').count()).toBe(0);
    expect(await own.locator('main').textContent()).not.toContain(other.name);
    await own.screenshot({ path: join(SHOTS, 'start-person-forbidden-1280x800.png') });
    // The service says the same: its own member 200, the list 403, the other 403.
    const get = (path: string) => fetch(`${url}${path}`, { headers: { authorization: `Bearer ${person}` } });
    expect((await get(`/v1/members/${memberId}`)).status).toBe(200);
    expect((await get('/v1/members')).status).toBe(403);
    expect((await get(`/v1/members/${other.id}`)).status).toBe(403);
    // Another member's settlement by its address (#settlements/<id>): answered as absent (404), no data.
    const theirs = await api<{ items: { id: string }[] }>(agency, `/v1/settlements?memberId=${other.id}`);
    expect(theirs.items.length).toBeGreaterThan(0);
    const theirId = theirs.items[0]!.id;
    expect((await get(`/v1/settlements/${theirId}`)).status).toBe(404);
    await own.goto(`${url}/#settlements/${theirId}`);
    await expect.poll(() => own.locator('.settlement-detail [role=alert]').textContent(), { timeout: 15_000 }).toBe(`未找到，或当前角色无权查看：settlement ${theirId} not found`);
    expect(await own.locator('.settlement-detail dl.facts').count()).toBe(0);
    await own.screenshot({ path: join(SHOTS, 'start-person-settlement-forbidden-1280x800.png') });
    // On 结算, read only: its own settlements and no one else's (the demonstration's two and the reversed one).
    const mine = await api<{ items: { id: string }[] }>(agency, `/v1/settlements?memberId=${memberId}`);
    expect(mine.items.map((x) => x.id)).toContain(settlementId);
    await own.click('a[href="#settlements"]');
    const rows = own.locator('tr[data-settlement]');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(mine.items.length);
    expect(new Set(await rows.locator('code').allTextContents())).toEqual(new Set([memberId]));
    expect(await own.locator('.settle').count()).toBe(0);
    await own.screenshot({ path: join(SHOTS, 'start-person-settlements-1280x800.png'), fullPage: true });
    // Its navigation offers only what it may open; 基金 by its address is refused in words, no data.
    expect(await own.locator('nav[aria-label=main] a').allTextContents()).toEqual(['结算试算', '参保人', '结算', '政策']);
    await own.goto(`${url}/#fund`);
    await expect.poll(() => own.locator('main [role=alert]').textContent(), { timeout: 15_000 }).toBe('当前角色无权查看此页（基金）');
    expect(await own.locator('main table').count()).toBe(0);
    await own.close();
  }, 120_000);
});
