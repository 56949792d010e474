import type { MangoQuerySelector, RxCollection } from 'rxdb';
import type { WorkspaceDb } from '../../db/database.js';
import { liveQuery } from '../../db/live-query.js';
import type { LocalDoc } from '../../db/local-doc.js';

/**
 * A named read of the device's documents: those of one collection that match a Mango selector,
 * read as `T`. The queries (this folder) make them; `useQuery` (`use-query.ts`) keeps a screen on
 * one, `readQuery` answers one once (the tests, under Node).
 */
export interface Query<T> {
  from: 'workspace' | 'issues';
  selector: MangoQuerySelector<LocalDoc>;
  /** Only carries `T`; never set. */
  readonly result?: T;
}

/** What a query reads from: the device's collections. */
export type QuerySource = Pick<WorkspaceDb, 'workspace' | 'issues'>;

/** The documents of the workspace collection matching `selector`, read as `T`. */
export const documents = <T>(selector: MangoQuerySelector<LocalDoc>): Query<T> => ({ from: 'workspace', selector });

/**
 * Follows a query's result, handing each one to `onResults`; returns the function that stops it.
 * No query (`null`: nothing to ask for, an id not known yet) answers an empty result at once.
 */
export function watchQuery<T>(source: QuerySource, query: Query<T> | null, onResults: (docs: T[]) => void): () => void {
  if (!query) {
    onResults([]);
    return () => undefined;
  }
  // The issues collection holds records, not workspace documents; the live query only reads ids and the selector.
  const collection = source[query.from] as unknown as RxCollection<LocalDoc>;
  return liveQuery<T>(collection, query.selector, onResults);
}

/** A query's result as it is now. */
export function readQuery<T>(source: QuerySource, query: Query<T> | null): Promise<T[]> {
  return new Promise((resolve) => {
    let stop: (() => void) | undefined;
    let done = false;
    stop = watchQuery(source, query, (docs) => {
      done = true;
      stop?.();
      resolve(docs);
    });
    if (done) stop();
  });
}
