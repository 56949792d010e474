import Dexie, { type Table } from 'dexie';
import { DEFAULT_MAX_FILE_MB, EVIDENCE_MEDIA_TYPES } from '../../../shared/src/evidence-files';

/** An evidence file kept on this device until the server has it. */
export interface OutboxFile {
  sha256: string;
  name: string;
  mediaType: string;
  size: number;
  blob: Blob;
  uploaded: 0 | 1;
  error?: string;
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

/**
 * Files wait here (IndexedDB) and go to `PUT /api/files/{sha256}` when the server is reachable.
 * The hash names the file, so sending one twice stores it once and a retry is harmless.
 */
export class FilesOutbox {
  private readonly db: FilesDb;
  private running = false;
  constructor(
    name: string,
    private readonly server: string,
    private readonly onProgress: (progress: Progress) => void,
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

  /**
   * Sends what is waiting; stops at the first network failure and is called again later. Answers
   * 'signedOut' without sending anything when the server no longer accepts the session, so a large
   * file is not sent again and again only to be refused.
   */
  async flush(): Promise<'done' | 'signedOut'> {
    if (this.running) return 'done';
    this.running = true;
    const progress: Progress = {};
    try {
      if ((await this.db.files.where('uploaded').equals(0).count()) === 0) return 'done';
      const session = await fetch(`${this.server}/db/_session`, { credentials: 'include' })
        .then((r) => r.json() as Promise<{ userCtx?: { name: string | null } }>)
        .catch(() => null);
      if (session && !session.userCtx?.name) return 'signedOut';
      for (const file of await this.db.files.where('uploaded').equals(0).toArray()) {
        progress[file.sha256] = 0;
        this.onProgress({ ...progress });
        const status = await upload(this.server, file, (fraction) => {
          progress[file.sha256] = fraction;
          this.onProgress({ ...progress });
        });
        delete progress[file.sha256];
        this.onProgress({ ...progress });
        if (status === 200 || status === 201)
          await this.db.files.update(file.sha256, { uploaded: 1, error: undefined });
        else if (status === 0) break;
        else if (status === 401) return 'signedOut';
        else await this.db.files.update(file.sha256, { error: `HTTP ${status}` });
      }
    } finally {
      this.running = false;
    }
    return 'done';
  }

  async wipe(): Promise<void> {
    await this.db.delete();
  }
}

function upload(server: string, file: OutboxFile, onProgress: (fraction: number) => void): Promise<number> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', `${server}/api/files/${file.sha256}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', file.mediaType);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => resolve(xhr.status);
    xhr.onerror = () => resolve(0);
    xhr.send(file.blob);
  });
}
