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

/**
 * Files a browser may show in the page instead of downloading: PDFs (in the browser's own viewer)
 * and raster images, never SVG, HTML or office files. The bytes must be what the type says.
 */
const SIGNATURES: Record<string, (bytes: Uint8Array) => boolean> = {
  'application/pdf': (b) => ascii(b, 0, 5) === '%PDF-',
  'image/png': (b) => b[0] === 0x89 && ascii(b, 1, 4) === 'PNG',
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/webp': (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP',
};

const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));

/** Whether a type is one the viewer shows (the server still checks the bytes before serving it inline). */
export const viewableType = (mediaType: string): boolean => mediaType in SIGNATURES;

/** Whether these bytes may be shown inline as `mediaType`. */
export function safeToShow(mediaType: string, bytes: Uint8Array): boolean {
  return SIGNATURES[mediaType]?.(bytes) ?? false;
}
