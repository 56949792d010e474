import type { PublicQuestion } from '../../../shared/src/public.js';
import type { PublicStore } from '../api/public-store.js';
import { type Db, docsByKeys, isStatus } from '../couch/client.js';
import { enqueueMail } from '../mail/queue.js';
import { type AskerLang, answeredMail } from './answered-mail.js';

/**
 * An asker's e-mail address, kept to tell them of the answer: in the server's personal database
 * (server admins only, never replicated, never public), one document per question, removed once
 * the mail is queued (the queue forgets the address once it is sent) or when the asker asks.
 */
interface Asker {
  _id: string;
  _rev?: string;
  type: 'asker';
  questionId: string;
  email: string;
  lang: AskerLang;
  createdAt: string;
}

export const askerIdOf = (questionId: string) => `asker:${questionId}`;

export async function keepAskerEmail(personal: Db, questionId: string, email: string, lang: AskerLang): Promise<void> {
  const asker: Asker = {
    _id: askerIdOf(questionId),
    type: 'asker',
    questionId,
    email,
    lang,
    createdAt: new Date().toISOString(),
  };
  await personal.insert(asker as never);
}

/** Removes the asker's address; false when there was none (already told, or never given). */
export async function forgetAsker(personal: Db, questionId: string): Promise<boolean> {
  try {
    const stored = await personal.get(askerIdOf(questionId));
    await personal.destroy(stored._id, stored._rev);
    return true;
  } catch (error) {
    // Gone already, or removed by another server at the same moment.
    if (isStatus(error, 404) || isStatus(error, 409)) return false;
    throw error;
  }
}

export interface AskerNotifierOptions {
  /** The site's public address, for the link in the mail. */
  publicUrl: () => string;
  log: (message: string) => void;
}

/**
 * Tells askers their question was answered. Each server watches its public store: a published
 * question with a first answer is the event; the asker's address, if they left one, gets one
 * mail (its idempotency key is the question, so servers watching together queue it once) and is
 * then deleted.
 */
export class AskerNotifier {
  /** Questions whose askers were dealt with (told, or had left no address), by this process. */
  private readonly done = new Set<string>();
  private running = false;
  private stopped: AbortController | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly personal: Db,
    private readonly store: PublicStore,
    private readonly options: AskerNotifierOptions,
  ) {}

  start(): void {
    this.running = true;
    this.stopped = new AbortController();
    this.loop = this.run(this.stopped.signal);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopped?.abort();
    await this.loop;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (this.running) {
      await this.tellAnswered().catch((error: unknown) =>
        this.options.log(`asker notifier: ${error instanceof Error ? error.message : String(error)}`),
      );
      if (!this.running) return;
      await this.store.nextChangeForServer(30_000, signal);
    }
  }

  /** Queues the mail of every newly answered question whose asker left an address; resolves when done. */
  async tellAnswered(): Promise<void> {
    const index = this.store.getIndex();
    const answered = index.questions.filter((q) => q.answers.length > 0 && !this.done.has(q._id));
    if (answered.length === 0) return;
    const askers = await docsByKeys<Asker>(
      this.personal,
      answered.map((q) => askerIdOf(q._id)),
    );
    for (const question of answered) {
      const asker = askers.get(askerIdOf(question._id));
      if (asker) await this.tell(asker, question, index.organizations);
      this.done.add(question._id);
    }
  }

  private async tell(asker: Asker, question: PublicQuestion, orgs: Map<string, { name: string }>): Promise<void> {
    const link = `${this.options.publicUrl()}/commitments/${encodeURIComponent(question.commitmentId)}`;
    const mail = answeredMail(question, asker.lang, link, (id) => orgs.get(id)?.name ?? id);
    await enqueueMail(this.personal, { key: `question-answered:${question._id}`, to: asker.email, ...mail });
    await forgetAsker(this.personal, question._id);
  }
}
