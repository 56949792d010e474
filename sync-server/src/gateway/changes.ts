import { createHash } from 'node:crypto';
import { type ReadScope, readDecision, redactFor, scopeFingerprint } from '../../../shared/src/rules/read-rights.js';
import { pause } from '../couch/change-waiters.js';
import { rowRev } from '../couch/changes-follower.js';
import { type ChangesBatch, seqNumber } from '../couch/client.js';
import { revGeneration } from '../couch/known-writes.js';
import { isDocId } from '../couch/store-ids.js';
import { mayKnowDeletion, tombstone } from './context.js';
import { RECENT_MS, type RecentChange, type WorkspaceDirectory } from './directory.js';
import { GatewayError } from './errors.js';
import type { StoredDoc, WorkspaceStore } from './workspace-store.js';

const MAX_TIMEOUT = 60_000;

interface ChangeRow {
  id: string;
  seq: string;
  changes: { rev: string }[];
  deleted?: true;
  doc?: StoredDoc;
}

/** The feed's options from the query (the route's schema has checked their words and digits). */
function feedOptions(query: Record<string, string>) {
  const feed = query.feed ?? 'normal';
  if (feed !== 'normal' && feed !== 'longpoll')
    throw new GatewayError(400, 'bad_request', 'feed: only normal and longpoll feeds are served.');
  const limit = query.limit === undefined ? Number.POSITIVE_INFINITY : Number(query.limit);
  if (!(limit > 0)) throw new GatewayError(400, 'bad_request', 'limit: must be a positive number.');
  return {
    feed,
    limit,
    timeout: Math.min(Number(query.timeout ?? MAX_TIMEOUT) || MAX_TIMEOUT, MAX_TIMEOUT),
    includeDocs: query.include_docs === 'true',
    style: query.style === 'all_docs' ? 'all_docs' : 'main_only',
  };
}

/**
 * The workspace's changes feed as one person may read it. Sequences are the store's, prefixed with
 * a fingerprint of what the person may read: when that changes (a new role, a plan that now names
 * their organisation), a client's checkpoint no longer matches and the feed starts again from the
 * beginning, so documents that became readable behind the checkpoint still arrive.
 */
export async function filteredChanges(
  store: WorkspaceStore,
  directory: WorkspaceDirectory,
  scope: ReadScope,
  query: Record<string, string>,
  signal: AbortSignal,
): Promise<{ results: ChangeRow[]; last_seq: string; pending?: number }> {
  const options = feedOptions(query);
  const fingerprint = createHash('sha256').update(scopeFingerprint(scope)).digest('hex').slice(0, 12);
  const given = query.since ?? '0';
  // A checkpoint made for another read scope starts the feed over.
  const since = given === 'now' ? 'now' : given.startsWith(`${fingerprint}~`) ? given.slice(fingerprint.length + 1) : 0;
  const page = new FeedPage(store, scope, options, fingerprint, since, recall(store.db, given));
  await readUntilAnswer(page, directory, options, signal);
  const { results } = page;
  const last_seq = `${fingerprint}~${page.since}`;
  remember(store.db, last_seq, page.shown, results, directory);
  if (options.feed === 'longpoll') return { results, last_seq };
  // How many changes the store has after this page: what a first sync still has to go through
  // (an upper bound for this person, who may not read them all), for the app's progress display.
  const info = await store.info();
  return { results, last_seq, pending: Math.max(0, seqNumber(info.update_seq) - seqNumber(page.since)) };
}

/**
 * Reads the feed until there is an answer: at once for a normal feed, for a long-poll once a row
 * this person may read came or the timeout passed.
 */
async function readUntilAnswer(
  page: FeedPage,
  directory: WorkspaceDirectory,
  { feed, timeout }: ReturnType<typeof feedOptions>,
  signal: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeout;
  for (let retry = 5; ; ) {
    const seen = directory.version;
    await page.scan(directory);
    if (Date.now() >= deadline || signal.aborted) return;
    if (page.reachedEnd && directory.recentChanges().some((change) => unshown(change, page.shown, page.scope))) {
      // The directory's read showed a change this person may read that this read did not: the copy
      // read here lags (a cluster), so it is read again shortly rather than waited on until the timeout.
      await pause(Math.min(retry, deadline - Date.now()), signal);
      retry = Math.min(retry * 2, 100);
      continue;
    }
    if (feed !== 'longpoll' || page.results.length > 0) return;
    await directory.nextChange(seen, deadline - Date.now(), signal);
  }
}

/** One request's page of the feed: the rows this person may read, from where it started to where the reads stand. */
class FeedPage {
  readonly results: ChangeRow[] = [];
  /** What this request's reads of the store showed (id → revision generation). */
  readonly shown: Map<string, number>;
  /** Whether the last read reached the end of the feed: then it should have shown every change the directory saw. */
  reachedEnd = false;
  private chunk: number;

  constructor(
    private readonly store: WorkspaceStore,
    readonly scope: ReadScope,
    private readonly options: ReturnType<typeof feedOptions>,
    private readonly fingerprint: string,
    public since: string | number,
    shown: ReadonlyMap<string, number>,
  ) {
    this.shown = new Map(shown);
    this.chunk = this.nextChunk();
  }

  /** Reads the feed from `since` until the page is full or the feed's end is reached. */
  async scan(directory: WorkspaceDirectory): Promise<void> {
    for (;;) {
      this.chunk = this.nextChunk();
      const params = {
        since: String(this.since),
        style: this.options.style,
        include_docs: 'true',
        limit: String(this.chunk),
      };
      const batch = await sharedRead(this.store, params, directory.version);
      if (await this.take(batch)) return;
    }
  }

