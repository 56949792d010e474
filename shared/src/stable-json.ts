/** JSON with object keys sorted, so two documents compare equal whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** Equal content, ignoring CouchDB's and RxDB's bookkeeping fields. */
export function sameContent(a: object | undefined, b: object | undefined): boolean {
  if (!a || !b) return a === b;
  return stableJson(withoutBookkeeping(a)) === stableJson(withoutBookkeeping(b));
}

function withoutBookkeeping(doc: object): object {
  const { _rev, _revisions, _meta, _attachments, ...rest } = doc as Record<string, unknown>;
  return rest;
}
