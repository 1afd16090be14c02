/**
 * The console end to end: the service (on an in-memory PGlite) serves the built console at `/`;
 * Debian's Chromium (playwright-core, never a downloaded browser) signs in with a token, settles the
 * calculator's claim and opens an article from a step. Screenshots of the page at a desktop's and a
 * phone's size go to artifacts/screenshots/ (look at them). Skipped where /usr/bin/chromium is
 * missing; .ci/run installs it.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { settle } from '../../src/index.js';
import { simulate } from '../../src/simulate/run.js';
import { buildApp } from '../../src/service/app.js';
import { creditCodeCheckChar, idNumberCheckDigit } from '../../src/service/ids.js';
import { openStore, type Store } from '../../src/store/open.js';
import { cell, findMember, pickForSettlement, signIn } from './console-page.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(import.meta.dirname, '..', '..', 'artifacts', 'screenshots');
const ADMIN = 'e2e-admin-token';
const WEB = join(import.meta.dirname, '..', '..', 'dist', 'web', 'index.html');

/** A Cangzhou employer (its code's first 17 characters) and an employee of it (an ID number's first 17), enrolled 2020-01-01, enrolled through the API as a clerk would. */
async function enrolCangzhouEmployee(app: FastifyInstance, auth: Record<string, string>, employer: { code17: string; name: string }, person: { first17: string; name: string; sex: 'male' | 'female'; birthDate: string; accountBalance?: number }): Promise<{ employerId: string; memberId: string }> {
  const e = await app.inject({ method: 'POST', url: '/v1/employers', headers: auth, payload: { creditCode: `${employer.code17}${creditCodeCheckChar(employer.code17)}`, name: employer.name, region: 'cangzhou', type: 'enterprise' } });
  expect(e.statusCode).toBe(201);
  const employerId = (e.json() as { id: string }).id;
  const { first17, accountBalance, ...rest } = person;
  const m = await app.inject({ method: 'POST', url: '/v1/members', headers: auth, payload: { idNumber: first17 + idNumberCheckDigit(first17), ...rest, region: 'cangzhou', scheme: 'employee', type: 'employee', status: 'employed', employerId, enrolledOn: '2020-01-01', ...(accountBalance === undefined ? {} : { accountBalance }) } });
  expect(m.statusCode).toBe(201);
  return { employerId, memberId: (m.json() as { id: string }).id };
}

