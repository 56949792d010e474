import type { DbNames } from '../config.js';
import { type Couch, useDb } from '../couch/client.js';
import {
  logoFrom,
  readSiteSettings,
  SITE_LANGUAGES,
  type SiteLanguage,
  type SiteSettings,
  writeSiteSettings,
} from '../site/settings.js';
import { AdminInputError } from './users.js';

/** What an administrator changes of the site; what is left out stays as it is. */
export interface SiteSetup {
  name?: string;
  language?: string;
  publicUrl?: string;
  logo?: { fileName: string; bytes: Uint8Array };
}

/** The settings to store, or a refusal naming the field. */
export function siteSettingsFrom(input: SiteSetup): SiteSettings {
  const settings: SiteSettings = { demo: false };
  if (input.name !== undefined) {
    if (typeof input.name !== 'string' || !input.name.trim())
      throw new AdminInputError('the site needs a name', 'name');
    settings.name = input.name.trim().slice(0, 200);
  }
  if (input.language !== undefined) {
    if (!(SITE_LANGUAGES as readonly string[]).includes(input.language))
      throw new AdminInputError(`"${input.language}" must be ${SITE_LANGUAGES.join(' or ')}`, 'language');
    settings.language = input.language as SiteLanguage;
  }
  if (input.publicUrl !== undefined) {
    if (typeof input.publicUrl !== 'string' || !/^https?:\/\/[^\s/]+\S*$/.test(input.publicUrl))
      throw new AdminInputError(`"${input.publicUrl}" must start with https:// (or http://)`, 'publicUrl');
    settings.publicUrl = input.publicUrl.replace(/\/+$/, '');
  }
  if (input.logo !== undefined) {
    try {
      settings.logo = logoFrom(input.logo.fileName, input.logo.bytes);
    } catch (error) {
      throw new AdminInputError((error as Error).message.replace(/^--logo:\s*/, ''), 'logo');
    }
  }
  return settings;
}

/** Stores the site's own settings; from then on the demo is not loaded. */
export async function setUpSite(couch: Couch, names: DbNames, input: SiteSetup): Promise<SiteSettings> {
  return writeSiteSettings(useDb(couch, names.workspace), siteSettingsFrom(input));
}

/** The settings as the admin page shows them: no logo bytes. */
export async function siteOverview(couch: Couch, names: DbNames) {
  const { logo, ...settings } = await readSiteSettings(useDb(couch, names.workspace));
  return { ...settings, ...(logo ? { logo: { mediaType: logo.mediaType, sha256: logo.sha256 } } : {}) };
}
