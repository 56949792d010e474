import type { DbNames } from '../config.js';
import { type Couch, getOrNull, listDocs, useDb } from '../couch/client.js';

/** When each account last signed in, in the server database (an administrator's "who is active"). */
const idOf = (name: string) => `sign-in:${name}`;

/** Notes a sign-in; two at once on one account keep one of them, which is as good. */
export async function recordSignIn(couch: Couch, names: DbNames, name: string): Promise<void> {
  const db = useDb(couch, names.server);
  const stored = await getOrNull<{ at: string }>(db, idOf(name));
  await db
    .insert({ _id: idOf(name), ...(stored ? { _rev: stored._rev } : {}), at: new Date().toISOString() })
    .catch(() => undefined);
}

export async function lastSignIns(couch: Couch, names: DbNames): Promise<Map<string, string>> {
  const rows = await listDocs<{ at?: string }>(useDb(couch, names.server), {
    startkey: 'sign-in:',
    endkey: 'sign-in:\ufff0',
  });
  return new Map(
    rows.flatMap((row) => {
      const doc = row.doc;
      return doc?.at ? [[row.id.slice('sign-in:'.length), doc.at] as [string, string]] : [];
    }),
  );
}
