/**
 * The regulations' own texts, as data: each policy file's regulation ships beside it
 * (policies/<region>/<name>.txt next to <name>.yaml), split here into its articles (条) and their
 * items (款/项 numbered （一）（二）…), so that a cited rule can be shown next to the amount it
 * produced, and every citation in the policy files can be checked against the text. Pure: the files
 * are read in load.ts.
 */

/** One article of a regulation: 第N条 and its text up to the next article or chapter. */
export interface ArticleText {
  /** N of 第N条. */
  number: number;
  /** 第N条, as the texts and citations write it. */
  label: string;
  /** The article's text, its heading included, trimmed, markdown emphasis removed. */
  text: string;
  /** The numbers of its items （一）（二）… found at the start of a line. */
  items: number[];
}

/** A regulation's text split into articles, by number. */
export interface RegulationText {
  /** The document number or title, as the policy file's document.id. */
  doc: string;
  articles: ReadonlyMap<number, ArticleText>;
}

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** A Chinese numeral up to 999 (一百零四, 二十, 十三) as a number; undefined if it is not one. */
export function chineseNumber(s: string): number | undefined {
  if (s.length === 0) return undefined;
  let total = 0;
  let digit: number | undefined;
  for (const ch of s) {
    if (ch in DIGITS) {
      digit = DIGITS[ch]!;
    } else if (ch === '十' || ch === '百') {
      const unit = ch === '十' ? 10 : 100;
      total += (digit ?? 1) * unit;
      digit = undefined;
    } else {
      return undefined;
    }
  }
  return total + (digit ?? 0);
}

const NUMERAL = '[一二三四五六七八九十百零〇两]+';
/** An article's heading at the start of a line, possibly in markdown emphasis or a heading: **第十条**, ## 第十条. */
const ARTICLE_HEAD = new RegExp(`^\\s*(?:#+\\s*)?(?:\\*\\*)?\\s*第(${NUMERAL})条`);
/** A chapter or section heading (第二章, 第一节) ends the article before it. */
const CHAPTER_HEAD = new RegExp(`^\\s*(?:#+\\s*)?(?:\\*\\*)?\\s*第${NUMERAL}[章节]`);
/** An item at the start of a line: （一）, (五), ( 二 ), ## （二）, - (一). */
const ITEM_HEAD = new RegExp(`^\\s*(?:[-*]\\s+|#+\\s*)?(?:\\*\\*)?\\s*[（(]\\s*(${NUMERAL})\\s*[）)]`);

/**
 * Splits a regulation's text into its articles. Only headings at the start of a line count
 * (a cross-reference such as 按第三十条规定 inside a sentence does not); the preamble before the
 * first article (the issuing notice) belongs to none.
 */
