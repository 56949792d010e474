import { describe, expect, it } from 'vitest';
import { EVIDENCE_MEDIA_TYPES, mediaTypeOf } from './evidence-files.js';

describe('evidence file types', () => {
  it('gives the media type of an allowed extension, whatever its case, and nothing allowed otherwise', () => {
    expect(mediaTypeOf('/home/ana/Acta FINAL.PDF')).toBe('application/pdf');
    expect(mediaTypeOf('foto.jpeg')).toBe('image/jpeg');
    expect(mediaTypeOf('script.exe')).toBe('application/octet-stream');
    expect(mediaTypeOf('C:\\datos.v2\\sin-extension')).toBe('application/octet-stream');
    expect(EVIDENCE_MEDIA_TYPES).not.toContain('application/octet-stream');
  });
});
