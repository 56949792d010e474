import { createContext, useContext, useEffect, useState } from 'react';
import { Backoff } from '../../../shared/src/backoff';

export type {
  ActivityItem,
  ActivityResponse,
  ApiAssessment as Assessment,
  ApiCommitment as Commitment,
  ApiEvidence as Evidence,
  ApiKeyAction as KeyAction,
  ApiOrganization as Organization,
  ApiOrganizations as Organizations,
  ApiPlan as Plan,
  ApiReport as Report,
  ApiReview as Review,
  CommitmentResponse,
  EvaluationResponse,
  OrganizationResponse,
  PlanResponse,
  PlansResponse,
  SiteResponse,
} from '../../../shared/src/api-types';

/** The public data's version; bumping it makes every page fetch again (cheaply, by ETag). */
export const DataVersion = createContext('');

/** Long-polls the server for a new data version, so new reports appear without a reload. */
export function useLiveDataVersion(): string {
  const [version, setVersion] = useState('');
  useEffect(() => {
    let stopped = false;
    let current = '';
    const backoff = new Backoff(5000, 60_000);
    (async () => {
      while (!stopped) {
        try {
          const reply = await fetch(`/api/changes?since=${encodeURIComponent(current)}&timeout=25000`, {
            cache: 'no-store',
          });
          const body = (await reply.json()) as { version: string };
          if (!stopped && body.version !== current) {
            current = body.version;
            setVersion(current);
          }
          backoff.reset();
        } catch {
          await new Promise((resolve) => setTimeout(resolve, backoff.next()));
        }
      }
    })();
    return () => {
      stopped = true;
    };
  }, []);
  return version;
}

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  notFound: boolean;
}

/** Fetches a public API path, again whenever the data version changes; keeps what it had meanwhile. */
export function useApi<T>(path: string | null): Loaded<T> {
  const version = useContext(DataVersion);
  const [state, setState] = useState<Loaded<T> & { path: string | null }>({
    data: undefined,
    error: null,
    notFound: false,
    path,
  });
  useEffect(() => {
    if (!path) return;
    let cancelled = false;
    fetch(`/api${path}`, { cache: 'no-cache' })
      .then(async (reply) => {
        if (cancelled) return;
        if (reply.status === 404) setState({ data: undefined, error: null, notFound: true, path });
        else if (!reply.ok) throw new Error(`HTTP ${reply.status}`);
        else setState({ data: (await reply.json()) as T, error: null, notFound: false, path });
      })
      .catch((error: Error) => {
        if (!cancelled) setState((s) => ({ ...s, error: error.message }));
      });
    return () => {
      cancelled = true;
    };
  }, [path, version]);
  // Data of another path is not shown while the new one loads.
  return state.path === path ? state : { data: undefined, error: null, notFound: false };
}
