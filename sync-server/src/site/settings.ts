import { createHash } from 'node:crypto';
import { type Db, getOrNull, storeFieldsOff } from '../couch/client.js';

/**
 * The site's own settings, kept in the workspace database (a `_local` document: never replicated,
 * never readable through the gateway), written by `admin site setup` and read by the server.
 * Environment variables give the defaults; what `site setup` stored wins.
 */
export const SITE_SETTINGS_ID = '_local/tablero-site';

export const SITE_LANGUAGES = ['es', 'en'] as const;
export type SiteLanguage = (typeof SITE_LANGUAGES)[number];

export const LOGO_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
};
export const MAX_LOGO_BYTES = 512 * 1024;

export interface SiteSettings {
  name?: string;
  language?: SiteLanguage;
  publicUrl?: string;
  /** The logo itself, served at /site/logo: sites do not depend on another server for it. */
  logo?: { mediaType: string; sha256: string; base64: string };
  /** false once the site was set up for its own plan: the demo is not loaded, or was removed. */
  demo?: boolean;
}

export async function readSiteSettings(db: Db): Promise<SiteSettings> {
  const doc = await getOrNull<SiteSettings>(db, SITE_SETTINGS_ID);
  return doc ? storeFieldsOff(doc) : {};
}

export async function writeSiteSettings(db: Db, changes: SiteSettings): Promise<SiteSettings> {
  const current = await getOrNull<SiteSettings>(db, SITE_SETTINGS_ID);
  const next = { ...(current ?? {}), ...changes, _id: SITE_SETTINGS_ID };
  await db.insert(next);
  return storeFieldsOff(next);
}

export function logoFrom(fileName: string, bytes: Uint8Array): SiteSettings['logo'] {
  const extension = /\.[^.]+$/.exec(fileName.toLowerCase())?.[0] ?? '';
  const mediaType = LOGO_TYPES[extension];
  if (!mediaType)
    throw new Error(`--logo: ${fileName} is not a logo Tablero serves (${Object.keys(LOGO_TYPES).join(', ')})`);
  if (bytes.length > MAX_LOGO_BYTES)
    throw new Error(
      `--logo: ${fileName} is ${Math.round(bytes.length / 1024)} KB; a logo may be ${MAX_LOGO_BYTES / 1024} KB at most`,
    );
  if (bytes.length === 0) throw new Error(`--logo: ${fileName} is empty`);
  return {
    mediaType,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    base64: Buffer.from(bytes).toString('base64'),
  };
}

/** The settings, read again at most every few seconds, so `site setup` shows without a restart. */
export class SiteSettingsCache {
  private value: SiteSettings = {};
  private readAt = 0;
  private reading: Promise<SiteSettings> | undefined;

  constructor(
    private readonly db: Db,
    private readonly maxAgeMs = 3000,
  ) {}

  async get(): Promise<SiteSettings> {
    if (Date.now() - this.readAt < this.maxAgeMs) return this.value;
    this.reading ??= readSiteSettings(this.db)
      .then((value) => {
        this.value = value;
        this.readAt = Date.now();
        return value;
      })
      .finally(() => {
        this.reading = undefined;
      });
    return this.reading;
  }
}
