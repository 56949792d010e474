import Dexie, { type Table } from 'dexie';
import { DEFAULT_MAX_FILE_MB, EVIDENCE_MEDIA_TYPES } from '../../../shared/src/evidence-files';
import { type FileProblem, NEEDS_THE_PERSON, uploadFile } from './file-upload';

/** An evidence file kept on this device until the server has it. */
export interface OutboxFile {
  sha256: string;
  name: string;
  mediaType: string;
  size: number;
  blob: Blob;
  uploaded: 0 | 1;
  /** Why the last attempt did not store it, and what the server said. */
  problem?: FileProblem;
  detail?: string;
  /** When it was last tried (ms), so that one that failed goes after the others next time. */
  triedAt?: number;
}

/** A file waiting to go, as the person sees it. */
export interface WaitingFile {
  sha256: string;
  name: string;
  size: number;
  problem?: FileProblem;
  detail?: string;
}

export const MAX_FILE_BYTES = DEFAULT_MAX_FILE_MB * 1024 * 1024;

class FilesDb extends Dexie {
  files!: Table<OutboxFile, string>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({ files: 'sha256, uploaded' });
  }
}

export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Why a file cannot be evidence, or null. */
export function fileProblem(file: { name: string; type: string; size: number }): string | null {
  if (file.size > MAX_FILE_BYTES) return 'tooLarge';
  if (!EVIDENCE_MEDIA_TYPES.includes(file.type)) return 'badType';
  return null;
}

export type Progress = Record<string, number>;

/** How long the sign-in check may take before the outbox goes on without its answer. */
const SESSION_DEADLINE_MS = 15_000;

export interface OutboxOptions {
  /** Cut when connectivity changes: requests in flight end and the next flush starts afresh. */
  cut: () => AbortSignal;
  lang: () => 'es' | 'en';
  /** Progress of the uploads under way, by hash. */
  onProgress: (progress: Progress) => void;
  /** Something about the waiting files changed (one went, one failed). */
  onChange: () => void;
  /** The server answered: it is reachable again, if it was not. */
  onReached?: () => void;
  /** No answer at all: the server is watched for, so the files go as soon as it answers. */
  onLost?: () => void;
  /** Whether this tab sends the files (another tab of the web app may be the one that syncs). */
  sendsHere?: () => boolean;
  /** Asks the tab that syncs to send them. */
  sendsElsewhere?: () => void;
}

/**
 * Files wait here (IndexedDB) and go to `PUT /api/files/{sha256}` (large ones in pieces) when the
 * server is reachable. The hash names the file, so sending one twice stores it once and a retry
 * is harmless. Every request has a deadline, so one held on a dead connection ends and the next
 * file goes; a file that failed goes after the others next time; one the server refused for a
 * reason the person must act on waits for the person (`retry`).
 */
export class FilesOutbox {
  private readonly db: FilesDb;
  private running: Promise<'done' | 'signedOut'> | null = null;
  private again = false;
  constructor(
    name: string,
    private readonly server: string,
    private readonly options: OutboxOptions,
  ) {
    this.db = new FilesDb(name);
  }

  async add(file: { name: string; type: string; size: number; bytes: ArrayBuffer }): Promise<OutboxFile> {
    const sha256 = await sha256Hex(file.bytes);
    const entry: OutboxFile = {
      sha256,
      name: file.name,
      mediaType: file.type,
      size: file.size,
      blob: new Blob([file.bytes], { type: file.type }),
      uploaded: 0,
    };
    const existing = await this.db.files.get(sha256);
    if (!existing) await this.db.files.put(entry);
    return existing ?? entry;
  }

  /** Keeps the files for upload and gives what their evidence records carry of them. */
  async store(files: readonly { name: string; type: string; size: number; bytes: ArrayBuffer }[]) {
    // Named as picked this time: the same content may be waiting under another name.
    return Promise.all(
      files.map(async (file) => ({
        sha256: (await this.add(file)).sha256,
        name: file.name,
        mediaType: file.type,
        size: file.size,
      })),
    );
  }

