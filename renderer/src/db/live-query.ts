import type { MangoQuerySelector, RxCollection, RxDocumentData, RxStorageChangeEvent } from 'rxdb';
import { content, type LocalDoc } from './local-doc.js';

/** While changes keep coming, a screen is answered at most this often: ten times a second is all anyone sees. */
const ANSWER_EVERY_MS = 100;

/**
 * Runs a query over the device's documents once, then follows the collection's changes, handing
 * each result to `onResults`; returns the function that stops it.
 *
 * The screens' queries have no sort and no limit, so their result is the set of documents that
 * match, kept here from each change's document and the query's own matcher. Reading again on
 * every change is what RxDB's live query does (`find().$`, when many changes came at once): during
 * a first sync, a screen's query then read the growing collection after every page, and in
 * IndexedDB those reads hold the page writes back (a first sync of 27,551 documents in Chromium
 * took 17.6–24.3 s, and 6.8–9.0 s following the changes); RxDB 17 also reads again, before
 * answering, when a write lands while it reads, so a screen could stay empty until the download
 * was over.
 */
export function liveQuery<T = LocalDoc>(
  collection: RxCollection<LocalDoc>,
  selector: MangoQuerySelector<LocalDoc>,
  onResults: (docs: T[]) => void,
): () => void {
  const query = collection.find({ selector });
  const matches = query.queryMatcher;
  let results: Map<string, T> | undefined;
  /** Changes that came while the first read ran; they may be newer than what it read. */
  let early: RxStorageChangeEvent<RxDocumentData<LocalDoc>>[] = [];
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let answeredAt = 0;

  const answer = () => {
    timer = undefined;
    if (stopped || !results) return;
    answeredAt = performance.now();
    // In the order a read gives them: by id.
    const ids = [...results.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    onResults(ids.map((id) => results?.get(id) as T));
  };

  /** Applies changes to the result; true when it changed. */
  const apply = (found: Map<string, T>, events: readonly RxStorageChangeEvent<RxDocumentData<LocalDoc>>[]) => {
    let changed = false;
    for (const event of events) {
      const doc = event.documentData;
      if (event.operation !== 'DELETE' && !doc._deleted && matches(doc)) {
        found.set(event.documentId, content(doc) as T);
        changed = true;
      } else if (found.delete(event.documentId)) changed = true;
    }
    return changed;
  };

  const subscription = collection.eventBulks$.subscribe((bulk) => {
    if (stopped) return;
    if (!results) {
      early.push(...bulk.events);
      return;
    }
    if (!apply(results, bulk.events) || timer) return;
    timer = setTimeout(answer, Math.max(0, answeredAt + ANSWER_EVERY_MS - performance.now()));
  });

  collection.storageInstance.query(query.getPreparedQuery()).then(
    ({ documents }) => {
      if (stopped) return;
      const found = new Map(documents.map((doc) => [doc.id, content(doc as LocalDoc) as T]));
      apply(found, early);
      early = [];
      results = found;
      answer();
    },
    (error: unknown) => {
      // A read still running when the person signs out meets a closed database.
      if (!stopped) throw error;
    },
  );

  return () => {
    stopped = true;
    clearTimeout(timer);
    subscription.unsubscribe();
  };
}