export function parseRegulation(doc: string, text: string): RegulationText {
  const articles = new Map<number, ArticleText>();
  let current: { number: number; lines: string[]; items: number[] } | undefined;
  const close = (): void => {
    if (!current) return;
    const body = current.lines.join('\n').replace(/\*\*/g, '').replace(/^#+\s*/gm, '').trim();
    // The first heading of a number wins: a text that repeated one would be a text to fix, not to guess.
    if (!articles.has(current.number)) articles.set(current.number, { number: current.number, label: `第${numberLabel(current.number)}条`, text: body, items: current.items });
    current = undefined;
  };
  for (const line of text.split(/\r?\n/)) {
    const head = ARTICLE_HEAD.exec(line);
    if (head) {
      close();
      const n = chineseNumber(head[1]!);
      if (n !== undefined) current = { number: n, lines: [line], items: [] };
      continue;
    }
    if (CHAPTER_HEAD.test(line)) {
      close();
      continue;
    }
    if (!current) continue;
    current.lines.push(line);
    const item = ITEM_HEAD.exec(line);
    if (item) {
      const n = chineseNumber(item[1]!);
      if (n !== undefined && !current.items.includes(n)) current.items.push(n);
    }
  }
  close();
  return { doc, articles };
}

/** 104 → 一百零四, as the texts write article numbers. */
export function numberLabel(n: number): string {
  const d = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (n < 10) return d[n]!;
  if (n < 20) return `十${n % 10 ? d[n % 10] : ''}`;
  if (n < 100) return `${d[Math.floor(n / 10)]}十${n % 10 ? d[n % 10] : ''}`;
  const rest = n % 100;
  const hundreds = `${d[Math.floor(n / 100)]}百`;
  if (rest === 0) return hundreds;
  if (rest < 10) return `${hundreds}零${d[rest]}`;
  return `${hundreds}${d[Math.floor(rest / 10)]}十${rest % 10 ? d[rest % 10] : ''}`;
}

/** One reference of a citation: an article, and one of its items when the citation names one. */
export interface ArticleReference {
  article: number;
  item?: number | undefined;
}

/**
 * The articles and items a citation names, e.g. 第九条（一）4、（二）2 → 第九条（一）, 第九条（二）;
 * 第三十条、第三十三条 → 第三十条, 第三十三条. Sub-items (1、2…) are kept to the item they belong to.
 * Undefined when the text is not a citation of articles.
 */
export function parseCitation(citation: string): ArticleReference[] | undefined {
  const refs: ArticleReference[] = [];
  let article: number | undefined;
  const re = new RegExp(`第(${NUMERAL})条|[（(](${NUMERAL})[）)]|[0-9]+|、|第${NUMERAL}款|第${NUMERAL}项`, 'gy');
  let pos = 0;
  let lastWasArticle = false;
  for (;;) {
    re.lastIndex = pos;
    const m = re.exec(citation);
    if (!m) break;
    pos = re.lastIndex;
    if (m[1] !== undefined) {
      if (lastWasArticle && article !== undefined) refs.push({ article });
      article = chineseNumber(m[1]);
      lastWasArticle = true;
    } else if (m[2] !== undefined) {
      if (article === undefined) return undefined;
      refs.push({ article, item: chineseNumber(m[2]) });
      lastWasArticle = false;
    }
  }
  if (pos !== citation.length) return undefined;
  if (lastWasArticle && article !== undefined) refs.push({ article });
  return refs.length ? refs : undefined;
}

/** A cited reference that the text does not have: the article, or the item within it. */
export function missingReferences(text: RegulationText, citation: string): string[] {
  const refs = parseCitation(citation);
  if (!refs) return [`${citation}: not a citation of articles`];
  const missing: string[] = [];
  for (const ref of refs) {
    const a = text.articles.get(ref.article);
    if (!a) missing.push(`第${numberLabel(ref.article)}条`);
    else if (ref.item !== undefined && !a.items.includes(ref.item)) missing.push(`${a.label}（${numberLabel(ref.item)}）`);
  }
  return missing;
}

/** An article as shown beside the amount it produced. */
export interface CitedArticle {
  doc: string;
  label: string;
  text: string;
}

const ARTICLE_IN_SOURCE = new RegExp(`第(${NUMERAL})条`, 'g');

/**
 * The articles a step's `source` cites (e.g. 沧政规〔2024〕1号 第七十三条（二）), with their texts:
 * the document is the known one the source starts with; every 第N条 after it is looked up.
 * Empty when the source names no known document or article.
 */
export function citedArticles(texts: ReadonlyMap<string, RegulationText>, source: string): CitedArticle[] {
  let text: RegulationText | undefined;
  for (const [doc, t] of texts) if (source.startsWith(doc) && (!text || doc.length > text.doc.length)) text = t;
  if (!text) return [];
  const out: CitedArticle[] = [];
  for (const m of source.slice(text.doc.length).matchAll(ARTICLE_IN_SOURCE)) {
    const a = text.articles.get(chineseNumber(m[1]!) ?? -1);
    if (a && !out.some((o) => o.label === a.label)) out.push({ doc: text.doc, label: a.label, text: a.text });
  }
  return out;
}
