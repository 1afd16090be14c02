/**
 * Every rule traces to an article: each `article` the policy files cite exists in the regulation's
 * own text shipped beside the file (policies/<region>/<name>.txt), and so does each item （一）… it names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_POLICY_DIR, loadRegulationTexts } from '../src/policy/load.js';
import { account, contribution, eligibility, maternity, retirement, settle, type Step } from '../src/index.js';
import { requestOf, scenario } from './scenarios.js';
import { chineseNumber, citedArticles, missingReferences, numberLabel, parseCitation, parseRegulation } from '../src/policy/texts.js';

/** Every step of a command's result, wherever it sits (results[].steps, steps, …). */
function stepsOf(node: unknown): Step[] {
  if (Array.isArray(node)) return node.flatMap(stepsOf);
  if (node === null || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  if (typeof o.rule === 'string' && typeof o.source === 'string' && 'text' in o) return [o as unknown as Step];
  return Object.values(o).flatMap(stepsOf);
}

/** Every `article` string in a policy file, with its path. */
function citations(node: unknown, path: string, out: { path: string; article: string }[]): void {
  if (Array.isArray(node)) node.forEach((x, i) => citations(x, `${path}[${i}]`, out));
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'article' && typeof v === 'string') out.push({ path, article: v });
      else citations(v, path ? `${path}.${k}` : k, out);
    }
  }
}

const EXAMPLES = join(DEFAULT_POLICY_DIR, '..', 'examples');

const files = readdirSync(DEFAULT_POLICY_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(DEFAULT_POLICY_DIR, d.name)).filter((f) => f.endsWith('.yaml')).map((f) => join(DEFAULT_POLICY_DIR, d.name, f)));

describe('the regulations as data', () => {
  it('reads Chinese numerals as the texts write article numbers, both ways', () => {
    expect(chineseNumber('十')).toBe(10);
    expect(chineseNumber('十三')).toBe(13);
    expect(chineseNumber('二十')).toBe(20);
    expect(chineseNumber('一百零四')).toBe(104);
    expect(chineseNumber('一百二十')).toBe(120);
    for (let n = 1; n <= 200; n++) expect(chineseNumber(numberLabel(n))).toBe(n);
    expect(numberLabel(104)).toBe('一百零四');
    expect(numberLabel(110)).toBe('一百一十');
  });

  it('parses citations into articles and items', () => {
    expect(parseCitation('第九条（一）4、（二）2')).toEqual([{ article: 9, item: 1 }, { article: 9, item: 2 }]);
    expect(parseCitation('第三十条、第三十三条')).toEqual([{ article: 30 }, { article: 33 }]);
    expect(parseCitation('第九条（二）1、第十条')).toEqual([{ article: 9, item: 2 }, { article: 10 }]);
    expect(parseCitation('第九十四条（六）')).toEqual([{ article: 94, item: 6 }]);
    expect(parseCitation('附件2')).toBeUndefined();
  });

  it('splits a text into articles at line-start headings only, with their items', () => {
    const text = ['通知正文，依据第三条。', '## 第一章 总则', '**第一条** 目的。', '第二条 范围：', '（一）职工；', '(二) 居民。', '按第一条执行。', '第二章 待遇', '第三条 待遇。'].join('\n');
    const r = parseRegulation('X', text);
    expect([...r.articles.keys()]).toEqual([1, 2, 3]);
    expect(r.articles.get(1)!.text).toBe('第一条 目的。');
    expect(r.articles.get(2)!.items).toEqual([1, 2]);
    expect(r.articles.get(2)!.text).toBe('第二条 范围：\n（一）职工；\n(二) 居民。\n按第一条执行。');
  });

  for (const file of files) {
    it(`${file.slice(DEFAULT_POLICY_DIR.length + 1)}: every cited article is in the text beside it`, () => {
      const doc = parse(readFileSync(file, 'utf8')) as { document: { id: string } };
      const text = parseRegulation(doc.document.id, readFileSync(file.replace(/\.yaml$/, '.txt'), 'utf8'));
      // The articles run 1..N without a gap: the split found every heading.
      const numbers = [...text.articles.keys()].sort((a, b) => a - b);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
      const cited: { path: string; article: string }[] = [];
      citations(doc, '', cited);
      expect(cited.length).toBeGreaterThan(0);
      const missing = cited.flatMap((c) => missingReferences(text, c.article).map((m) => `${c.path}: ${c.article} → ${m}`));
      expect(missing).toEqual([]);
    });
  }
});

describe('the article beside the amount', () => {
  const texts = loadRegulationTexts();

  it('finds each shipped regulation by its document id', () => {
    expect([...texts.keys()].sort()).toEqual(['廊坊市职工基本医疗保险实施办法（征求意见稿）', '沧政办发〔2021〕10号', '沧政规〔2024〕1号', '绥化市医疗保险管理办法', '资府办规〔2022〕7号'].sort());
  });

  it('names what a citation misses: the article, or the item within it', () => {
    const text = texts.get('沧政规〔2024〕1号')!;
    expect(missingReferences(text, '第九十四条（六）')).toEqual([]);
    expect(missingReferences(text, '第九十四条（九）')).toEqual(['第九十四条（九）']);
    expect(missingReferences(text, '第二百条')).toEqual(['第二百条']);
  });

  it('opens the articles a step cites, text included', () => {
    const [a] = citedArticles(texts, '沧政规〔2024〕1号 第七十三条（二）');
    expect(a!.doc).toBe('沧政规〔2024〕1号');
    expect(a!.label).toBe('第七十三条');
    expect(a!.text.startsWith('第七十三条')).toBe(true);
    expect(citedArticles(texts, '沧政规〔2024〕1号 第三十条、第三十五条').map((x) => x.label)).toEqual(['第三十条', '第三十五条']);
    expect(citedArticles(texts, '某市文件 第一条')).toEqual([]);
  });

  const COMMANDS: Record<string, (request: unknown) => unknown> = { settle, contribution, eligibility, account, retirement, maternity };
  for (const example of readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'))) {
    const command = COMMANDS[example.split('-')[0]!]!;
    it(`every step of examples/${example} opens an article`, () => {
      const steps = stepsOf(command(JSON.parse(readFileSync(join(EXAMPLES, example), 'utf8'))));
      expect(steps.length).toBeGreaterThan(0);
      const unopened = steps.filter((s) => citedArticles(texts, s.source).length === 0).map((s) => `${s.rule}: ${s.source}`);
      expect(unopened).toEqual([]);
    });
  }
});

describe('every step of any settlement opens an article (property)', () => {
  const texts = loadRegulationTexts();
  it('random scenarios of all regions', () => {
    let settled = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        let result;
        try {
          result = settle(requestOf(s));
        } catch {
          return; // refusals have no steps
        }
        settled++;
        for (const r of result.results) for (const step of r.steps) expect(citedArticles(texts, step.source).length, `${step.rule}: ${step.source}`).toBeGreaterThan(0);
      }),
      { numRuns: 800, seed: 20261129 },
    );
    // About a quarter of the scenarios settle (the others are refused by design: missing statistics, rules not in force): enough not to be vacuous.
    expect(settled).toBeGreaterThan(150);
  });
});
