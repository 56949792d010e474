import type { ViewRow } from '../couch/client.js';
import type { QueuedMail } from './queue.js';

export const MAIL_DDOC = 'mail';

/**
 * The personal database's views. `due`: the mails waiting to be sent, and those whose sender's
 * lease ran out, by when they are due. Sent, refused and paused mails are not in it, so reading
 * what is due stays as cheap after a million mails as after one.
 */
export const mailDesignDoc = {
  _id: `_design/${MAIL_DDOC}`,
  language: 'javascript',
  views: {
    due: {
      map: 'function (doc) { if (doc.type === "mail" && (doc.state === "queued" || doc.state === "sending")) emit(doc.dueAt, null); }',
    },
    /** Mails not yet sent, by the personal record whose deletion cancels them (a follow). */
    by_owner: {
      map: 'function (doc) { if (doc.type === "mail" && doc.owner && (doc.state === "queued" || doc.state === "sending")) emit(doc.owner, null); }',
    },
    follows_by_target: {
      map: 'function (doc) { if (doc.type === "follow" && doc.state === "active") emit([doc.target.kind, doc.target.id], null); }',
    },
  },
};

/** A row of `due`: the mail's id, when it is due and, when read with it, the mail. */
export type DueRow = ViewRow<QueuedMail, number, null>;
