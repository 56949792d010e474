/**
 * A stored evidence file: the type checked at upload, who uploaded it, with its content.
 * Every organisation that uploaded its bytes holds its rights: evidence of any of them publishes
 * it, and their evidence opens it for review. An earlier release kept one organisation, in
 * `uploadedByOrg`; it is read as a list of one, and the next upload by another organisation
 * writes the list.
 */
export interface FileRecord {
  _id: string;
  _rev?: string;
  type: 'file';
  mediaType: string;
  size: number;
  uploadedAt: string;
  uploadedBy: string;
  uploadedByOrgs?: string[];
  /** Before uploadedByOrgs. */
  uploadedByOrg?: string | null;
  _attachments?: { content?: { length?: number } };
}

/**
 * The organisations whose evidence may name the file; empty when the first upload came from an
 * account of no organisation (an administrator), whose files any evidence may show, as before.
 */
export function uploadersOf(record: Pick<FileRecord, 'uploadedByOrgs' | 'uploadedByOrg'>): string[] {
  if (Array.isArray(record.uploadedByOrgs)) return record.uploadedByOrgs;
  return record.uploadedByOrg ? [record.uploadedByOrg] : [];
}

/** Whether evidence of this organisation may publish the file, or open it for review. */
export function heldBy(record: Pick<FileRecord, 'uploadedByOrgs' | 'uploadedByOrg'>, orgId: string): boolean {
  const orgs = uploadersOf(record);
  return orgs.length === 0 || orgs.includes(orgId);
}

/**
 * The uploaders once this organisation has uploaded the bytes too, or null when that changes
 * nothing: it holds them already, or anyone's evidence may show the file.
 */
export function withUploader(record: FileRecord, org: string | undefined): string[] | null {
  const orgs = uploadersOf(record);
  if (!org || orgs.length === 0 || orgs.includes(org)) return null;
  return [...orgs, org];
}
