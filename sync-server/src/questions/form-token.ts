import { createHmac, randomBytes } from 'node:crypto';
import { type Couch, getOrNull, isStatus, useDb } from '../couch/client.js';
import { sameSecret } from '../couch/constant-time.js';

/**
 * The ask form's proof that a person took a moment over it, with no third-party service and no
 * tracking: a token signed by the server with the time the form was handed out. A post sooner
 * than `minMs` after that is refused (scripts post at once), and so is one older than `maxMs`.
 * The token says nothing about who asked; the key lives in the server database, so every server
 * on the same store accepts the tokens of the others.
 */
export class FormTokens {
  private constructor(
    private readonly key: string,
    readonly minMs: number,
    readonly maxMs: number,
  ) {}

  static async open(couch: Couch, serverDb: string, minMs = 2000, maxMs = 24 * 3600_000): Promise<FormTokens> {
    const db = useDb(couch, serverDb);
    const id = 'question-form-key';
    let stored = await getOrNull<{ key: string }>(db, id);
    if (!stored) {
      await db.insert({ _id: id, key: randomBytes(32).toString('base64') }).catch((error: unknown) => {
        // Another server on the same store made it first.
        if (!isStatus(error, 409)) throw error;
      });
      stored = await getOrNull<{ key: string }>(db, id);
    }
    if (!stored) throw new Error(`${serverDb}/${id}: the form key could not be stored.`);
    return new FormTokens(stored.key, minMs, maxMs);
  }

  private sign(issued: string): string {
    return createHmac('sha256', this.key).update(`question-form:${issued}`).digest('base64url');
  }

  /** The key that lets the asker of `questionId` (and nobody else) delete their address. */
  questionKey(questionId: string): string {
    return createHmac('sha256', this.key).update(`question-email:${questionId}`).digest('base64url');
  }

  ownsQuestion(questionId: string, key: unknown): boolean {
    return typeof key === 'string' && key.length < 100 && sameSecret(key, this.questionKey(questionId));
  }

  issue(now = Date.now()): string {
    const issued = now.toString(36);
    return `${issued}.${this.sign(issued)}`;
  }

  /** Why the token is not accepted now ('missing', 'forged', 'too-soon', 'expired'), or null. */
  problem(token: unknown, now = Date.now()): 'missing' | 'forged' | 'too-soon' | 'expired' | null {
    if (typeof token !== 'string' || token === '') return 'missing';
    const [issued = '', signature = ''] = token.split('.');
    if (token.length > 200 || !sameSecret(signature, this.sign(issued))) return 'forged';
    const at = Number.parseInt(issued, 36);
    if (now - at < this.minMs) return 'too-soon';
    if (now - at > this.maxMs) return 'expired';
    return null;
  }
}
