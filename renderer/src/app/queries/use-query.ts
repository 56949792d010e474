import { useEffect, useState } from 'react';
import { type Query, type QuerySource, watchQuery } from './query';

/**
 * Keeps a screen on a query's result: null until the first answer, then every new result as the
 * device's documents change, offline or not. A new query (other ids, another person) is followed
 * from its first answer; no query (`null`) answers an empty result.
 */
export function useQuery<T>(source: QuerySource, query: Query<T> | null): T[] | null {
  const [docs, setDocs] = useState<T[] | null>(null);
  // The query is a new object each render: its text says whether it changed.
  const key = JSON.stringify(query);
  useEffect(() => watchQuery(source, query, setDocs), [source, key]);
  return docs;
}
