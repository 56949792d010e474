import { describe, expect, it } from 'vitest';
import type { LocalDoc } from '../db/local-doc.js';
import { combineVersions } from './combine.js';

const version = (fields: Record<string, unknown>): LocalDoc => ({
  id: 'report:x',
  type: 'progressReport',
  _deleted: false,
  ...fields,
});

describe('combining two versions of a report', () => {
  it('keeps the evidence of both devices and every field either side has', () => {
    const mine = version({
      percent: 40,
      narrative: 'mine',
      evidenceIds: ['evidence:a', 'evidence:b'],
      internalNote: 'n',
    });
    const theirs = version({
      percent: 50,
      narrative: 'theirs',
      evidenceIds: ['evidence:c', 'evidence:a'],
      date: '2024-01-02',
    });
    const combined = combineVersions(mine, theirs, { percent: 45, narrative: 'both' });
    expect(combined.evidenceIds).toEqual(['evidence:c', 'evidence:a', 'evidence:b']);
    expect(combined).toMatchObject({ percent: 45, narrative: 'both', internalNote: 'n', date: '2024-01-02' });
  });
});
