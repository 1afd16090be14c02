/** The console's addresses: `#page`, and `#settlements/<id>` for one settlement's detail. */

/** The page a hash names (its part before the first `/`), or undefined. */
export function pageName(hash: string): string {
  return hash.replace(/^#/, '').split('/')[0] ?? '';
}

/** The settlement a hash opens (`#settlements/<id>`), or null. */
export function settlementIdOfHash(hash: string): string | null {
  const m = /^#settlements\/([^/]+)$/.exec(hash);
  if (!m) return null;
  try {
    const id = decodeURIComponent(m[1]!);
    return id === '' ? null : id;
  } catch {
    return null;
  }
}

export function settlementHash(id: string): string {
  return `#settlements/${encodeURIComponent(id)}`;
}