  /**
   * Read as many rows as are still wanted: rows read past the page's end are read again for the
   * next page (reading a tenth more, for the rows a person may not see, re-read a tenth of the
   * plan during a first sync); a page short of a few hidden rows costs a small second read.
   */
  private nextChunk(): number {
    const { limit } = this.options;
    const wanted = Number.isFinite(limit) ? limit - this.results.length : 1000;
    return Math.min(Math.max(wanted, 20), 1000);
  }

  /** Keeps the rows of `batch` this person may read; true when the page is full or the feed's end reached. */
  private async take(batch: ChangesBatch<StoredDoc>): Promise<boolean> {
    this.reachedEnd = false;
    for (const row of batch.results) {
      this.since = row.seq;
      this.shown.set(row.id, Math.max(this.shown.get(row.id) ?? 0, revGeneration(rowRev(row))));
      // Only a deletion needs the store again (for the version it removed); the rest is decided here.
      const change = row.deleted ? await visibleDeletion(this.store, this.scope, row) : visibleChange(this.scope, row);
      if (change) {
        if (!this.options.includeDocs) delete change.doc;
        this.results.push({ ...change, seq: `${this.fingerprint}~${row.seq}` });
        if (this.results.length >= this.options.limit) return true;
      }
    }
    this.since = batch.last_seq;
    this.reachedEnd = batch.results.length < this.chunk;
    return this.reachedEnd;
  }
}

/**
 * A read of the store's feed that identical requests share: when a change wakes a thousand
 * long-polls with the same checkpoint, the store is read once, and each person's rights are
 * applied to that one answer. A request joins a read only if the read began once the directory
 * had seen every change the request has seen, so nothing it must see can be missing from it.
 */
const reads = new Map<string, { version: number; batch: Promise<ChangesBatch<StoredDoc>> }>();
function sharedRead(
  store: WorkspaceStore,
  params: Record<string, string>,
  version: number,
): Promise<ChangesBatch<StoredDoc>> {
  const key = `${store.db}\n${params.since}\n${params.style}\n${params.limit}`;
  const running = reads.get(key);
  if (running && running.version >= version) return running.batch;
  const batch = store.changes(params).finally(() => {
    if (reads.get(key)?.batch === batch) reads.delete(key);
  });
  reads.set(key, { version, batch });
  return batch;
}

/**
 * What the reads behind each sequence handed out lately showed of the directory's recent changes,
 * so the next request from that sequence does not read again for a change its checkpoint already
 * covers (kept twice as long as a change is recent: a read may show a change before the directory).
 */
const covered = new Map<string, { until: number; shown: ReadonlyMap<string, number> }>();

function recall(db: string, since: string): ReadonlyMap<string, number> {
  const entry = covered.get(`${db}\n${since}`);
  return entry && entry.until > Date.now() ? entry.shown : new Map();
}

function remember(
  db: string,
  lastSeq: string,
  shown: ReadonlyMap<string, number>,
  results: readonly ChangeRow[],
  directory: WorkspaceDirectory,
): void {
  const now = Date.now();
  for (const [key, entry] of covered) if (entry.until <= now) covered.delete(key);
  const worth = new Set([...directory.recentChanges().map((c) => c.id), ...results.map((r) => r.id)]);
  const kept = new Map([...shown].filter(([id]) => worth.has(id)));
  if (kept.size > 0) covered.set(`${db}\n${lastSeq}`, { until: now + 2 * RECENT_MS, shown: kept });
}

/**
 * A recent change this request's reads have not shown and this person may be told of. A deletion
 * counts (who may know of it is read from the store, too costly to ask here); so does a change the
 * person's checkpoint already covers, which costs a few short reads until it is no longer recent.
 */
function unshown(change: RecentChange, shown: ReadonlyMap<string, number>, scope: ReadScope): boolean {
  if (hidden(change.id) || (shown.get(change.id) ?? 0) >= change.generation) return false;
  return !change.doc || readDecision(change.doc as StoredDoc, scope) !== 'hide';
}

type StoreRow = ChangesBatch<StoredDoc>['results'][number];
const changesOf = (row: StoreRow) => (row as { changes?: { rev: string }[] }).changes ?? [];
/** Design documents and anything else not named by Tablero's grammar never reach a client. */
const hidden = (id: string) => !isDocId(id);

/** The change as this person may see it, or null when it is not theirs to see. */
function visibleChange(scope: ReadScope, row: StoreRow): Omit<ChangeRow, 'seq'> | null {
  const doc = row.doc;
  if (hidden(row.id) || !doc) return null;
  switch (readDecision(doc, scope)) {
    case 'read':
      return { id: row.id, changes: changesOf(row), doc: redactFor(doc, scope) };
    case 'retract':
      return {
        id: row.id,
        changes: changesOf(row),
        deleted: true,
        doc: tombstone(doc._id, doc._rev),
      };
    default:
      return null;
  }
}

/** A deletion carries no content: it is shown to those who could read the version it removed. */
async function visibleDeletion(
  store: WorkspaceStore,
  scope: ReadScope,
  row: StoreRow,
): Promise<Omit<ChangeRow, 'seq'> | null> {
  const doc = row.doc;
  if (!isDocId(row.id) || !doc || !(await mayKnowDeletion(store, row.id, doc._rev, scope))) return null;
  return { id: row.id, changes: changesOf(row), deleted: true, doc: tombstone(row.id, doc._rev) };
}