describe.skipIf(!existsSync(CHROMIUM) || !existsSync(WEB))('the console in Chromium', () => {
  let store: Store;
  let app: FastifyInstance;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
    app = await buildApp({ db: store.db, adminToken: ADMIN, logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
  });

  it('signs in, settles the calculator claim as the CLI does, and opens the article of a step', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    await expect.poll(() => page.locator('h2').first().textContent()).toBe('登录');
    await page.screenshot({ path: join(SHOTS, 'sign-in-1280x800.png') });
    await page.fill('#token', 'wrong-token');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('[role=alert]').textContent()).toBe('令牌无效或已过期，请重新登录');
    await page.fill('#token', ADMIN);
    await page.click('button[type=submit]');

    // The starting claim (Cangzhou 2024, level 3, employed; drug A 5,000, drug B 4,000, service A 6,000):
    // the page's amounts are the engine's, to the fen.
    const expected = settle({
      region: 'cangzhou',
      scheme: 'employee',
      person: { status: 'employed', birthDate: '1970-05-01' },
      claims: [{ id: 'TRIAL-1', type: 'inpatient', admissionDate: '2024-08-01', dischargeDate: '2024-08-10', hospital: { level: 3, tcm: false }, place: 'local', registration: 'none', items: [{ category: 'drug', class: 'A', amount: 5000 }, { category: 'drug', class: 'B', amount: 4000 }, { category: 'service', class: 'A', amount: 6000 }] }],
    }).results[0]!;
    expect(expected.hifp_pay).toBe(12510); // (15,000 − 200 pre-self-pay − 900 deductible) × 90%
    await expect.poll(() => cell(page, 'hifp_pay'), { timeout: 15_000 }).toBe('12,510.00 元');
    await expect.poll(() => cell(page, 'psn_part_amt')).toBe('2,490.00 元');

    // Typing settles again: a 4th item, class C 1,000, fully self-paid, the fund unchanged.
    await page.click('text=添加一项');
    await page.selectOption('select[aria-label="甲乙丙 4"]', 'C');
    await page.fill('input[aria-label="金额（元） 4"]', '1000');
    await expect.poll(() => cell(page, 'fulamt_ownpay_amt')).toBe('1,000.00 元');
    await expect.poll(() => cell(page, 'hifp_pay')).toBe('12,510.00 元');

    // A wrong amount: the message beside the field, in Chinese.
    await page.fill('input[aria-label="金额（元） 4"]', '1.005');
    await expect.poll(() => page.locator('#items\\.3\\.amount-error').textContent()).toBe('请填写不小于 0、最多两位小数的金额');
    await page.fill('input[aria-label="金额（元） 4"]', '1000');

    // A step's article, beside the steps, in the regulation's words.
    const source = page.locator('button.source', { hasText: '沧政规〔2024〕1号' }).first();
    await source.click();
    await expect.poll(() => page.locator('aside.article h4').first().textContent()).toMatch(/^沧政规〔2024〕1号 第.+条$/);
    const text = await page.locator('aside.article .article-text').first().textContent();
    const regulation = readFileSync(join(import.meta.dirname, '..', '..', 'policies', 'cangzhou', 'cangzheng-gui-2024-1.txt'), 'utf8');
    expect(regulation.replace(/\*\*/g, '')).toContain(text!.split('\n')[0]!);
    await page.screenshot({ path: join(SHOTS, 'calculator-1280x800-full.png'), fullPage: true });
    await page.locator('aside.article').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'calculator-article-1280x800.png') });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(SHOTS, 'calculator-390x844.png') });
    await page.screenshot({ path: join(SHOTS, 'calculator-390x844-full.png'), fullPage: true });
    // Nothing wider than a phone's screen.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.close();
  }, 60_000);
  it('shows a region\'s parameters with their articles, and what changed between two documents', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, url, ADMIN);
    await page.click('a[href="#policies"]');
    // Cangzhou's annual cap: 150,000 yuan from 沧政规〔2024〕1号 第七十三条, as the file writes it.
    const cap = page.locator('tr[data-parameter="annualCap"]');
    await expect.poll(() => cap.count(), { timeout: 15_000 }).toBe(2);
    expect(await cap.nth(1).textContent()).toContain('沧政规〔2024〕1号 第七十三条');
    expect(await cap.nth(1).textContent()).toContain('{ kind: fixed, amount: 150000 }');
    await page.screenshot({ path: join(SHOTS, 'policies-1280x800.png') });
    await page.check('text=对比两份文件');
    await expect.poll(() => page.locator('h3', { hasText: '有变化的参数' }).count()).toBe(1);
    expect(await page.locator('table.parameters').textContent()).toContain('outpatient.ratio');
    await page.screenshot({ path: join(SHOTS, 'policies-compare-1280x800.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SHOTS, 'policies-390x844.png') });
    await page.close();
  }, 60_000);
  it("finds a member, masked: the year's use against each cap, the timeline, the account statement; a person sees its own only", async () => {
    // Enrol a Cangzhou employee and settle one stay through the API (as an agency clerk would).
    const auth = { authorization: `Bearer ${ADMIN}` };
    // 沧州 130902, born 1970-05-01, sequence 123 (odd: male)
    const { employerId, memberId } = await enrolCangzhouEmployee(app, auth, { code17: '91130900MA07L1234', name: '沧州测试有限公司' }, { first17: '13090219700501123', name: '张测试', sex: 'male', birthDate: '1970-05-01', accountBalance: 500 });
    // Covered on the stay's dates: contributions paid for every month of 2024.
    const paid = await app.inject({ method: 'POST', url: `/v1/members/${memberId}/contributions`, headers: auth, payload: { from: '2024-01', until: '2024-12', amount: 600, paidOn: '2024-01-10' } });
    expect(paid.statusCode).toBe(201);
    const claim = { id: 'E2E-1', type: 'inpatient', admissionDate: '2024-08-01', dischargeDate: '2024-08-10', hospital: { level: 3, tcm: false }, items: [{ category: 'drug', class: 'A', amount: 10900 }] };
    const settled = await app.inject({ method: 'POST', url: '/v1/settlements', headers: { ...auth, 'idempotency-key': 'e2e-member-1' }, payload: { memberId, claim } });
    expect(settled.statusCode).toBe(201);
    // (10,900 − 900 deductible) × 90% = 9,000 from the pooled fund: 6% of the 150,000 cap.
    expect((settled.json() as { result: { hifp_pay: number } }).result.hifp_pay).toBe(9000);

    const settlementId = (settled.json() as { id: string }).id;
    const statement = (await app.inject({ method: 'GET', url: `/v1/members/${memberId}/account`, headers: auth })).json() as { balance: number; lines: { amount: number; balance: number }[] };

    const agency = (await app.inject({ method: 'POST', url: '/v1/tokens', headers: auth, payload: { role: 'agency' } })).json() as { token: string };
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, `${url}/#member`, agency.token);
    const row = await findMember(page, '张测试', memberId);
    // The agency sees the ID number masked.
    expect(await row.locator('code').textContent()).toMatch(/^130902\*+\d{3}[\dX]$/);
    await row.locator('button').click();
    // The year from the member's years; the caps: the pooled fund's 150,000 and the outpatient pooling's 3,500 (employed) with bars, 大额 none given.
    await expect.poll(() => page.locator('#member-year option[value="2024"]').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('#member-year option[value="2020"]').count()).toBe(1);
    await page.selectOption('#member-year', '2024');
    await expect.poll(() => page.locator('[data-cap=annual] .cap-amount').textContent()).toBe('已支付 9,000.00 元 / 限额 150,000.00 元（6%）');
    expect(await page.locator('[data-cap=annual] progress').getAttribute('value')).toBe('0.06');
    expect(await page.locator('[data-cap=outpatient] .cap-amount').textContent()).toBe('已支付 0.00 元 / 限额 3,500.00 元（0%）');
    expect(await page.locator('[data-cap=largeExpense] progress').count()).toBe(0);
    expect(await page.locator('[data-cap=largeExpense] .cap-amount').textContent()).toBe('已支付 0.00 元 / 未给出限额数额');
    // The timeline: enrolment, the contributions, the settlement with its id, in date order.
    const events = page.locator('.events li');
    await expect.poll(() => page.locator('.events li[data-kind=settlement]').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('.events li').first().textContent()).toContain('参保登记（沧州 职工医保，职工）');
    expect(await page.locator('.events li[data-kind=contribution]').first().textContent()).toContain('缴费 2024-01 600.00 元');
    const settlementEvent = page.locator('.events li[data-kind=settlement]');
    expect(await settlementEvent.textContent()).toContain('结算 E2E-1：医疗费 10,900.00 元，基金支付 9,000.00 元');
    expect(await settlementEvent.locator('code').textContent()).toBe(settlementId);
    const dates = await events.locator('time').allTextContents();
    expect([...dates].sort()).toEqual(dates);
    // The account statement: every line of the service's, the running balance, the balance.
    expect(await page.locator('.statement-lines tbody tr').count()).toBe(statement.lines.length);
    expect(await page.locator('[data-balance]').textContent()).toBe(`${statement.balance.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`);
    expect(statement.lines.length).toBeGreaterThanOrEqual(2); // the opening balance, the stay's account payment
    expect(await page.locator('.statement-lines tbody tr').first().textContent()).toContain('期初余额');
    const running = await page.locator('.statement-lines td[data-running]').allTextContents();
    expect(running.at(-1)).toBe(statement.balance.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
    expect(await page.locator('.events li[data-kind=account]').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.account-statement [role=alert]').count()).toBe(0);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(SHOTS, 'member-1280x800.png') });
    await page.screenshot({ path: join(SHOTS, 'member-1280x800-full.png'), fullPage: true });
    // Filtered by kind: the settlement alone.
    await page.selectOption('#timeline-kind', 'settlement');
    await expect.poll(() => events.count()).toBe(1);
    await page.selectOption('#timeline-kind', 'all');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(SHOTS, 'member-390x844.png') });
    await page.screenshot({ path: join(SHOTS, 'member-390x844-full.png'), fullPage: true });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    // The settlement's id in the timeline opens its detail on the 结算 page (#settlements/<id>); back returns to 参保人.
    await page.locator('.events li[data-kind=settlement] a').click();
    await expect.poll(() => page.evaluate('location.hash')).toBe(`#settlements/${settlementId}`);
    await expect.poll(() => page.locator('.settlement-detail dd[data-status]').textContent(), { timeout: 15_000 }).toBe('已结算');
    await page.goBack();
    await expect.poll(() => page.locator('nav a[aria-current=page]').textContent()).toBe('参保人');
    await page.close();

    // A person's token: its own member straight away; another member's id is refused (403) in the service's words.
    const otherFirst17 = '13090219750607124';
    const other = await app.inject({ method: 'POST', url: '/v1/members', headers: auth, payload: { idNumber: otherFirst17 + idNumberCheckDigit(otherFirst17), name: '王他人', sex: 'female', birthDate: '1975-06-07', region: 'cangzhou', scheme: 'employee', type: 'employee', status: 'employed', employerId, enrolledOn: '2021-01-01' } });
    expect(other.statusCode).toBe(201);
    const mine = (await app.inject({ method: 'POST', url: '/v1/tokens', headers: auth, payload: { role: `person:${memberId}` } })).json() as { token: string };
    const own = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(own, `${url}/#member`, mine.token);
    await expect.poll(() => own.locator('.member h2').textContent(), { timeout: 15_000 }).toBe('张测试');
    await expect.poll(() => own.locator('.events li[data-kind=settlement]').count(), { timeout: 15_000 }).toBe(1);
    await own.fill('#member-id', (other.json() as { id: string }).id);
    await own.getByRole('button', { name: '打开', exact: true }).click();
    await expect.poll(() => own.locator('.member [role=alert]').textContent(), { timeout: 15_000 }).toMatch(/^当前角色无权执行此操作：.+/);
    await own.screenshot({ path: join(SHOTS, 'member-person-forbidden-390x844.png') });
    await own.getByRole('button', { name: '← 返回本人信息' }).click();
    await expect.poll(() => own.locator('.member h2').textContent(), { timeout: 15_000 }).toBe('张测试');
    await own.close();
  }, 90_000);

  it("settles a member's claim on the 结算 page (preview, then confirm), reverses it, and the year's totals go back; the 基金 page shows the day", async () => {
    const auth = { authorization: `Bearer ${ADMIN}` };
    // 沧州 130902, born 1980-03-02, sequence 235 (odd: male)
    const { memberId } = await enrolCangzhouEmployee(app, auth, { code17: '91130900MA07L5678', name: '沧州结算测试有限公司' }, { first17: '13090219800302235', name: '李结算', sex: 'male', birthDate: '1980-03-02' });
    expect((await app.inject({ method: 'POST', url: `/v1/members/${memberId}/contributions`, headers: auth, payload: { from: '2024-01', until: '2024-12', amount: 600, paidOn: '2024-01-10' } })).statusCode).toBe(201);
    const yearOf = async () => (await app.inject({ method: 'GET', url: `/v1/members/${memberId}/years/2024`, headers: auth })).json() as { fundPaid: number };
    const fundPaidBefore = (await yearOf()).fundPaid;
    const agency = (await app.inject({ method: 'POST', url: '/v1/tokens', headers: auth, payload: { role: 'agency' } })).json() as { token: string };

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, `${url}/#settlements`, agency.token);
    // The member from the search, the institution's code, the calculator's starting claim.
    await pickForSettlement(page, '李结算', memberId, 'H001');
    // 确认结算 waits for 预结算.
    expect(await page.locator('button.confirm').isDisabled()).toBe(true);
    await page.getByRole('button', { name: '预结算', exact: true }).click();
    await expect.poll(() => cell(page, 'hifp_pay'), { timeout: 15_000 }).toBe('12,510.00 元');
    // A double click: the same Idempotency-Key twice, one settlement.
    await page.evaluate("(() => { const b = document.querySelector('button.confirm'); b.click(); b.click(); })()");
    await expect.poll(() => page.locator('.settled-id code').count(), { timeout: 15_000 }).toBe(1);
    const settlementId = (await page.locator('.settled-id code').textContent())!;
    await expect.poll(() => page.locator('[data-total=fundPaid] td').textContent()).toBe('12,510.00 元');
    const listed = (await app.inject({ method: 'GET', url: `/v1/settlements?memberId=${memberId}`, headers: auth })).json() as { items: { id: string }[] };
    expect(listed.items.map((x) => x.id)).toEqual([settlementId]);
    await expect.poll(() => page.locator(`tr[data-settlement="${settlementId}"]`).count()).toBe(1);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(SHOTS, 'settlements-1280x800.png') });
    await page.screenshot({ path: join(SHOTS, 'settlements-1280x800-full.png'), fullPage: true });

    // The detail: steps with their articles; 冲正 asked in a dialog (Esc closes it), then done.
    await page.getByRole('button', { name: '查看结算详情' }).click();
    await expect.poll(() => page.locator('.settlement-detail dd[data-status]').textContent(), { timeout: 15_000 }).toBe('已结算');
    await page.locator('.settlement-detail button.source', { hasText: '沧政规〔2024〕1号' }).first().click();
    await expect.poll(() => page.locator('aside.article h4').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: '冲正', exact: true }).click();
    const dialog = page.locator('dialog.confirm-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await page.getByRole('button', { name: '冲正', exact: true }).click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'settlement-reversal-dialog-1280x800.png') });
    await dialog.locator('button.danger').click();
    const before = page.locator('.effect [data-total=fundPaid] td[data-when=before]');
    await expect.poll(() => before.count(), { timeout: 15_000 }).toBe(1);
    expect(await before.textContent()).toBe('12,510.00 元');
    expect(await page.locator('.effect [data-total=fundPaid] td[data-when=after]').textContent()).toBe(`${fundPaidBefore.toFixed(2)} 元`);
    expect((await yearOf()).fundPaid).toBe(fundPaidBefore);
    await expect.poll(() => page.locator('.settlement-detail dd[data-status]').textContent()).toBe('已冲正');
    await page.screenshot({ path: join(SHOTS, 'settlement-reversed-1280x800.png'), fullPage: true });
    // The printed statement (结算单): the title, the facts, the fields and every step with its article; no navigation, no buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.statement-title').isVisible()).toBe(true);
    expect(await page.locator('.statement-title').textContent()).toBe('基本医疗保险费用结算单');
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '打印结算单' }).isVisible()).toBe(false);
    // The article panel opened above is on screen, not on paper.
    expect(await page.locator('aside.article').count()).toBeGreaterThan(0);
    expect(await page.locator('aside.article').first().isVisible()).toBe(false);
    const steps = page.locator('.settlement-detail ol > li');
    expect(await steps.count()).toBeGreaterThan(5);
    expect(await steps.last().isVisible()).toBe(true);
    // Each step's article is printed with it.
    const articles = page.locator('.settlement-detail ol > li button.source');
    expect(await articles.count()).toBe(await steps.count());
    expect(await articles.last().isVisible()).toBe(true);
    expect(await page.locator('.settlement-detail ol').textContent()).toContain('沧政规〔2024〕1号 第六十六条');
    await page.screenshot({ path: join(SHOTS, 'settlement-statement-print-1280x800.png'), fullPage: true });
    await page.pdf({ path: join(SHOTS, 'settlement-statement.pdf'), format: 'A4', printBackground: false });
    await page.emulateMedia({ media: 'screen' });
    expect(await page.getByRole('button', { name: '打印结算单' }).isVisible()).toBe(true);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SHOTS, 'settlement-reversed-390x844.png') });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: '← 返回结算记录' }).click();
    await expect.poll(() => page.locator(`tr[data-settlement="${settlementId}"] td[data-status]`).textContent()).toBe('已冲正');
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(SHOTS, 'settlements-390x844.png') });
    await page.screenshot({ path: join(SHOTS, 'settlements-390x844-full.png'), fullPage: true });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);

    // The same stay settled again at H001 through the API: the day at H001 is 2 settlements, 1 reversal, one stay's pooled fund.
    const again = await app.inject({ method: 'POST', url: '/v1/settlements', headers: { authorization: `Bearer ${agency.token}`, 'idempotency-key': 'e2e-settle-again' }, payload: { memberId, claim: { id: 'E2E-AGAIN', type: 'inpatient', admissionDate: '2024-08-01', dischargeDate: '2024-08-10', hospital: { level: 3, tcm: false, code: 'H001' }, items: [{ category: 'drug', class: 'A', amount: 5000 }, { category: 'drug', class: 'B', amount: 4000 }, { category: 'service', class: 'A', amount: 6000 }] } } });
    expect(again.statusCode).toBe(201);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.click('a[href="#fund"]');
    const row = page.locator('tr[data-institution="H001"]');
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.locator('td').nth(0).textContent()).toBe('2');
    expect(await row.locator('td').nth(1).textContent()).toBe('1');
    expect(await row.locator('td[data-payer="fund:pooled"]').textContent()).toBe('12,510.00');
    await expect.poll(() => page.locator('.fund-chart svg').count(), { timeout: 15_000 }).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'fund-1280x800.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SHOTS, 'fund-390x844.png') });
    await page.screenshot({ path: join(SHOTS, 'fund-390x844-full.png'), fullPage: true });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.close();

    // An institution's token: its own code, not to be changed; another institution's settlements refused (403) in words.
    const h002 = (await app.inject({ method: 'POST', url: '/v1/tokens', headers: auth, payload: { role: 'institution:H002' } })).json() as { token: string };
    const inst = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(inst, `${url}/#settlements`, h002.token);
    await expect.poll(() => inst.locator('#settle-hospital').count(), { timeout: 15_000 }).toBe(1);
    expect(await inst.inputValue('#settle-hospital')).toBe('H002');
    expect(await inst.locator('#settle-hospital').getAttribute('readonly')).not.toBeNull();
    await inst.fill('#filter-institution', 'H001');
    await inst.getByRole('button', { name: '筛选' }).click();
    await expect.poll(() => inst.locator('.settlement-list [role=alert]').textContent()).toMatch(/^当前角色无权执行此操作：/);
    await inst.close();
  }, 90_000);
  it('runs a reform on a synthetic population on the 测算 page: the totals as simulate() gives them, the charts, a field at fault', async () => {
    const text = readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'reforms', 'cangzhou-level3-deductible.yaml'), 'utf8');
    const direct = await simulate({ region: 'cangzhou', year: 2025, population: { kind: 'synthetic', members: 200 }, reforms: [{ file: 'x.yaml', text }], workers: 1, chunkSize: 1000, skipInvalid: false, seed: 1 });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, `${url}/#simulation`, ADMIN);
    await expect.poll(() => page.locator('#sim-example option:checked').textContent(), { timeout: 15_000 }).toContain('沧州市职工住院三级医疗机构起付标准调整');
    await page.fill('#sim-members', '200');
    await page.fill('#sim-year', '2025');
    const run = page.locator('.simulation-form button[type=submit]');
    // The reply held back a moment: the button is disabled, saying it runs, until the report is in.
    let requests = 0;
    await page.route('**/v1/simulations', async (route) => {
      requests += 1;
      const response = await route.fetch();
      await new Promise((done) => setTimeout(done, 1000));
      await route.fulfill({ response });
    });
    await run.click();
    await expect.poll(() => run.textContent()).toBe('正在测算…');
    expect(await run.isDisabled()).toBe(true);
    await run.click({ force: true });
    const diff = (row: string) => page.locator(`.simulation-totals tr[data-row=${row}] td[data-when=difference]`).textContent();
    const yuan = (v: number) => { const f = Math.round(v * 100); return `${f > 0 ? '+' : f < 0 ? '-' : ''}${Math.floor(Math.abs(f) / 100).toLocaleString('en')}.${String(Math.abs(f) % 100).padStart(2, '0')}`; };
    await expect.poll(() => diff('hifp_pay'), { timeout: 30_000 }).toBe(yuan(direct.reforms[0]!.difference.hifp_pay));
    expect(direct.reforms[0]!.difference.hifp_pay).toBeGreaterThan(0);
    expect(requests).toBe(1);
    expect(await run.isDisabled()).toBe(false);
    await page.unroute('**/v1/simulations');
    expect(await diff('psn_part_amt')).toBe(yuan(direct.reforms[0]!.difference.psn_part_amt));
    expect(await page.locator('.simulation .synthetic-note').textContent()).toContain('合成人口');
    expect(await page.locator('.simulation-result .facts-line').textContent()).toContain('synthetic:200（合成人口，仅作示意）');
    await expect.poll(() => page.locator('.payers-chart svg').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.locator('.deciles-chart svg').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'simulation-1280x800.png') });
    await page.screenshot({ path: join(SHOTS, 'simulation-1280x800-full.png'), fullPage: true });

    // One parameter edited: a start on the day the shipped value starts overlaps it; the service's message beside the date.
    await page.check('input[name=sim-mode][value=parameter]');
    await expect.poll(() => page.locator('#sim-parameter option').count(), { timeout: 15_000 }).toBeGreaterThan(5);
    await page.selectOption('#sim-parameter', 'employee.inpatient.deductible.tables');
    await expect.poll(() => page.inputValue('#sim-value')).toContain('"level3": 900');
    await page.fill('#sim-value', (await page.inputValue('#sim-value')).replace('"level3": 900', '"level3": 700'));
    await page.fill('#sim-from', '2024-06-27');
    await page.fill('#sim-note', 'Proposal: level-3 deductible 700');
    await run.click();
    await expect.poll(() => page.locator('#sim-from-error').textContent(), { timeout: 30_000 }).toContain('overlapping');
    expect(await page.getAttribute('#sim-from', 'aria-invalid')).toBe('true');
    await page.locator('#sim-from').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'simulation-error-1280x800.png') });
    await page.fill('#sim-from', '2025-01-01');
    await run.click();
    await expect.poll(() => page.locator('.simulation-result .note.facts-line').textContent(), { timeout: 30_000 }).toContain('测算方案：employee.inpatient.deductible.tables');
    await expect.poll(() => diff('hifp_pay')).toBe(yuan(direct.reforms[0]!.difference.hifp_pay));
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(SHOTS, 'simulation-390x844.png') });
    await page.screenshot({ path: join(SHOTS, 'simulation-390x844-full.png'), fullPage: true });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.close();
  }, 90_000);
});
