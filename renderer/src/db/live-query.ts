import type { MangoQuerySelector, RxCollection } from 'rxdb';
import { content, type LocalDoc } from '../sync/couch-helpers.js';

/**
 * How long a live query rests between runs while changes keep arriving, as a multiple of its last
 * run (its share of the device's time stays under a fifth however large the collection grows), and
 * at most: a run that waited on the writes would otherwise keep the screen behind for long.
 */
const REST_FACTOR = 4;
const MAX_REST_MS = 1000;

/**
 * Runs a query over the device's documents, and again whenever they change, handing each result to
 * `onResults`; returns the function that stops it.
 *
 * RxDB's own live query (`find().$`) runs its query again, before answering, whenever a write lands
 * while the query reads; during a first sync, which writes a page every few tens of milliseconds,
 * a query reading thousands of documents then answers only once the download is over (the screens
 * stay empty, and their reads take the time of the writes). Here each run answers with what it
 * read, and a change during the run schedules the next one, after a rest proportional to the run.
 */
export function liveQuery<T = LocalDoc>(
  collection: RxCollection<LocalDoc>,
  selector: MangoQuerySelector<LocalDoc>,
  onResults: (docs: T[]) => void,
): () => void {
  const prepared = collection.find({ selector }).getPreparedQuery();
  let stopped = false;
  let running = false;
  let changedWhileRunning = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let restUntil = 0;

  const run = async () => {
    running = true;
    changedWhileRunning = false;
    const started = performance.now();
    try {
      const { documents } = await collection.storageInstance.query(prepared);
      if (!stopped) onResults(documents.map((doc) => content(doc as LocalDoc) as T));
    } catch (error) {
      // A run still reading when the person signs out meets a closed database.
      if (!stopped) throw error;
    } finally {
      running = false;
      const now = performance.now();
      restUntil = now + Math.min(REST_FACTOR * (now - started), MAX_REST_MS);
      if (changedWhileRunning) changed();
    }
  };

  const changed = () => {
    if (stopped) return;
    if (running) changedWhileRunning = true;
    else
      timer ??= setTimeout(
        () => {
          timer = undefined;
          void run();
        },
        Math.max(0, restUntil - performance.now()),
      );
  };

  const subscription = collection.eventBulks$.subscribe(changed);
  void run();
  return () => {
    stopped = true;
    clearTimeout(timer);
    subscription.unsubscribe();
  };
}