  pending(): Promise<number> {
    return this.db.files.where('uploaded').equals(0).count();
  }

  /** The files not yet on the server, with why the last attempt failed. */
  async waiting(): Promise<WaitingFile[]> {
    const files = await this.db.files.where('uploaded').equals(0).toArray();
    return files.map(({ sha256, name, size, problem, detail }) => ({
      sha256,
      name,
      size,
      ...(problem ? { problem } : {}),
      ...(detail ? { detail } : {}),
    }));
  }

  /** The person asks for the file to be sent again (space freed, the server's limit raised). */
  async retry(sha256: string): Promise<'done' | 'signedOut'> {
    await this.db.files.update(sha256, { problem: undefined, detail: undefined, triedAt: 0 });
    this.options.onChange();
    return this.flush();
  }

  /**
   * Sends what is waiting. Answers 'signedOut' without sending anything when the server no longer
   * accepts the session, so a large file is not sent again and again only to be refused. Asked
   * while a flush runs, it runs once more after it, so a flush cut by a change of connectivity is
   * followed by a fresh one.
   */
  flush(): Promise<'done' | 'signedOut'> {
    if (this.options.sendsHere && !this.options.sendsHere()) {
      this.options.sendsElsewhere?.();
      return Promise.resolve('done');
    }
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let result: 'done' | 'signedOut' = 'done';
      do {
        this.again = false;
        result = await this.sendWaiting();
      } while (this.again && result === 'done');
      return result;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async sendWaiting(): Promise<'done' | 'signedOut'> {
    const waiting = (await this.db.files.where('uploaded').equals(0).toArray())
      .filter((file) => !(file.problem && NEEDS_THE_PERSON.has(file.problem)))
      .sort((a, b) => (a.triedAt ?? 0) - (b.triedAt ?? 0));
    if (waiting.length === 0) return 'done';
    if ((await this.signedIn()) === false) return 'signedOut';
    const progress: Progress = {};
    for (const file of waiting) {
      progress[file.sha256] = 0;
      this.options.onProgress({ ...progress });
      const result = await uploadFile({
        server: this.server,
        sha256: file.sha256,
        mediaType: file.mediaType,
        blob: file.blob,
        cut: this.options.cut(),
        lang: this.options.lang(),
        onProgress: (fraction) => {
          progress[file.sha256] = fraction;
          this.options.onProgress({ ...progress });
        },
      });
      delete progress[file.sha256];
      this.options.onProgress({ ...progress });
      if (result.ok || result.problem !== 'network') this.options.onReached?.();
      if (result.ok) await this.db.files.update(file.sha256, { uploaded: 1, problem: undefined, detail: undefined });
      else if (result.problem === 'signedOut') return 'signedOut';
      else
        await this.db.files.update(file.sha256, {
          problem: result.problem,
          detail: result.detail,
          triedAt: Date.now(),
        });
      this.options.onChange();
      // No answer at all: the server is not reachable, and the next file would fare no better. A
      // stalled one (held on a dead connection) may be alone in its trouble: the next one goes.
      if (!result.ok && result.problem === 'network') {
        this.options.onLost?.();
        break;
      }
    }
    return 'done';
  }

  /** Whether the server still accepts the session; null when it could not say in time. */
  private async signedIn(): Promise<boolean | null> {
    const signal = AbortSignal.any([this.options.cut(), AbortSignal.timeout(SESSION_DEADLINE_MS)]);
    const session = await fetch(`${this.server}/db/_session`, { credentials: 'include', signal })
      .then((r) => r.json() as Promise<{ userCtx?: { name: string | null } }>)
      .catch(() => null);
    if (!session) return null;
    this.options.onReached?.();
    return Boolean(session.userCtx?.name);
  }

  async wipe(): Promise<void> {
    await this.db.delete();
  }
}
