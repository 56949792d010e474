import type { ChangesBatch } from '../couch/client.js';
import { writeTold } from '../couch/known-writes.js';
import { type StoreClient, StoreError, storePath } from '../couch/store-client.js';
import { type DocId, isDocId, type LocalId, type Rev } from '../couch/store-ids.js';

export type StoredDoc = { _id: string; _rev: string; _deleted?: boolean; [field: string]: unknown };

/** A document's current state in the store: its revision, whether it is deleted, its body. */
export interface Current {
  rev: string;
  deleted?: true;
  doc?: StoredDoc;
}

/** What the gateway asks of the workspace database, each request made from validated parts only. */
export class WorkspaceStore {
  constructor(
    private readonly client: StoreClient,
    readonly db: string,
  ) {}

  info(): Promise<{ update_seq: string | number }> {
    return this.client.request('GET', storePath(this.db));
  }

  /** Current versions of these ids (absent where there is none). */
  async current(ids: readonly DocId[]): Promise<Map<DocId, Current>> {
    const found = new Map<DocId, Current>();
    if (ids.length === 0) return found;
    const result = await this.client.request<{
      rows: { key: string; value?: { rev: string; deleted?: boolean }; doc?: StoredDoc | null }[];
    }>('POST', storePath(this.db, { endpoint: '_all_docs' }), {
      query: { include_docs: 'true' },
      body: { keys: ids },
    });
    for (const row of result.rows) {
      if (!row.value || !isDocId(row.key)) continue;
      found.set(row.key, {
        rev: row.value.rev,
        ...(row.value.deleted ? { deleted: true as const } : {}),
        ...(row.doc ? { doc: row.doc } : {}),
      });
    }
    return found;
  }

  /** The latest version of each id (deleted ones included), with its revision history when asked. */
  async latest(ids: readonly DocId[], revs: boolean): Promise<Map<string, StoredDoc | undefined>> {
    if (ids.length === 0) return new Map();
    const stored = await this.client.request<{ results: { id: string; docs: { ok?: StoredDoc }[] }[] }>(
      'POST',
      storePath(this.db, { endpoint: '_bulk_get' }),
      { query: revs ? { revs: 'true' } : {}, body: { docs: ids.map((id) => ({ id })) } },
    );
    return new Map(stored.results.map((r) => [r.id, r.docs[0]?.ok]));
  }

  revsDiff(wanted: Record<DocId, string[]>): Promise<Record<string, unknown>> {
    return this.client.request('POST', storePath(this.db, { endpoint: '_revs_diff' }), { body: wanted });
  }

  /** Writes `docs`; this process's followers of the workspace (directory, publisher) then wait for what was written. */
  async bulkDocs(docs: readonly object[]): Promise<{ id: string; rev?: string; error?: string; reason?: string }[]> {
    return writeTold(
      this.db,
      () =>
        this.client.request<{ id: string; rev?: string; error?: string; reason?: string }[]>(
          'POST',
          storePath(this.db, { endpoint: '_bulk_docs' }),
          { body: { docs } },
        ),
      (results) => results,
    );
  }

  changes(params: Record<string, string>, signal?: AbortSignal): Promise<ChangesBatch<StoredDoc>> {
    return this.client.request('GET', storePath(this.db, { endpoint: '_changes' }), {
      query: params,
      ...(signal ? { signal } : {}),
    });
  }

  /** The live version a deletion removed, while the store still keeps it; null when it does not. */
  async versionBefore(id: DocId, rev: Rev): Promise<StoredDoc | null> {
    try {
      const deleted = await this.client.request<{ _revisions?: { start: number; ids: string[] } }>(
        'GET',
        storePath(this.db, { doc: id }),
        { query: { rev, revs: 'true' } },
      );
      const revisions = deleted._revisions;
      if (!revisions || revisions.start < 2 || !revisions.ids[1]) return null;
      const before = await this.client.request<StoredDoc>('GET', storePath(this.db, { doc: id }), {
        query: { rev: `${revisions.start - 1}-${revisions.ids[1]}` },
      });
      return before._deleted ? null : before;
    } catch (error) {
      if (error instanceof StoreError && error.statusCode === 404) return null;
      throw error;
    }
  }

  async getLocal<T>(id: LocalId): Promise<(T & { _id: string; _rev: string }) | null> {
    try {
      return await this.client.request('GET', storePath(this.db, { local: id }));
    } catch (error) {
      if (error instanceof StoreError && error.statusCode === 404) return null;
      throw error;
    }
  }

  putLocal(id: LocalId, body: Record<string, unknown>): Promise<{ rev: string }> {
    return this.client.request('PUT', storePath(this.db, { local: id }), { body });
  }

  deleteLocal(id: LocalId, rev: string): Promise<unknown> {
    return this.client.request('DELETE', storePath(this.db, { local: id }), { query: { rev } });
  }
}
