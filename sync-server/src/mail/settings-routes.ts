import express, { type Router } from 'express';
import { type Couch, useDb } from '../couch/client.js';
import type { Accounts } from '../gateway/accounts.js';
import { parseReminderChoices, personMailOf, setReminderChoices } from './people.js';
import { MailInputError } from './queue.js';

/** What the signed-in person sees of their own mail settings. */
export interface MailSettings {
  /** Their address, as the administrator set it; the app shows it, it does not change it. */
  email?: string;
  reminders: Record<string, boolean>;
}

/**
 * `GET` and `PUT /api/me/mail`: the signed-in person's own reminder choices (which reminders they
 * get), signed in as for the gateway. Nobody reads or changes another person's.
 */
export function mailSettingsRoutes(couch: Couch, personalDb: string, accounts: Accounts): Router {
  const personal = useDb(couch, personalDb);
  const router = express.Router();
  const view = async (name: string): Promise<MailSettings> => {
    const { email, reminders } = await personMailOf(personal, name);
    return { ...(email ? { email } : {}), reminders };
  };
  router.use('/me/mail', async (req, res, next) => {
    try {
      const person = await accounts.personOf(req);
      if (!person)
        return void res.status(401).json({ error: 'unauthorized', reason: 'Sign in to see your mail settings.' });
      res.set('Cache-Control', 'no-store');
      res.locals.personName = person.name;
      next();
    } catch (error) {
      next(error);
    }
  });
  router.get('/me/mail', async (_req, res, next) => {
    try {
      res.json(await view(String(res.locals.personName)));
    } catch (error) {
      next(error);
    }
  });
  router.put('/me/mail', express.json({ limit: '2kb' }), async (req, res, next) => {
    try {
      const body = req.body as { reminders?: unknown } | undefined;
      const unknown = Object.keys(body ?? {}).find((key) => key !== 'reminders');
      if (unknown) throw new MailInputError(unknown, `${unknown}: only "reminders" can be changed here.`);
      await setReminderChoices(personal, String(res.locals.personName), parseReminderChoices(body?.reminders));
      res.json(await view(String(res.locals.personName)));
    } catch (error) {
      if (error instanceof MailInputError)
        return void res.status(400).json({ error: 'bad_request', field: error.field, reason: error.message });
      next(error);
    }
  });
  return router;
}
