import { useEffect, useState, useSyncExternalStore } from 'react';
import type { MangoQuerySelector, RxCollection } from 'rxdb';
import type { LocalDoc } from '../sync/couch-helpers.js';
import type { SyncStatus, Workspace } from './workspace';

/** Live query over local documents; re-renders when they change, offline or not. */
export function useDocs<T = LocalDoc>(
  collection: RxCollection<LocalDoc> | RxCollection<never>,
  selector: MangoQuerySelector<LocalDoc>,
): T[] | null {
  const [docs, setDocs] = useState<T[] | null>(null);
  const key = JSON.stringify(selector);
  useEffect(() => {
    const subscription = (collection as RxCollection<LocalDoc>)
      .find({ selector })
      .$.subscribe((results) => setDocs(results.map((d) => d.toMutableJSON() as T)));
    return () => subscription.unsubscribe();
  }, [collection, key]);
  return docs;
}

/** Organisations' names by id (`org:sfp` → "Secretaría de la Función Pública (SFP)"), from the device. */
export function useOrgNames(collection: RxCollection<LocalDoc>): Map<string, string> {
  const orgs = useDocs<{ id: string; name: string; acronym?: string }>(collection, { type: 'organization' });
  return new Map(
    (orgs ?? []).map((o) => [o.id, o.acronym && o.acronym !== o.name ? `${o.name} (${o.acronym})` : o.name]),
  );
}

export function useSyncStatus(workspace: Workspace): SyncStatus {
  return useSyncExternalStore(workspace.subscribe, () => workspace.status);
}

export function useHashRoute(): string[] {
  const read = () => window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const update = () => setRoute(read());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

export const go = (...parts: string[]) => {
  window.location.hash = `/${parts.map(encodeURIComponent).join('/')}`;
};
