import type { RxCollection, RxConflictHandler } from 'rxdb';
import type { DocumentRefusal } from '../../../shared/src/rules/permissions.js';
import type { LocalDoc } from '../db/local-doc.js';
import type { Checkpoints } from './device-store.js';

export type ReplicationError = Error & { status?: number };

/** What the download and the upload share: the collection, the server, the checkpoints, the person's callbacks. */
export interface ReplicationContext {
  collection: RxCollection<LocalDoc>;
  /** The collection's conflict handler (`db/conflicts.ts`), asked when a server version meets a local edit. */
  conflictHandler: RxConflictHandler<LocalDoc>;
  batchSize: number;
  /** A request to the workspace database (`path` after its URL), cut when the replication stops. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** The reply's JSON body, or an error naming `what` and the HTTP status (a 401 tells `onSignedOut`). */
  json<T>(reply: Response, what: string): Promise<T>;
  checkpoints: Promise<{ read(): Checkpoints; save(changes: Partial<Checkpoints>): Promise<void> }>;
  onRefused: (refusals: DocumentRefusal[]) => Promise<void>;
  onAccepted?: (ids: string[]) => Promise<void>;
}

export async function replyJson<T>(reply: Response, what: string, onSignedOut?: () => void): Promise<T> {
  if (reply.status === 401) onSignedOut?.();
  if (!reply.ok) {
    const body = (await reply.json().catch(() => ({}))) as { reason?: string };
    const error: ReplicationError = new Error(`${what}: ${reply.status} ${body.reason ?? reply.statusText}`);
    error.status = reply.status;
    throw error;
  }
  return (await reply.json()) as T;
}

export const POST_JSON = { method: 'POST', headers: { 'content-type': 'application/json' } };
