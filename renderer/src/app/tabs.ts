import type { SyncStatus } from './workspace';

/** What the web app's tabs of one device database tell each other. */
export type TabMessage =
  | { kind: 'hello' }
  | { kind: 'status'; status: SyncStatus }
  | { kind: 'saved'; ids: string[] }
  | { kind: 'retry'; sha256: string }
  | { kind: 'flush' };

/**
 * The web app open in several tabs works on one local database (RxDB's multi-instance mode tells
 * each tab what the others write), and one tab at a time syncs it with the server: the one holding
 * the database's Web Lock. The others show that tab's sync state and hand it what they save; when
 * it closes, the lock passes to another, which takes over. Without Web Locks each tab syncs alone.
 */
export class Tabs {
  leading = false;
  private channel: BroadcastChannel | null = null;
  private release: (() => void) | null = null;
  private readonly waiting = new AbortController();

  constructor(
    private readonly name: string,
    private readonly handlers: { lead: () => void; message: (message: TabMessage) => void },
  ) {}

  start(): void {
    if (!('locks' in navigator) || typeof BroadcastChannel === 'undefined') {
      this.leading = true;
      this.handlers.lead();
      return;
    }
    this.channel = new BroadcastChannel(`tablero-tabs:${this.name}`);
    this.channel.onmessage = (event: MessageEvent<TabMessage>) => this.handlers.message(event.data);
    navigator.locks
      .request(`tablero-sync:${this.name}`, { signal: this.waiting.signal }, () => {
        this.leading = true;
        this.handlers.lead();
        // Held until this tab stops syncing (signed out, closed): then another tab takes over.
        return new Promise<void>((resolve) => {
          this.release = resolve;
        });
      })
      // Stopped before its turn came: nothing to take over.
      .catch(() => undefined);
    // A tab that syncs already answers with its state.
    this.post({ kind: 'hello' });
  }

  post(message: TabMessage): void {
    this.channel?.postMessage(message);
  }

  /** After this tab stopped syncing: the lock goes to the next tab, and this one hears no more. */
  close(): void {
    this.waiting.abort();
    this.release?.();
    this.channel?.close();
    this.channel = null;
  }
}
