import fs from 'node:fs/promises';

/** Seconds a client should wait before sending again: space is freed by a person, not in a moment. */
export const STORE_FULL_RETRY_AFTER_S = 60;

export const STORE_FULL_REASON =
  "The server's disk is full, so nothing new can be stored; what you sent stays on your device and is sent again once the server has room.";
export const STORE_FULL_REASON_ES =
  'El disco del servidor está lleno y no se puede guardar nada nuevo; lo enviado se queda en su equipo y se vuelve a enviar cuando el servidor tenga espacio.';

const FULL = /no space left on device|enospc|insufficient_storage|disk is full/i;

/**
 * Whether the store refused a write for lack of disk space: LevelDB's `IO error: … No space left
 * on device` through the embedded store, Apache CouchDB's `enospc`/507, or the error itself.
 */
export function isStoreFull(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as {
    code?: unknown;
    statusCode?: unknown;
    message?: unknown;
    reason?: unknown;
    body?: unknown;
    cause?: unknown;
  };
  if (e.code === 'ENOSPC' || e.statusCode === 507) return true;
  const texts = [
    e.message,
    e.reason,
    (e.body as { reason?: unknown; error?: unknown } | undefined)?.reason,
    (e.body as { error?: unknown } | undefined)?.error,
  ];
  if (texts.some((text) => typeof text === 'string' && FULL.test(text))) return true;
  return isStoreFull(e.cause, depth + 1);
}

/**
 * What the server knows of its storage: whether writes are failing for lack of space (since when),
 * and, for a data folder on this machine, how much room is left. A write that succeeds after a
 * failure clears it, so health and the answers recover as soon as space is back.
 */
export class StorageWatch {
  private failingSince: number | null = null;

  constructor(private readonly dataDir: string | undefined) {}

  failed(): void {
    this.failingSince ??= Date.now();
  }

  succeeded(): void {
    this.failingSince = null;
  }

  get failing(): boolean {
    return this.failingSince !== null;
  }

  async report(): Promise<{ writesFailingSince: string | null; freeBytes: number | null; totalBytes: number | null }> {
    const stats = this.dataDir ? await fs.statfs(this.dataDir).catch(() => null) : null;
    return {
      writesFailingSince: this.failingSince === null ? null : new Date(this.failingSince).toISOString(),
      freeBytes: stats ? stats.bavail * stats.bsize : null,
      totalBytes: stats ? stats.blocks * stats.bsize : null,
    };
  }
}
