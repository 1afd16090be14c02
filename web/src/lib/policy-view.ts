/** The 政策 page's logic: values as readable text, and what changed between two documents of a region. */
import type { ParameterView, DatedValueView } from '../../../src/index';

const isScalar = (v: unknown): boolean => v === null || typeof v !== 'object';
/** Whether a value fits on one line: a scalar, or a list or object of scalars. */
const isFlat = (v: unknown): boolean => isScalar(v) || (Array.isArray(v) ? v.every(isScalar) : Object.values(v as object).every(isScalar));

/** A value as the policy files write it, in an indented, YAML-like text: nested keys on their own lines. */
export function valueText(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    if (isFlat(value)) return `[${value.map((v) => valueText(v)).join(', ')}]`;
    return value.map((v) => `${indent}- ${valueText(v, `${indent}  `).trimStart()}`).join('\n');
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (isFlat(value)) return `{ ${entries.map(([k, v]) => `${k}: ${valueText(v)}`).join(', ')} }`;
  return entries.map(([k, v]) => (isFlat(v) ? `${indent}${k}: ${valueText(v)}` : `${indent}${k}:\n${valueText(v, `${indent}  `)}`)).join('\n');
}

export interface Change {
  path: string;
  before: DatedValueView;
  after: DatedValueView;
}

/**
 * The parameters whose value differs between two documents of a region: for each parameter both
 * give, the last value from `a` against the first value from `b`.
 */
export function changesBetween(parameters: readonly ParameterView[], a: string, b: string): { changed: Change[]; same: number; onlyA: string[]; onlyB: string[] } {
  const changed: Change[] = [];
  const onlyA: string[] = [];
  const onlyB: string[] = [];
  let same = 0;
  for (const p of parameters) {
    const fromA = p.values.filter((v) => v.doc === a);
    const fromB = p.values.filter((v) => v.doc === b);
    if (fromA.length && fromB.length) {
      const before = fromA[fromA.length - 1]!;
      const after = fromB[0]!;
      if (JSON.stringify(before.value) === JSON.stringify(after.value)) same++;
      else changed.push({ path: p.path, before, after });
    } else if (fromA.length) onlyA.push(p.path);
    else if (fromB.length) onlyB.push(p.path);
  }
  return { changed, same, onlyA, onlyB };
}
