import { allDocs, deleteWithOrphans } from '../admin/remove.js';
import { disableUser, listUsers } from '../admin/users.js';
import type { DbNames } from '../config.js';
import { type Couch, useDb } from '../couch/client.js';
import { writeSiteSettings } from '../site/settings.js';
import { DEMO_PLAN_ID, DEMO_USERS } from './demo-data.js';

/**
 * Removes the demo: its plan and everything in it, every record marked `demo`, the organisations
 * only the demo used, and the demo accounts; and records that the site does not want it back.
 */
export async function removeDemo(
  couch: Couch,
  names: DbNames,
): Promise<{ removed: Record<string, number>; accounts: number }> {
  const docs = await allDocs(couch, names);
  const doomed = new Set(
    docs
      .filter((d) => d._id === DEMO_PLAN_ID || ('planId' in d && d.planId === DEMO_PLAN_ID) || ('demo' in d && d.demo))
      .map((d) => d._id),
  );
  const removed = await deleteWithOrphans(couch, names, docs, doomed);
  const demoNames = new Set(DEMO_USERS.map((u) => u.name));
  let accounts = 0;
  for (const user of await listUsers(couch))
    if (demoNames.has(user.name) && !user.disabled) {
      await disableUser(couch, user.name);
      accounts++;
    }
  await writeSiteSettings(useDb(couch, names.workspace), { demo: false });
  return { removed, accounts };
}
