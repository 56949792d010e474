import { describe, expect, it } from 'vitest';
import { IRM_VALUES, POLICY_AREAS, termIn } from '../shared/src/vocabularies.js';
import demo from '../sync-server/demo/mx-4pa.json' with { type: 'json' };

describe('OGP vocabularies', () => {
  it('names every policy area and IRM value the sample plan uses, in both languages', () => {
    const commitments = demo.commitments as {
      policyAreas: string[];
      irmDesign?: Record<string, string>;
      irmEarlyResults?: string;
    }[];
    const areas = new Set(commitments.flatMap((c) => c.policyAreas));
    for (const area of areas) expect(POLICY_AREAS[area], area).toBeDefined();
    const values = new Set(
      commitments.flatMap((c) => [
        ...Object.values(c.irmDesign ?? {}),
        ...(c.irmEarlyResults ? [c.irmEarlyResults] : []),
      ]),
    );
    for (const value of values) expect(IRM_VALUES[value], value).toBeDefined();
  });
  it('keeps a term it does not know as recorded', () => {
    expect(termIn(POLICY_AREAS, 'Gender', 'es')).toBe('Género');
    expect(termIn(POLICY_AREAS, 'Pesca sustentable', 'en')).toBe('Pesca sustentable');
  });
});
