/**
 * Populations as CSV (`--population file:PATH.csv`), for users coming from spreadsheets: one row
 * per item, the columns named by their place in the settle request —
 *
 *   id, region, scheme, person.<field>, context.averageWage.<year>, claim.<field>
 *   (claim.hospital.<field>), item.<field>
 *
 * Consecutive rows with the same `id` are one member-year; within it, consecutive rows with the
 * same `claim.id` are one claim; each row with an `item.*` cell adds an item. A member's and a
 * claim's cells are read from their first row; a later row may leave them empty or repeat them,
 * not contradict them. Cells: empty is absent; `true`/`false` are booleans; a number is a number,
 * except in the text columns (TEXT_COLUMNS); `person.tags` is a `;`-separated list;
 * `person.chronicDiseases` and `person.specialDiseases` are `;`-separated `name@recognizedOn`
 * (a special disease's class after a second `@`: `甲亢@2023-03-01@2`). What a row cannot say
 * (the request's `yearToDate`) needs the JSON Lines form. RFC 4180
 * quoting ("a, b", "say ""hi""", line breaks inside quotes). The member-years come out as the
 * JSON lines a `file:` population holds, each numbered by its first row, so a refusal names the
 * row; a row the CSV itself cannot be read as (unknown column, contradicting cell) stops the run
 * at its line, even with --skip-invalid.
 */
import { YibaoError } from '../engine/errors.js';

/** Columns kept as text even when they look like numbers (codes such as 0001). */
export const TEXT_COLUMNS = new Set(['id', 'claim.id', 'claim.disease', 'item.name', 'item.code', 'person.tags', 'person.chronicDiseases', 'person.specialDiseases']);

const COLUMN = /^(id|region|scheme|person\.[A-Za-z]+|context\.averageWage\.[0-9]{4}|claim\.(hospital\.)?[A-Za-z]+|item\.[A-Za-z]+)$/;

export interface NumberedLine {
  line: number;
  text: string;
}

/** CSV records from text lines, with the line each record starts on. */
export async function* csvRecords(lines: AsyncIterable<NumberedLine>): AsyncGenerator<{ line: number; cells: string[] }> {
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let start = 0;
  for await (const { line, text } of lines) {
    if (!quoted) {
      start = line;
      cells = [];
      cell = '';
    } else cell += '\n';
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (quoted) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i++;
          } else quoted = false;
        } else cell += ch;
      } else if (ch === '"' && cell === '') quoted = true;
      else if (ch === ',') {
        cells.push(cell);
        cell = '';
      } else cell += ch;
    }
    if (quoted) continue;
    cells.push(cell);
    if (cells.length === 1 && cells[0] === '') continue; // a blank line
    yield { line: start, cells };
  }
  if (quoted) throw new YibaoError('invalid_input', `line ${start}: a quoted cell is not closed`, `line ${start}`);
}

function cellValue(column: string, text: string): unknown {
  const list = () => text.split(';').map((t) => t.trim()).filter((t) => t !== '');
  if (column === 'person.tags') return list();
  if (column === 'person.chronicDiseases' || column === 'person.specialDiseases') {
    return list().map((d) => {
      const [name, recognizedOn, cls] = d.split('@').map((x) => x.trim());
      return { name, ...(recognizedOn ? { recognizedOn } : {}), ...(cls ? { class: /^[0-9]+$/.test(cls) ? Number(cls) : cls } : {}) };
    });
  }
  if (TEXT_COLUMNS.has(column)) return text;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?[0-9]+(\.[0-9]+)?$/.test(text)) return Number(text);
  return text;
}

/** Sets `path` (dotted, below `target`) to `value`; false when a different value is already there. */
function put(target: Record<string, unknown>, path: readonly string[], value: unknown): boolean {
  let o = target;
  for (const key of path.slice(0, -1)) {
    const next = o[key];
    if (next === undefined) o[key] = {};
    else if (typeof next !== 'object' || next === null || Array.isArray(next)) return false;
    o = o[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1]!;
  if (o[last] !== undefined) return JSON.stringify(o[last]) === JSON.stringify(value);
  o[last] = value;
  return true;
}

interface Building {
  line: number;
  id: string;
  request: Record<string, unknown>;
  claims: Record<string, unknown>[];
}

/** The member-years of a CSV population, as JSON lines numbered by their first row. */
export async function* csvPopulation(lines: AsyncIterable<NumberedLine>): AsyncGenerator<NumberedLine> {
  let header: string[] | undefined;
  let member: Building | undefined;
  const done = (m: Building): NumberedLine => ({ line: m.line, text: JSON.stringify({ id: m.id, ...m.request, claims: m.claims }) });
  for await (const { line, cells } of csvRecords(lines)) {
    if (!header) {
      header = cells.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c).trim());
      const bad = header.find((c) => !COLUMN.test(c));
      if (bad !== undefined) throw new YibaoError('invalid_input', `line ${line}: unknown column '${bad}' (columns: id, region, scheme, person.*, context.averageWage.YYYY, claim.*, claim.hospital.*, item.*)`, `line ${line}`);
      if (!header.includes('id')) throw new YibaoError('invalid_input', `line ${line}: the header has no id column`, `line ${line}`);
      if (new Set(header).size !== header.length) throw new YibaoError('invalid_input', `line ${line}: a column is named twice`, `line ${line}`);
      continue;
    }
    if (cells.length !== header.length) throw new YibaoError('invalid_input', `line ${line}: ${cells.length} cells, the header has ${header.length}`, `line ${line}`);
    const row = new Map<string, string>();
    header.forEach((c, i) => {
      const v = cells[i]!.trim();
      if (v !== '') row.set(c, v);
    });
    const id = row.get('id');
    if (id === undefined) throw new YibaoError('invalid_input', `line ${line}: the id cell is empty`, `line ${line}: id`);
    if (!member || member.id !== id) {
      if (member) yield done(member);
      member = { line, id, request: {}, claims: [] };
    }
    const claimId = row.get('claim.id');
    let claim = member.claims[member.claims.length - 1];
    if (claimId !== undefined && (!claim || claim['id'] !== claimId)) {
      claim = { id: claimId, items: [] };
      member.claims.push(claim);
    }
    const item: Record<string, unknown> = {};
    for (const [column, text] of row) {
      if (column === 'id' || column === 'claim.id') continue;
      const value = cellValue(column, text);
      const [head, ...rest] = column.split('.');
      let ok: boolean;
      if (head === 'item') ok = put(item, rest, value);
      else if (head === 'claim') {
        if (!claim) throw new YibaoError('invalid_input', `line ${line}: ${column} without a claim.id`, `line ${line}: ${column}`);
        ok = put(claim, rest, value);
      } else ok = put(member.request, column.split('.'), value);
      if (!ok) throw new YibaoError('invalid_input', `line ${line}: ${column} '${text}' contradicts an earlier row of the same ${head === 'claim' ? 'claim' : 'member'}`, `line ${line}: ${column}`);
    }
    if (Object.keys(item).length > 0) {
      if (!claim) throw new YibaoError('invalid_input', `line ${line}: an item without a claim.id`, `line ${line}: claim.id`);
      (claim['items'] as unknown[]).push(item);
    }
  }
  if (member) yield done(member);
}
