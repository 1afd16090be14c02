/**
 * A region's compiled parameters as plain data, for people to read (the console's 政策 page, the
 * service's /v1/policies): every parameter with its dated values, the document and article of each,
 * and the decided reading (`note`) where the text left a point open. Pure.
 */
import type { Dated, RegionPolicy } from './compile.js';

export interface DatedValueView {
  from: string;
  /** Inclusive; null while in force. */
  until: string | null;
  doc: string;
  article: string;
  note: string | null;
  /** As the policy file writes it (yuan, percentages). */
  value: unknown;
}

export interface ParameterView {
  /** The parameter's path in the policy files, e.g. inpatient.annualCap. */
  path: string;
  values: DatedValueView[];
}

export interface RegionView {
  region: string;
  name: string;
  documents: { id: string; title: string; from: string; until: string | null }[];
  schemes: { scheme: string; parameters: ParameterView[] }[];
}

function isDated(node: unknown): node is Dated<unknown> {
  return Array.isArray(node);
}

function collect(node: Record<string, unknown>, prefix: string, out: ParameterView[]): void {
  for (const key of Object.keys(node).sort()) {
    const child = node[key];
    const path = prefix ? `${prefix}.${key}` : key;
    if (isDated(child)) {
      out.push({ path, values: child.map((e) => ({ from: e.from, until: e.until ?? null, doc: e.doc, article: e.article, note: e.note ?? null, value: e.written ?? e.value })) });
    } else if (child !== null && typeof child === 'object') {
      collect(child as Record<string, unknown>, path, out);
    }
  }
}

/** Every parameter of a region, by scheme, in path order. */
export function describeRegion(region: RegionPolicy): RegionView {
  const schemes: RegionView['schemes'] = [];
  for (const scheme of ['employee', 'resident'] as const) {
    const tree = region.schemes[scheme];
    if (!tree) continue;
    const parameters: ParameterView[] = [];
    collect(tree as unknown as Record<string, unknown>, '', parameters);
    schemes.push({ scheme, parameters });
  }
  return {
    region: region.region,
    name: region.name,
    documents: region.documents.map((d) => ({ id: d.id, title: d.title, from: d.from, until: d.until ?? null })),
    schemes,
  };
}
