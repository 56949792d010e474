/**
 * The baselines of the browser sync bench, bundled for a page on the server's origin (signed in
 * through the app, so requests carry the session cookie): PouchDB replicating the workspace into
 * its IndexedDB adapter, and a raw paged `_changes` read that stores nothing.
 */
import PouchDB from 'pouchdb-browser';

const BATCH = 200; // the app's page size

async function pouchdbReplication(url: string): Promise<{ ms: number; docs: number }> {
  const local = new PouchDB(`bench-pouch-${Date.now()}`);
  const t = performance.now();
  await local.replicate.from(new PouchDB(url), { batch_size: BATCH });
  const ms = performance.now() - t;
  const docs = (await local.info()).doc_count;
  return { ms, docs };
}

async function rawChanges(url: string): Promise<{ ms: number; docs: number }> {
  const t = performance.now();
  let since = '0';
  let docs = 0;
  for (;;) {
    const reply = await fetch(`${url}/_changes?include_docs=true&limit=${BATCH}&since=${encodeURIComponent(since)}`);
    const page = (await reply.json()) as { results: { id: string }[]; last_seq: string };
    docs += page.results.filter((r) => !r.id.startsWith('_design/')).length;
    if (page.results.length < BATCH) break;
    since = page.last_seq;
  }
  return { ms: performance.now() - t, docs };
}

Object.assign(window, { benchSync: { pouchdbReplication, rawChanges } });
