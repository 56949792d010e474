import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { DocumentRefusal, Problem } from '../../../shared/src/rules/permissions';
import type { WorkspaceDb } from '../db/database.js';
import { type PullProgress, replicateWorkspace } from '../sync/couch-replication.js';
import type { CommandContext } from './command-context';
import { openDeviceDb } from './device-db';
import { type DeviceNames, replicationIdentifier } from './device-names';
import { FilesOutbox, type Progress, type WaitingFile } from './files-outbox';
import { now } from './local-docs';
import { Reconnect } from './reconnect';
import { type Identity, orgOf } from './session';
import { type TabMessage, Tabs } from './tabs';

export { OtherAccountsDatabase } from './device-db';

export interface SyncStatus {
  online: boolean;
  syncing: boolean;
  /** Local changes the server does not have yet (documents and files). */
  pending: number;
  lastSync: string | null;
  /** Why the last attempt failed: 'credentials' | 'unreachable' | other text. */
  error: string | null;
  uploads: Progress;
  /** The evidence files not yet on the server, each with why its last attempt failed. */
  files: WaitingFile[];
  /** While the first sync downloads: how many documents came, and about how many are left. */
  download: PullProgress | null;
}

const personsLanguage = (): 'es' | 'en' => (localStorage.getItem('tablero.lang') === 'en' ? 'en' : 'es');

/** What a refusal keeps: its code, field and both languages' reasons, so it is shown in the one read now. */
const kept = ({ code, field, reason, reasonEs }: Problem): Problem => ({
  code,
  reason,
  reasonEs,
  ...(field ? { field } : {}),
});

/** Longer than the changes long-poll (25 s), shorter than a person's patience. */
const REQUEST_DEADLINE_MS = 45_000;

/**
 * The signed-in person's local workspace: RxDB on IndexedDB, replicated with the server, plus the
 * evidence files outbox. Every save is checked with the same rules the server applies, so a
 * refusal is usually shown before anything leaves the device.
 */
export class Workspace {
  status: SyncStatus;
  private listeners = new Set<() => void>();
  private pendingIds: Set<string>;
  private timer: ReturnType<typeof setInterval> | undefined;
  private connectivity = new AbortController();
  private readonly reconnect: Reconnect;
  private readonly tabs: Tabs;
  private firstSyncDone = false;

  private constructor(
    readonly identity: Identity,
    readonly local: WorkspaceDb,
    readonly outbox: FilesOutbox,
    private readonly names: DeviceNames,
  ) {
    this.reconnect = new Reconnect(identity.server, () => this.serverBack());
    this.tabs = new Tabs(names.database, { lead: () => this.lead(), message: (m) => this.heard(m) });
    this.pendingIds = new Set(JSON.parse(localStorage.getItem(names.pending) ?? '[]') as string[]);
    this.status = {
      online: navigator.onLine,
      syncing: false,
      pending: this.pendingIds.size,
      lastSync: localStorage.getItem(names.lastSync),
      error: null,
      uploads: {},
      files: [],
      download: null,
    };
  }

