import { describe, expect, it } from 'vitest';
import { installedValidatorSource } from '../scripts/build-rules.js';
import { VALIDATE_DOC_SOURCE } from '../shared/src/rules/validate-doc.installed.js';

describe('the validate_doc_update text the server installs', () => {
  it('is generated from the current rule function, so every way of running the server installs the same text', () => {
    // When this fails: npm run build:rules, and commit shared/src/rules/validate-doc.installed.ts.
    expect(VALIDATE_DOC_SOURCE).toBe(installedValidatorSource());
  });
});
