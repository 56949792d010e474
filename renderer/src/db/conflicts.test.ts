import { describe, expect, it } from 'vitest';
import { type ConflictRecord, keepBothConflictHandler } from './conflicts.js';
import type { LocalDoc } from './local-doc.js';

const report = (narrative: string): LocalDoc => ({
  id: 'report:x',
  type: 'progressReport',
  _deleted: false,
  narrative,
  percent: 40,
});

async function resolve(mine: LocalDoc, theirs: LocalDoc) {
  const kept: ConflictRecord[] = [];
  const handler = keepBothConflictHandler(async (record) => {
    kept.push(record);
  });
  const result = await handler.resolve(
    { newDocumentState: mine, realMasterState: theirs, assumedMasterState: undefined } as never,
    'test',
  );
  return { kept, result };
}

describe('the conflict handler', () => {
  it('keeps both versions of a real conflict for the person and lets replication go on with the server’s', async () => {
    const { kept, result } = await resolve(report('mine'), report('theirs'));
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ mine: { narrative: 'mine' }, theirs: { narrative: 'theirs' } });
    expect(result).toMatchObject({ narrative: 'theirs' });
  });

  it('asks nothing when both versions are the same, whatever bookkeeping fields differ', async () => {
    const { kept } = await resolve(
      { ...report('same'), _meta: { lwt: 1 } } as LocalDoc,
      { ...report('same'), _meta: { lwt: 2 } } as LocalDoc,
    );
    expect(kept).toEqual([]);
  });

  it('asks nothing about documents only administrators write', async () => {
    const plan = (title: string): LocalDoc => ({ id: 'plan:x', type: 'plan', _deleted: false, title });
    const { kept, result } = await resolve(plan('local'), plan('server'));
    expect(kept).toEqual([]);
    expect(result).toMatchObject({ title: 'server' });
  });
});
