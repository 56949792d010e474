import { useMemo, useSyncExternalStore } from 'react';
import type { SyncStatus, Workspace } from './workspace';

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
