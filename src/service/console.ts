/**
 * What the console (web/, issue 11) needs of the service beside the API: who the token is, the
 * articles a step cites in the regulation's own words, and the console's built files at `/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { citedArticles, defaultPolicies, defaultRegulationTexts, describeRegion, type PolicySet } from '../index.js';
import type { Database } from '../store/schema.js';
import { authenticate, roleText } from './auth.js';
import { invalid, notFound } from './errors.js';

const here = dirname(fileURLToPath(import.meta.url));
/** dist/web: beside dist/service when built, or under dist/ when the service runs from src (tests). */
const WEB_DIRS = [resolve(here, '..', 'web'), resolve(here, '..', '..', 'dist', 'web')];
const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json' };
/** A built asset's name: hashed by Vite, no path. */
const ASSET = /^[A-Za-z0-9_.-]+$/;

export function registerConsole(app: FastifyInstance, db: Kysely<Database>, policies: PolicySet = defaultPolicies()): void {
  app.get('/v1/policies', { schema: { summary: 'The regions and their documents', tags: ['law'] } }, async (req) => {
    await authenticate(db, req.headers.authorization);
    return { regions: [...policies.values()].map((r) => ({ region: r.region, name: r.name, documents: describeRegion(r).documents })) };
  });

  app.get<{ Params: { region: string } }>('/v1/policies/:region', { schema: { summary: "A region's parameters: dated values, document and article, decided readings", tags: ['law'] } }, async (req) => {
    await authenticate(db, req.headers.authorization);
    const region = policies.get(req.params.region);
    if (!region) throw notFound(`region ${req.params.region}`);
    return describeRegion(region);
  });

  app.get('/v1/whoami', { schema: { summary: "The token's role", tags: ['auth'] } }, async (req) => {
    const role = await authenticate(db, req.headers.authorization);
    return { role: roleText(role) };
  });

  app.get<{ Querystring: { source?: string } }>(
    '/v1/articles',
    {
      schema: {
        summary: "The articles a step's source cites, with their text (e.g. 沧政规〔2024〕1号 第七十三条（二）)",
        tags: ['law'],
        querystring: { type: 'object', properties: { source: { type: 'string', maxLength: 500 } }, required: ['source'] },
      },
    },
    async (req) => {
      await authenticate(db, req.headers.authorization);
      const source = req.query.source;
      if (typeof source !== 'string' || source.length === 0 || source.length > 500) throw invalid('source: a step\'s source, 1–500 characters', 'source');
      return { articles: citedArticles(defaultRegulationTexts(), source) };
    },
  );

  const web = WEB_DIRS.find((d) => existsSync(join(d, 'index.html')));
  if (!web) return;
  const index = readFileSync(join(web, 'index.html'));
  app.get('/', { schema: { hide: true } }, (_req, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(index));
  app.get<{ Params: { name: string } }>('/assets/:name', { schema: { hide: true } }, (req, reply) => {
    const name = req.params.name;
    const path = join(web, 'assets', name);
    if (!ASSET.test(name) || !existsSync(path)) return reply.status(404).send({ error: { code: 'not_found', message: `no asset ${name}`, path: '' } });
    const type = TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
    return reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').send(readFileSync(path));
  });
}
