import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameContent, stableJson } from './stable-json.js';

/** What sameContent must agree with: both documents written out with sorted keys, bookkeeping aside. */
function asWritten(doc: Record<string, unknown>): string {
  const { _rev, _revisions, _meta, _attachments, ...rest } = doc;
  return stableJson(rest);
}

const shuffled = (doc: unknown): unknown => {
  if (Array.isArray(doc)) return doc.map(shuffled);
  if (doc && typeof doc === 'object')
    return Object.fromEntries(
      Object.entries(doc)
        .reverse()
        .map(([k, v]) => [k, shuffled(v)]),
    );
  return doc;
};

const value = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -3, max: 3 }), fc.boolean(), fc.constant(null)),
  node: fc.oneof(
    { depthSize: 'small' },
    tie('leaf'),
    fc.array(fc.oneof(tie('leaf'), fc.constant(undefined)), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.oneof(tie('node'), fc.constant(undefined)), { maxKeys: 3 }),
  ),
}));
const doc = fc.dictionary(fc.constantFrom('title', 'n', '_rev', '_meta', 'list', 'x'), value.node, { maxKeys: 5 });

describe('sameContent', () => {
  it('says what comparing both documents written out with sorted keys says', () => {
    fc.assert(
      fc.property(doc, doc, (a, b) => {
        expect(sameContent(a, b)).toBe(asWritten(a) === asWritten(b));
        expect(sameContent(a, shuffled(a) as object)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('ignores bookkeeping and undefined fields, not anything else', () => {
    expect(sameContent({ a: 1, _rev: '1-x', b: undefined }, { a: 1, _rev: '2-y' })).toBe(true);
    expect(sameContent({ a: [1, undefined] }, { a: [1, null] })).toBe(true);
    expect(sameContent({ a: { b: 1, c: 2 } }, { a: { c: 2, b: 1 } })).toBe(true);
    expect(sameContent({ a: { b: 1 } }, { a: { b: '1' } })).toBe(false);
    expect(sameContent({ a: [] }, { a: {} })).toBe(false);
    expect(sameContent({ _id: 'x' }, { _id: 'y' })).toBe(false);
    expect(sameContent({ a: { _rev: 1 } }, { a: {} })).toBe(false);
  });
});
