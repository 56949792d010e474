import type { RxCollection } from 'rxdb';
import type { Issue } from '../db/database.js';
import type { LocalDoc } from '../db/local-doc.js';

/**
 * What a command needs: the device's collections and who is acting. Screens get one from their
 * `Workspace`; tests build one over fake-indexeddb.
 */
export interface CommandContext {
  workspace: RxCollection<LocalDoc>;
  issues: RxCollection<Issue>;
  user: { name: string; roles: string[] };
  /** The person's organisation (`org:sfp`), when they have one. */
  org: string | undefined;
  /** The language refusals are given in. */
  lang: () => 'es' | 'en';
  /** Told which documents were saved on the device, for the count of changes not yet sent. */
  onSaved: (ids: string[]) => Promise<void> | void;
}

/** A refusal in the person's language, or null when the command was carried out. */
export type Refusal = string | null;

/** The fields of an evidence file already stored in the files outbox. */
export interface StoredFile {
  sha256: string;
  name: string;
  mediaType: string;
  size: number;
}
