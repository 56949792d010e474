import { createHash } from 'node:crypto';
import { type Db, getOrNull, isStatus, listDocs } from '../couch/client.js';

/**
 * How many confirmation mails one address may be sent in a day, however many client addresses
 * ask: following every commitment from many machines must not flood one person's inbox. Asking
 * past it still answers 202 (nothing tells who follows what) and sends nothing.
 */
export const CONFIRMATIONS_PER_DAY = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Kept by the address's hash, never the address; a day after its last use it is deleted. */
interface Quota {
  _id: string;
  _rev?: string;
  type: 'followQuota';
  sentAt: number[];
}

const quotaIdOf = (email: string) =>
  `followQuota:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;

/** Counts one confirmation mail to `email`; false when the address has had its share today. */
export async function takeConfirmation(personal: Db, email: string, now: number): Promise<boolean> {
  const id = quotaIdOf(email);
  for (let attempt = 1; ; attempt++) {
    const stored = await getOrNull<Quota>(personal, id);
    const recent = (stored?.sentAt ?? []).filter((at) => at > now - DAY_MS);
    if (recent.length >= CONFIRMATIONS_PER_DAY) return false;
    try {
      await personal.insert({ ...(stored ?? { _id: id, type: 'followQuota' }), sentAt: [...recent, now] } as never);
      return true;
    } catch (error) {
      if (!isStatus(error, 409) || attempt === 5) throw error;
    }
  }
}

/** Deletes the quotas no mail used for a day. */
export async function forgetStaleQuotas(personal: Db, now: number): Promise<void> {
  const rows = await listDocs<Quota>(personal, { startkey: 'followQuota:', endkey: 'followQuota:\ufff0' });
  const stale = rows.flatMap(({ doc }) =>
    doc && Math.max(...doc.sentAt) < now - DAY_MS ? [{ _id: doc._id, _rev: doc._rev, _deleted: true }] : [],
  );
  if (stale.length) await personal.bulk({ docs: stale as never[] });
}