  /** Throws `OtherAccountsDatabase` when the device's database for this account records another one. */
  static async open(identity: Identity): Promise<Workspace> {
    const { local, names } = await openDeviceDb(identity, { storage: getRxStorageDexie(), multiInstance: true });
    let workspace: Workspace | undefined;
    const outbox = new FilesOutbox(names.files, identity.server, {
      cut: () => workspace?.connectivity.signal ?? new AbortController().signal,
      lang: personsLanguage,
      onProgress: (uploads) => workspace?.update({ uploads }),
      onChange: () => void workspace?.countPending(),
      onReached: () => workspace?.reconnect.reached(),
      onLost: () => workspace?.reconnect.lost(),
      sendsHere: () => workspace?.tabs.leading ?? false,
      sendsElsewhere: () => workspace?.tabs.post({ kind: 'flush' }),
    });
    workspace = new Workspace(identity, local, outbox, names);
    workspace.tabs.start();
    return workspace;
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private update(changes: Partial<SyncStatus>) {
    this.status = { ...this.status, ...changes };
    if (this.tabs.leading) this.tabs.post({ kind: 'status', status: this.status });
    for (const listener of this.listeners) listener();
  }

  /** This tab syncs now: the first open, or another tab that synced closed. */
  private lead() {
    this.pendingIds = new Set(JSON.parse(localStorage.getItem(this.names.pending) ?? '[]') as string[]);
    this.start();
    void this.countPending();
  }

  /** From another tab: the one that syncs hears what the others saved; they hear its state. */
  private heard(message: TabMessage) {
    if (!this.tabs.leading) {
      if (message.kind === 'status') this.update(message.status);
      return;
    }
    if (message.kind === 'hello') this.tabs.post({ kind: 'status', status: this.status });
    else if (message.kind === 'saved') void this.commands.onSaved(message.ids);
    else if (message.kind === 'retry') void this.retryFile(message.sha256);
    else if (message.kind === 'flush') void this.flushFiles();
  }

  async countPending() {
    localStorage.setItem(this.names.pending, JSON.stringify([...this.pendingIds]));
    const files = await this.outbox.waiting();
    this.update({ pending: this.pendingIds.size + files.length, files });
  }

  private start() {
    const replication = replicateWorkspace({
      collection: this.local.workspace,
      url: `${this.identity.server}/db/${WORKSPACE_DB}/`,
      fetch: (input, init) => {
        // A request on a connection that died (a laptop put to sleep, a network changed) may never
        // settle, and would hold every later push and pull behind it: each one has a deadline, and
        // a change of connectivity cuts those in flight so that sync starts afresh.
        const signals = [this.connectivity.signal, AbortSignal.timeout(REQUEST_DEADLINE_MS)];
        if (init?.signal) signals.push(init.signal);
        return fetch(input, { ...init, credentials: 'include', signal: AbortSignal.any(signals) }).then((reply) => {
          // Any answer means the server is there: what waits goes now, not at the next backoff step.
          if (reply.status < 500) this.reconnect.reached();
          return reply;
        });
      },
      replicationIdentifier: replicationIdentifier(this.identity, WORKSPACE_DB),
      retryTime: 5000,
      onRefused: async (refusals) => {
        for (const r of refusals) {
          this.pendingIds.delete(r.id);
          await this.local.issues.upsert({
            id: `refused:${r.id}`,
            docId: r.id,
            kind: 'refused',
            refusal: kept(r),
            at: new Date().toISOString(),
          });
        }
        await this.countPending();
      },
      onSignedOut: () => this.update({ error: 'credentials' }),
      // Shown until the first full sync is done, so a slow connection's wait is not a blank "Syncing…".
      onPullProgress: (download) => {
        if (!this.firstSyncDone) this.update({ download });
      },
      onAccepted: async (ids) => {
        for (const id of ids) {
          this.pendingIds.delete(id);
          await (await this.local.issues.findOne(`refused:${id}`).exec())?.remove();
        }
        await this.countPending();
      },
    });
    this.replication = replication;
    void replication.awaitInitialReplication().then(() => {
      this.firstSyncDone = true;
      this.update({ download: null });
    });
    this.watchInSync();
    replication.active$.subscribe((syncing) => {
      this.update({ syncing });
      if (!syncing && !this.status.error) {
        void this.readPublicationRefusals();
        const lastSync = new Date().toISOString();
        localStorage.setItem(this.names.lastSync, lastSync);
        this.update({ lastSync });
      }
    });
    replication.error$.subscribe((error) => {
      this.update({ error: error === null ? null : error.status === 401 ? 'credentials' : 'unreachable' });
      // No answer, or a proxy's or a starting server's: probed until it answers, so what waits goes then.
      if (error && (error.status === undefined || error.status >= 502)) this.reconnect.lost();
    });
    const online = () => {
      this.connectivity.abort();
      this.connectivity = new AbortController();
      this.update({ online: navigator.onLine });
      if (navigator.onLine) {
        replication.reSync();
        void this.flushFiles();
        this.reconnect.nudge();
      }
    };
    // Back from sleep or another window: the server may have come back meanwhile.
    const focus = () => document.visibilityState === 'visible' && navigator.onLine && this.reconnect.nudge();
    window.addEventListener('online', online);
    window.addEventListener('offline', online);
    window.addEventListener('focus', focus);
    document.addEventListener('visibilitychange', focus);
    this.timer = setInterval(() => navigator.onLine && void this.flushFiles(), 15_000);
    void this.flushFiles();
    this.stopSync = async () => {
      clearInterval(this.timer);
      window.removeEventListener('online', online);
      window.removeEventListener('offline', online);
      window.removeEventListener('focus', focus);
      document.removeEventListener('visibilitychange', focus);
      this.reconnect.stop();
      await replication.cancel();
    };
  }

  private stopSync: () => Promise<void> = async () => undefined;

  /** Stops syncing (another tab takes over, if one is open) and closes the database here. */
  async stop(): Promise<void> {
    await this.stopSync();
    this.tabs.close();
    await this.local.db.close();
  }

  private replication: { awaitInSync(): Promise<unknown>; reSync(): void } | undefined;

  /** The server answers again: sync and files go at once, their backoffs started afresh. */
  private serverBack() {
    this.replication?.reSync();
    void this.flushFiles();
  }

  /** The person asks for a file that did not go to be sent again. */
  async retryFile(sha256: string): Promise<void> {
    if (!this.tabs.leading) return this.tabs.post({ kind: 'retry', sha256 });
    if ((await this.outbox.retry(sha256)) === 'signedOut') this.update({ error: 'credentials' });
    await this.countPending();
  }

  /**
   * Reports the publisher would not publish (a rule that needs other documents, such as "your
   * organisation is not responsible for this key action") are listed with the refusals, so the
   * person sees them on the device and not only in the server's log.
   */
  private async readPublicationRefusals() {
    const reply = await fetch(`${this.identity.server}/db/${WORKSPACE_DB}/_tablero/publication-refusals`, {
      credentials: 'include',
    }).catch(() => null);
    if (!reply?.ok) return;
    const { refusals } = (await reply.json()) as { refusals: DocumentRefusal[] };
    const listed = new Set(refusals.map((r) => `unpublished:${r.id}`));
    for (const issue of await this.local.issues.find().exec())
      if (issue.id.startsWith('unpublished:') && !listed.has(issue.id)) await issue.remove();
    for (const r of refusals) {
      const id = `unpublished:${r.id}`;
      const existing = await this.local.issues.findOne(id).exec();
      const refusal = kept(r);
      if (JSON.stringify(existing?.refusal) !== JSON.stringify(refusal))
        await this.local.issues.upsert({ id, docId: r.id, kind: 'refused', refusal, at: now() });
    }
  }
  private saves = 0;

  /**
   * When the replication has nothing left to push, every change saved before was sent or settled
   * (accepted, refused, or a conflict kept for the person): the count comes from the replication's
   * own state rather than from a list that could miss a conflict resolved with the server's version.
   */
  private watchInSync() {
    const at = this.saves;
    void this.replication?.awaitInSync().then(() => {
      if (at !== this.saves) return;
      this.pendingIds.clear();
      void this.countPending();
    });
  }

  private async flushFiles() {
    if ((await this.outbox.flush()) === 'signedOut') this.update({ error: 'credentials' });
    await this.countPending();
  }

  /** The context the screens' commands run in (`./commands/`): this device's collections and person. */
  get commands(): CommandContext {
    this.commandContext ??= {
      workspace: this.local.workspace,
      issues: this.local.issues,
      user: { name: this.identity.name, roles: this.identity.roles },
      org: this.myOrg(),
      lang: () => (localStorage.getItem('tablero.lang') === 'en' ? 'en' : 'es'),
      onSaved: async (ids) => {
        // Another tab syncs: it counts and sends what this one saved.
        if (!this.tabs.leading) return this.tabs.post({ kind: 'saved', ids });
        this.saves++;
        for (const id of ids) this.pendingIds.add(id);
        await this.countPending();
        this.watchInSync();
      },
    };
    return this.commandContext;
  }
  private commandContext: CommandContext | undefined;

  myOrg(): string | undefined {
    return orgOf(this.identity);
  }

  async wipe(): Promise<void> {
    await this.stop();
    await this.local.db.remove();
    await this.outbox.wipe();
    localStorage.removeItem(this.names.pending);
    localStorage.removeItem(this.names.lastSync);
  }
}

/** The workspace database's name; the server reports it at /api/site. */
export let WORKSPACE_DB = 'tablero_workspace';
export function setWorkspaceDb(name: string) {
  WORKSPACE_DB = name;
}
