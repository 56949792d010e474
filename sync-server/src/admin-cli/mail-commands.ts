import fs from 'node:fs';
import { AdminInputError } from '../admin/users.js';
import type { DbNames } from '../config.js';
import { type Couch, docsWithPrefix, getOrNull, useDb } from '../couch/client.js';
import { readBounce } from '../mail/bounces.js';
import { allFollows, deleteFollow } from '../mail/follows.js';
import { setPersonEmail } from '../mail/people.js';
import { isMailAddress, MailInputError, type PausedAddress, pausedAddressIdOf } from '../mail/queue.js';
import { outboxFiles } from '../mail/transport.js';
import { bounceFiles, describeBounce } from './bounce-files.js';

export const MAIL_USAGE = `  user email NAME ADDRESS      (the account's e-mail address, for its reminders; kept server-side only)
  mail outbox                   (the mails written to TABLERO_DATA_DIR/outbox when no SMTP server is set)
  mail paused                   (addresses the mail server refused for good, and why; nothing is sent to them)
  mail resume --email ADDRESS   (send to that address again)
  mail bounces FILE|DIR|- …     (bounces that came back by mail (DSN): a .eml file, a maildir, or
                                 standard input; a permanent failure pauses the address)
  followers export [--out FILE] (every follow with its address, as JSON lines)
  followers delete --email ADDRESS   (every follow of that address, and the address, at once)`;

export const MAIL_COMMANDS = [
  'user email',
  'mail outbox',
  'mail paused',
  'mail resume',
  'mail bounces',
  'followers export',
  'followers delete',
];

/** The headers of an .eml file a person reads in a list: when, to whom, about what. */
function headersOf(file: string): Record<string, string> {
  const text = fs.readFileSync(file, 'utf8');
  const head = text.slice(0, text.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** Outbox lines: written at, to, subject (as the file has it, MIME-encoded when not ASCII), file. */
export function outboxListing(dataDir: string): string[] {
  return outboxFiles(dataDir).map(({ file, writtenAt }) => {
    const headers = headersOf(file);
    return `${writtenAt.toISOString()}\t${headers.to ?? ''}\t${headers.subject ?? ''}\t${file}`;
  });
}

export function checkEmailOption(email: string): void {
  if (!isMailAddress(email))
    throw new AdminInputError(`--email: "${email}" is not one e-mail address (name@example.org).`, 'email');
}

export async function setAccountEmail(couch: Couch, names: DbNames, name: string, email: string): Promise<void> {
  const exists = await couch
    .use('_users')
    .head(`org.couchdb.user:${name}`)
    .then(() => true)
    .catch(() => false);
  if (!exists) throw new AdminInputError(`user email: there is no account "${name}".`, 'name');
  try {
    await setPersonEmail(useDb(couch, names.personal), name, email);
  } catch (error) {
    if (error instanceof MailInputError) throw new AdminInputError(`--email: ${error.message}`, 'email');
    throw error;
  }
}

interface MailCommandInput {
  action: string;
  rest: string[];
  values: { name?: string; email?: string; out?: string };
  dataDir: string;
}

export async function runMailCommand(couch: Couch, names: DbNames, input: MailCommandInput): Promise<void> {
  const { action, rest, values } = input;
  const personal = useDb(couch, names.personal);
  switch (action) {
    case 'user email': {
      const name = values.name ?? rest[0];
      const email = values.email ?? rest[1];
      if (!name || !email)
        throw new AdminInputError('user email: give the account and the address: user email NAME ADDRESS.');
      await setAccountEmail(couch, names, name, email);
      console.log(`${name} gets reminders at ${email}.`);
      return;
    }
    case 'mail outbox': {
      const lines = outboxListing(input.dataDir);
      console.log(lines.length ? lines.join('\n') : `No mail in ${input.dataDir}/outbox.`);
      return;
    }
    case 'mail paused': {
      const paused = await docsWithPrefix<PausedAddress>(personal, 'pausedAddress:');
      for (const p of paused) console.log(`${new Date(p.pausedAt).toISOString()}\t${p.address}\t${p.reason}`);
      if (!paused.length) console.log('No address is paused.');
      return;
    }
    case 'mail resume': {
      const email = values.email ?? rest[0];
      if (!isMailAddress(email)) throw new AdminInputError('--email: the paused address to send to again.', 'email');
      const paused = await getOrNull<PausedAddress>(personal, pausedAddressIdOf(email));
      if (paused) await personal.destroy(paused._id, paused._rev);
      console.log(paused ? `${email} gets mail again.` : `${email} was not paused.`);
      return;
    }
    case 'mail bounces': {
      if (!rest.length) throw new AdminInputError('mail bounces: name a .eml file, a maildir or - (standard input).');
      for (const source of rest)
        for (const { name, raw, done } of bounceFiles(source)) {
          console.log(`${name}\t${describeBounce(await readBounce(personal, raw))}`);
          done();
        }
      return;
    }
    case 'followers export': {
      const follows = await allFollows(personal);
      const text = follows
        .map(({ email, target, state, digest, createdAt, confirmedAt }) =>
          JSON.stringify({ email, target, state, digest, createdAt, ...(confirmedAt ? { confirmedAt } : {}) }),
        )
        .join('\n');
      if (values.out) {
        fs.writeFileSync(values.out, text ? `${text}\n` : '', { mode: 0o600 });
        console.error(`Wrote ${follows.length} follows to ${values.out}.`);
      } else if (text) console.log(text);
      return;
    }
    case 'followers delete': {
      const email = values.email ?? rest[0];
      if (!isMailAddress(email)) throw new AdminInputError('--email: the address whose follows go.', 'email');
      const mine = (await allFollows(personal)).filter((f) => f.email.toLowerCase() === email.toLowerCase());
      for (const follow of mine) await deleteFollow(personal, follow._id);
      console.log(
        `Deleted ${mine.length} follow${mine.length === 1 ? '' : 's'} of ${email}, and the address with them.`,
      );
      return;
    }
  }
}
