import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { MangoQuerySelector, RxCollection } from 'rxdb';
import { liveQuery } from '../db/live-query.js';
import type { LocalDoc } from '../db/local-doc.js';
import { orgCode } from './local-docs';
import type { SyncStatus, Workspace } from './workspace';

/** Live query over local documents; re-renders when they change, offline or not. */
export function useDocs<T = LocalDoc>(
  collection: RxCollection<LocalDoc> | RxCollection<never>,
  selector: MangoQuerySelector<LocalDoc>,
): T[] | null {
  const [docs, setDocs] = useState<T[] | null>(null);
  const key = JSON.stringify(selector);
  useEffect(() => liveQuery<T>(collection as RxCollection<LocalDoc>, selector, setDocs), [collection, key]);
  return docs;
}

/** Organisations' names by id (`org:sfp` → "Secretaría de la Función Pública (SFP)"), from the device. */
export function useOrgNames(collection: RxCollection<LocalDoc>): Map<string, string> {
  const orgs = useDocs<{ id: string; name: string; acronym?: string }>(collection, { type: 'organization' });
  return new Map(
    (orgs ?? []).map((o) => [o.id, o.acronym && o.acronym !== o.name ? `${o.name} (${o.acronym})` : o.name]),
  );
}

/**
 * An organisation's short name for lists and lines (its acronym, else its name), from the device.
 * An imported plan's ids are long slugs of the name: they are shown only while the organisation is
 * not on the device yet.
 */
export function useOrgShortName(collection: RxCollection<LocalDoc>): (id: string) => string {
  const orgs = useDocs<{ id: string; name: string; acronym?: string }>(collection, { type: 'organization' });
  const names = new Map((orgs ?? []).map((o) => [o.id, o.acronym || o.name]));
  return (id) => names.get(id) ?? orgCode(id);
}

export function useSyncStatus(workspace: Workspace): SyncStatus {
  return useSyncExternalStore(workspace.subscribe, () => workspace.status);
}

const subscribeToHash = (changed: () => void) => {
  window.addEventListener('hashchange', changed);
  return () => window.removeEventListener('hashchange', changed);
};

/**
 * The route in the address's hash. Read through React's external-store hook, which also catches a
 * change made between the screen's first render and its subscription (a screen mounting while the
 * person, or a link, moves on would otherwise stay on the old route).
 */
export function useHashRoute(): string[] {
  const hash = useSyncExternalStore(subscribeToHash, () => window.location.hash);
  return useMemo(() => hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent), [hash]);
}

export const go = (...parts: string[]) => {
  window.location.hash = `/${parts.map(encodeURIComponent).join('/')}`;
};
