import { createContext, useContext, useEffect, useState } from 'react';
import { Backoff } from '../../../shared/src/backoff';
import type {
  Api,
  PublicAssessment,
  PublicCommitment,
  PublicEvidence,
  PublicKeyAction,
  PublicOrganization,
  PublicPlan,
  PublicReport,
  PublicReview,
} from '../../../shared/src/public';

export type Plan = Api<PublicPlan>;
export type Commitment = Api<PublicCommitment>;
export type KeyAction = Api<PublicKeyAction>;
export type Organization = Api<PublicOrganization>;
export type Report = Api<PublicReport>;
export type Evidence = Api<PublicEvidence>;
export type Review = Api<PublicReview>;
export type Assessment = Api<PublicAssessment>;
export type Organizations = Record<string, Organization>;

export interface PlansResponse {
  plans: Plan[];
}
export interface PlanResponse {
  plan: Plan;
  commitments: (Commitment & { keyActions?: KeyAction[] })[];
  organizations: Organizations;
}
export interface CommitmentResponse {
  commitment: Commitment;
  plan: { id: string; title: string; titleEn?: string; country: string };
  keyActions: KeyAction[];
  reports: Report[];
  evidence: Evidence[];
  reviews: Review[];
  assessments: Assessment[];
  organizations: Organizations;
}
export interface OrganizationResponse {
  organization: Organization;
  commitments: (Commitment & { role: 'responsible' | 'coResponsible' | 'support'; keyActions: KeyAction[] })[];
  recentReports: Report[];
  organizations: Organizations;
}
export interface ActivityItem {
  kind: 'report' | 'review' | 'assessment';
  id: string;
  date: string;
  planId: string;
  commitmentId: string;
  commitmentTitle: string;
  orgId: string;
  orgName: string;
  summary: string;
  percent?: number;
  demo?: boolean;
}
export interface ActivityResponse {
  activity: ActivityItem[];
}
export interface SiteResponse {
  name?: string;
  logoUrl?: string;
}

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
