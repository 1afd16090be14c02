// npm run bench:console — the console's bundle size and the calculator's time to interactive on
// localhost: the service on an in-memory PGlite serving dist/web, Debian's Chromium (playwright-core).
// Prints: bundle bytes (raw and gzip), then the median of RUNS page loads of: the sign-in form
// usable (DOMContentLoaded and the token field enabled), and the calculator's first settled amount
// after signing in.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { buildApp } from '../dist/service/app.js';
import { openStore } from '../dist/store/open.js';

const RUNS = Number(process.env.RUNS ?? 5);
const WEB = new URL('../dist/web/', import.meta.url).pathname;
const assets = readdirSync(join(WEB, 'assets')).map((f) => join(WEB, 'assets', f));
const raw = assets.reduce((a, f) => a + statSync(f).size, 0);
const gz = assets.reduce((a, f) => a + gzipSync(readFileSync(f)).length, 0);
console.log(`bundle: ${assets.length} files, ${(raw / 1024).toFixed(0)} KiB raw, ${(gz / 1024).toFixed(0)} KiB gzip`);

const store = await openStore({ dataDir: 'memory://' });
const app = await buildApp({ db: store.db, adminToken: 'bench-admin', logger: false });
await app.listen({ host: '127.0.0.1', port: 0 });
const url = `http://127.0.0.1:${app.server.address().port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const signIn = [];
const settled = [];
for (let i = 0; i < RUNS + 1; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const t0 = performance.now();
  await page.goto(url);
  await page.waitForSelector('#token:not([disabled])');
  const t1 = performance.now();
  await page.fill('#token', 'bench-admin');
  const t2 = performance.now();
  await page.click('button[type=submit]');
  await page.waitForSelector('tr[data-field=hifp_pay] td');
  const t3 = performance.now();
  if (i > 0) {
    signIn.push(t1 - t0);
    settled.push(t3 - t2);
  }
  await context.close();
}
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
console.log(`sign-in form usable: ${median(signIn).toFixed(0)} ms (median of ${RUNS}, first load excluded)`);
console.log(`calculator's first settled amount after signing in: ${median(settled).toFixed(0)} ms (includes the 300 ms typing debounce)`);
await browser.close();
await app.close();
await store.close();
