import type { Router } from 'express';
import type { PublicStore } from '../api/public-store.js';
import type { DbNames } from '../config.js';
import { type Couch, useDb } from '../couch/client.js';
import { askRoutes } from './ask.js';
import { AskerNotifier, keepAskerEmail } from './askers.js';
import { FormTokens } from './form-token.js';

/** The public's questions on this server: the ask routes (under /api) and the notifier that tells askers. */
export async function startQuestions(options: {
  couch: Couch;
  names: DbNames;
  store: PublicStore;
  publicUrl: () => string;
  log: (message: string) => void;
}): Promise<{ routes: Router; askers: AskerNotifier }> {
  const { couch, names, store } = options;
  const personal = useDb(couch, names.personal);
  const routes = askRoutes({
    couch,
    names,
    store,
    tokens: await FormTokens.open(couch, names.server),
    personal,
    keepEmail: (questionId, email, lang) => keepAskerEmail(personal, questionId, email, lang),
  });
  const askers = new AskerNotifier(personal, store, { publicUrl: options.publicUrl, log: options.log });
  askers.start();
  return { routes, askers };
}
