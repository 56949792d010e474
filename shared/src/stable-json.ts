/** JSON with object keys sorted, so two documents compare equal whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** CouchDB's and RxDB's bookkeeping fields, which say nothing of a document's content. */
const BOOKKEEPING = new Set(['_rev', '_revisions', '_meta', '_attachments']);

/**
 * Equal content, ignoring CouchDB's and RxDB's bookkeeping fields: what `stableJson` of each would
 * say, without writing either out (the publisher and the importer compare every document they
 * might write, and serialising both sides was most of a re-import's time).
 */
export function sameContent(a: object | undefined, b: object | undefined): boolean {
  if (!a || !b) return a === b;
  return sameObject(a as Record<string, unknown>, b as Record<string, unknown>, BOOKKEEPING);
}

/** Whether two values serialise to the same JSON: keys in any order, `undefined` members left out. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return !Number.isFinite(a) && !Number.isFinite(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    // In an array, JSON writes an undefined member as null.
    return a.every((item, i) => sameJson(item ?? null, b[i] ?? null));
  }
  return sameObject(a as Record<string, unknown>, b as Record<string, unknown>);
}

function sameObject(a: Record<string, unknown>, b: Record<string, unknown>, skip?: Set<string>): boolean {
  const kept = (object: Record<string, unknown>) =>
    Object.keys(object).filter((key) => object[key] !== undefined && !skip?.has(key));
  const keys = kept(a);
  if (keys.length !== kept(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key], b[key]));
}
