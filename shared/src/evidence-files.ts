/** What an evidence file may be, by the extension a file picker sees; the media types are the allowlist. */
export const EVIDENCE_EXTENSIONS = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.csv': 'text/csv',
  '.txt': 'text/plain',
  '.json': 'application/json',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
  '.zip': 'application/zip',
} as const satisfies Record<string, string>;

/** The media type a file name's extension gives, or `application/octet-stream` (which is refused). */
export function mediaTypeOf(fileName: string): string {
  const extension = /\.[^.]+$/.exec(fileName.toLowerCase())?.[0] ?? '';
  return EVIDENCE_EXTENSIONS[extension as keyof typeof EVIDENCE_EXTENSIONS] ?? 'application/octet-stream';
}

/** Checked on the device before the outbox, and by the server on upload. */
export const EVIDENCE_MEDIA_TYPES: string[] = [...new Set(Object.values(EVIDENCE_EXTENSIONS))];

/** The default size limit; a server may set another (TABLERO_MAX_FILE_MB). */
export const DEFAULT_MAX_FILE_MB = 25;
