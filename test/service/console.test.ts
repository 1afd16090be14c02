/** The service's part of the console: who a token is, the articles a step cites, the console at `/`. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from './harness.js';

const WEB = join(import.meta.dirname, '..', '..', 'dist', 'web', 'index.html');

describe('the console routes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness({ name: 'pglite', enabled: true });
  }, 60_000);
  afterAll(async () => h?.close());

  it("whoami names the token's role; no token is 401", async () => {
    expect((await h.call('GET', '/v1/whoami')).json()).toEqual({ role: 'admin' });
    const agency = await h.token('agency');
    expect((await h.call('GET', '/v1/whoami', undefined, agency)).json()).toEqual({ role: 'agency' });
    const none = await h.call('GET', '/v1/whoami', undefined, null);
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('unauthorized');
  });

  it("opens the article a step cites, in the regulation's words", async () => {
    const r = await h.call('GET', `/v1/articles?source=${encodeURIComponent('沧政规〔2024〕1号 第七十三条（二）')}`);
    expect(r.statusCode).toBe(200);
    const [a] = r.json().articles as { doc: string; label: string; text: string }[];
    expect(a!.doc).toBe('沧政规〔2024〕1号');
    expect(a!.label).toBe('第七十三条');
    const regulation = readFileSync(join(import.meta.dirname, '..', '..', 'policies', 'cangzhou', 'cangzheng-gui-2024-1.txt'), 'utf8').replace(/\*\*/g, '');
    expect(regulation).toContain(a!.text.split('\n')[0]!);
    expect((await h.call('GET', '/v1/articles?source=')).statusCode).toBe(400);
    expect((await h.call('GET', `/v1/articles?source=${encodeURIComponent('某文件 第一条')}`)).json()).toEqual({ articles: [] });
  });

  it.skipIf(!existsSync(WEB))('serves the built console at / and its hashed assets', async () => {
    const page = await h.call('GET', '/', undefined, null);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)![1]!;
    const js = await h.call('GET', asset, undefined, null);
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('javascript');
    expect((await h.call('GET', '/assets/..%2Fpackage.json', undefined, null)).statusCode).toBe(404);
    expect((await h.call('GET', '/assets/none.js', undefined, null)).statusCode).toBe(404);
  });
});

describe('the policies as the console reads them', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness({ name: 'pglite', enabled: true });
  }, 60_000);
  afterAll(async () => h?.close());

  it('lists the regions with their documents, and gives a region its parameters; 404 for an unknown one', async () => {
    const list = (await h.call('GET', '/v1/policies')).json() as { regions: { region: string; documents: { id: string }[] }[] };
    expect(list.regions.map((r) => r.region).sort()).toEqual(['cangzhou', 'langfang', 'suihua', 'ziyang']);
    expect(list.regions.find((r) => r.region === 'ziyang')!.documents.map((d) => d.id)).toEqual(['资府办规〔2022〕7号']);
    const suihua = (await h.call('GET', '/v1/policies/suihua')).json() as { schemes: { scheme: string }[] };
    expect(suihua.schemes.map((s) => s.scheme)).toEqual(['employee', 'resident']);
    expect((await h.call('GET', '/v1/policies/nowhere')).statusCode).toBe(404);
    expect((await h.call('GET', '/v1/policies', undefined, null)).statusCode).toBe(401);
  });
});
