import 'fake-indexeddb/auto';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { describe, expect, it } from 'vitest';
import { OtherAccountsDatabase, openDeviceDb, ownerOf, recordOwner } from '../renderer/src/app/device-db.js';
import {
  accountOfReplication,
  deviceNames,
  legacyDeviceNames,
  replicationIdentifier,
} from '../renderer/src/app/device-names.js';
import { openWorkspaceDb } from '../renderer/src/db/database.js';
import { checkpointStore } from '../renderer/src/sync/device-store.js';
import { report } from './fixtures.js';

const SERVER = 'https://tablero.example';
const OTHER_SERVER = 'https://tablero.example.org';

describe('device names', () => {
  it('differ for account names that differ only in punctuation, on one server', async () => {
    const names = await Promise.all(['ana.b', 'ana_b', 'ana-b'].map((name) => deviceNames({ server: SERVER, name })));
    for (const field of ['database', 'files', 'pending', 'lastSync'] as const)
      expect(new Set(names.map((n) => n[field])).size).toBe(3);
  });

  it('differ for one account name on two servers', async () => {
    const [here, there] = await Promise.all(
      [SERVER, OTHER_SERVER].map((server) => deviceNames({ server, name: 'ana.b' })),
    );
    expect(here?.database).not.toBe(there?.database);
    expect(here?.files).not.toBe(there?.files);
    expect(here?.pending).not.toBe(there?.pending);
  });

  it('are the same each time for one account, and hold no part of its name', async () => {
    const once = await deviceNames({ server: SERVER, name: 'ana.b' });
    expect(await deviceNames({ server: SERVER, name: 'ana.b' })).toEqual(once);
    expect(once.database).toMatch(/^tablero-[0-9a-f]{32}$/);
  });

  it('read the account back from a replication checkpoint id', () => {
    const account = { server: 'http://127.0.0.1:4000', name: 'ana.b' };
    expect(accountOfReplication(replicationIdentifier(account, 'tablero_workspace'))).toEqual(account);
    expect(accountOfReplication('no-bars')).toBeNull();
  });
});

/** A database as the releases before owner records left it: old name, a checkpoint, an unsent draft. */
async function legacyDatabase(name: string, holders: string[], narrative: string) {
  const { db, workspace } = await openWorkspaceDb(legacyDeviceNames(name).database, getRxStorageDexie());
  for (const holder of holders)
    await checkpointStore(workspace, replicationIdentifier({ server: SERVER, name: holder }, 'ws'));
  const { _id: id, ...draft } = report({ createdBy: name, orgId: 'org:sfp', narrative });
  await workspace.insert({ id, ...draft } as never);
  await db.close();
}

async function narratives(account: { server: string; name: string }) {
  const { local, names } = await openDeviceDb(account, { storage: getRxStorageDexie() });
  const found = (await local.workspace.find().exec()).map((doc) => (doc.toJSON() as { narrative?: string }).narrative);
  await local.db.close();
  return { found, database: names.database };
}

describe('a device database', () => {
  it('written before owner records stays its account’s, drafts and all, and is not another’s', async () => {
    await legacyDatabase('ana.b', ['ana.b'], 'unsent legacy draft');
    const government = await narratives({ server: SERVER, name: 'ana.b' });
    expect(government).toEqual({ found: ['unsent legacy draft'], database: 'tablero-ana-b' });
    const cso = await narratives({ server: SERVER, name: 'ana_b' });
    expect(cso.found).toEqual([]);
    expect(cso.database).toBe((await deviceNames({ server: SERVER, name: 'ana_b' })).database);
    const elsewhere = await narratives({ server: OTHER_SERVER, name: 'ana.b' });
    expect(elsewhere.found).toEqual([]);
  });

  it('that two accounts used before owner records is opened for neither', async () => {
    await legacyDatabase('luis.c', ['luis.c', 'luis_c'], 'shared legacy draft');
    expect((await narratives({ server: SERVER, name: 'luis.c' })).found).toEqual([]);
    expect((await narratives({ server: SERVER, name: 'luis_c' })).found).toEqual([]);
  });

  it('records its account, and is refused to any other', async () => {
    const account = { server: SERVER, name: 'eva' };
    const { database } = await deviceNames(account);
    const { db } = await openWorkspaceDb(database, getRxStorageDexie());
    await recordOwner(db, { server: SERVER, name: 'someone-else' });
    await db.close();
    await expect(openDeviceDb(account, { storage: getRxStorageDexie() })).rejects.toBeInstanceOf(OtherAccountsDatabase);

    const mine = { server: SERVER, name: 'eva.m' };
    const opened = await openDeviceDb(mine, { storage: getRxStorageDexie() });
    expect(await ownerOf(opened.local.db)).toEqual(mine);
    await opened.local.db.close();
  });
});
