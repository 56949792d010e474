/**
 * A file's type as people name it ("PDF", "Excel", "JPEG") rather than its media type
 * ("application/pdf"): the public reads evidence lists, not HTTP headers.
 */
const NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'text/csv': 'CSV',
  'text/plain': 'texto',
  'application/json': 'JSON',
  'application/zip': 'ZIP',
  'application/msword': 'Word',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.ms-excel': 'Excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'application/vnd.ms-powerpoint': 'PowerPoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint',
  'application/vnd.oasis.opendocument.text': 'ODT',
  'application/vnd.oasis.opendocument.spreadsheet': 'ODS',
};

export function mediaKind(mediaType: string): string {
  const known = NAMES[mediaType];
  if (known) return known;
  const [family, subtype = ''] = mediaType.split('/');
  // image/png, video/mp4…: the subtype is the name people use (PNG, MP4), without any "+xml" tail.
  if (family === 'image' || family === 'video' || family === 'audio') return subtype.split('+')[0]?.toUpperCase() ?? '';
  return subtype.toUpperCase() || mediaType;
}
