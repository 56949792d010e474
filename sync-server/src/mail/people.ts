import { createHash, randomBytes } from 'node:crypto';
import { type Db, getOrNull, isStatus } from '../couch/client.js';
import { isMailAddress, MailInputError } from './queue.js';

/** The reminders a person may choose to get; all on until they say otherwise. */
export const REMINDER_KINDS = ['deadlineSoon', 'overdue', 'returned', 'weeklyDigest'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
export type ReminderChoices = Record<ReminderKind, boolean>;

export const ALL_REMINDERS: ReminderChoices = { deadlineSoon: true, overdue: true, returned: true, weeklyDigest: true };

/**
 * An account's e-mail address and its reminder choices, in the personal database only: the
 * account itself (`_users`) and the workspace never hold an address.
 */
export interface PersonMail {
  _id: string;
  _rev?: string;
  type: 'personMail';
  name: string;
  email?: string;
  reminders: ReminderChoices;
  /**
   * The token of the one-click link in the person's reminder mails (List-Unsubscribe), which
   * turns kinds of reminder off; found by its hash (a reminderStop document), made on first use.
   */
  stopToken?: string;
}

/** A reminder mail's stop link's token, by its hash: which person it turns reminders off for. */
interface ReminderStop {
  _id: string;
  type: 'reminderStop';
  name: string;
}

const stopIdOf = (token: string) => `reminderStop:${createHash('sha256').update(token).digest('hex')}`;

export const personMailIdOf = (name: string) => `personMail:${Buffer.from(name).toString('hex')}`;

export async function personMailOf(personal: Db, name: string): Promise<PersonMail> {
  const stored = await getOrNull<PersonMail>(personal, personMailIdOf(name));
  return stored
    ? { ...stored, reminders: { ...ALL_REMINDERS, ...stored.reminders } }
    : { _id: personMailIdOf(name), type: 'personMail', name, reminders: { ...ALL_REMINDERS } };
}

async function save(personal: Db, name: string, change: (current: PersonMail) => PersonMail): Promise<PersonMail> {
  for (let attempt = 1; ; attempt++) {
    const next = change(await personMailOf(personal, name));
    try {
      await personal.insert(next as never);
      return next;
    } catch (error) {
      if (!isStatus(error, 409) || attempt === 5) throw error;
    }
  }
}

/** Sets (or, with null, removes) an account's address. */
export function setPersonEmail(personal: Db, name: string, email: string | null): Promise<PersonMail> {
  if (email !== null && !isMailAddress(email))
    throw new MailInputError('email', `email: "${email}" is not one e-mail address (name@example.org).`);
  return save(personal, name, (current) => {
    const { email: _old, ...rest } = current;
    return email === null ? rest : { ...rest, email };
  });
}

/** Checks a reminder choice from a client: only known kinds, only booleans. */
export function parseReminderChoices(input: unknown): Partial<ReminderChoices> {
  if (!input || typeof input !== 'object' || Array.isArray(input))
    throw new MailInputError('reminders', 'reminders: an object such as {"overdue": false}.');
  const choices: Partial<ReminderChoices> = {};
  for (const [kind, on] of Object.entries(input)) {
    if (!(REMINDER_KINDS as readonly string[]).includes(kind))
      throw new MailInputError(
        `reminders.${kind}`,
        `reminders.${kind}: not a reminder (${REMINDER_KINDS.join(', ')}).`,
      );
    if (typeof on !== 'boolean') throw new MailInputError(`reminders.${kind}`, `reminders.${kind}: true or false.`);
    choices[kind as ReminderKind] = on;
  }
  return choices;
}

export function setReminderChoices(personal: Db, name: string, choices: Partial<ReminderChoices>): Promise<PersonMail> {
  return save(personal, name, (current) => ({ ...current, reminders: { ...current.reminders, ...choices } }));
}

/** The person's stop token, made (with its lookup document) the first time a reminder mail needs it. */
export async function reminderStopToken(personal: Db, name: string): Promise<string> {
  const current = await personMailOf(personal, name);
  if (current.stopToken) return current.stopToken;
  const token = randomBytes(32).toString('base64url');
  const stop: ReminderStop = { _id: stopIdOf(token), type: 'reminderStop', name };
  await personal.insert(stop as never);
  // Two servers at once: one token wins, and the other's lookup document finds nobody's.
  return (await save(personal, name, (person) => (person.stopToken ? person : { ...person, stopToken: token })))
    .stopToken as string;
}

/** The person a stop link's token is theirs, or null for a token of nobody's. */
export async function personOfStopToken(personal: Db, token: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const stop = await getOrNull<ReminderStop>(personal, stopIdOf(token));
  if (stop?.type !== 'reminderStop') return null;
  return (await personMailOf(personal, stop.name)).stopToken === token ? stop.name : null;
}
