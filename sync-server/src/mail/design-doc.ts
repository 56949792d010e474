import type { QueuedMail } from './queue.js';

export const MAIL_DDOC = 'mail';

/**
 * The personal database's one view: the mails waiting to be sent, and those whose sender's lease
 * ran out, by when they are due. Sent, refused and paused mails are not in it, so reading what is
 * due stays as cheap after a million mails as after one.
 */
export const mailDesignDoc = {
  _id: `_design/${MAIL_DDOC}`,
  language: 'javascript',
  views: {
    due: {
      map: 'function (doc) { if (doc.type === "mail" && (doc.state === "queued" || doc.state === "sending")) emit(doc.dueAt, null); }',
    },
  },
};

export type DueRow = { id: string; key: number; doc?: QueuedMail };
