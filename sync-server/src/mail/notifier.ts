import type { DbNames } from '../config.js';
import { type ChangeRow, ChangesFollower } from '../couch/changes-follower.js';
import { type Couch, type Db, docsWithPrefix, fetchChanges, getOrNull, isStatus, useDb } from '../couch/client.js';
import { type DigestTime, nextDigestAt } from './digest-hour.js';
import { forgetStaleQuotas } from './follow-quota.js';
import type { SiteInfo } from './follow-routes.js';
import { settingsUrl, unsubscribeHeaders, unsubscribeUrl } from './follow-routes.js';
import { digestMail, type EventKind, type EventLine, eventMail, type Lang } from './follow-texts.js';
import { allFollows, deleteFollow, digestIdOf, type Follow, type FollowTarget, followsOf } from './follows.js';
import { enqueueMail } from './queue.js';

/** Where the notifier is in the public database's changes feed: shared by the servers, in the personal database. */
const CHECKPOINT_ID = '_local/tablero-follow-notifier';
const DAY_MS = 24 * 60 * 60 * 1000;
/** A follow never confirmed is forgotten, with its address, after this long. */
export const UNCONFIRMED_FOLLOW_MS = 7 * DAY_MS;
const SWEEP_EVERY_MS = 60 * 60 * 1000;
const DIGEST_TIME: DigestTime = { hour: 7, timeZone: 'UTC' };

/** The two links at the foot of every mail of a follow: how often it comes, and stopping it. */
const linksOf = (site: SiteInfo, follow: Follow) => ({
  settings: settingsUrl(site.publicUrl, follow.unsubscribeToken),
  unsubscribe: unsubscribeUrl(site.publicUrl, follow.unsubscribeToken),
});

interface PublicDoc {
  _id: string;
  type?: string;
  status?: string;
  kind?: string;
  planId?: string;
  commitmentId?: string;
  orgId?: string;
  participantOrgIds?: string[];
  date?: string;
  createdAt?: string;
  narrative?: string;
  text?: string;
  /** A public question's answers (publisher/project.ts). */
  answers?: { orgId: string; text: string; answeredAt: string }[];
}

interface PublicCommitment {
  type: 'commitment';
  title: string;
  titleEn?: string;
  planId: string;
  responsibleOrgIds?: string[];
  coResponsibleOrgIds?: string[];
}

interface PublicEvent {
  kind: EventKind;
  /** One per thing followers are told of: a document, or one answer to a question. */
  id: string;
  date?: string;
  summary?: string;
}

/** What a published document tells followers, or null when it is nothing they are told of. */
function eventOf(doc: PublicDoc): PublicEvent | null {
  if (!doc.commitmentId) return null;
  const plain = (kind: EventKind): PublicEvent => ({
    kind,
    id: doc._id,
    ...(doc.date ? { date: doc.date } : {}),
    ...((doc.narrative ?? doc.text) ? { summary: doc.narrative ?? doc.text } : {}),
  });
  if (doc.type === 'progressReport') return doc.status === 'published' ? plain('report') : null;
  if (doc.type === 'assessment') return plain('assessment');
  if (doc.type === 'review') return plain(doc.kind === 'meeting' ? 'meeting' : 'observation');
  const answer = doc.type === 'question' ? doc.answers?.at(-1) : undefined;
  if (!answer) return null;
  return {
    kind: 'answer',
    id: `${doc._id}:${answer.orgId}:${answer.answeredAt}`,
    date: answer.answeredAt.slice(0, 10),
    summary: `${doc.text ?? ''}\n→ ${answer.text}`,
  };
}

/** A daily digest a follow gathers until the digest hour comes. */
interface Digest {
  _id: string;
  _rev?: string;
  type: 'followDigest';
  followId: string;
  firstAt: number;
  events: (EventLine & { id: string })[];
}

export interface NotifierOptions {
  log: (message: string) => void;
  now?: () => number;
  /** When daily digests go; 07:00 UTC unless set. */
  digest?: DigestTime;
}

/**
 * Tells followers what the publisher made public: it follows the public database's changes (so
 * the publisher never waits on it) and queues one mail per follow and published document, or
 * gathers them into the follow's daily digest. It runs on the server holding the publisher lease;
 * its place in the feed is kept in the personal database, and the mails' idempotency keys mean a
 * batch read again after a crash or by the next lease holder queues nothing twice.
 */
export class FollowNotifier {
  private readonly personal: Db;
  private readonly publicDb: Db;
  private readonly now: () => number;
  private follower: ChangesFollower<PublicDoc> | undefined;
  private sweptAt = 0;

  constructor(
    private readonly couch: Couch,
    private readonly names: DbNames,
    private readonly site: () => Promise<SiteInfo>,
    private readonly options: NotifierOptions,
  ) {
    this.personal = useDb(couch, names.personal);
    this.publicDb = useDb(couch, names.public);
    this.now = options.now ?? Date.now;
  }

  async start(): Promise<void> {
    if (this.follower) return;
    const follower = new ChangesFollower<PublicDoc>({
      couch: this.couch,
      db: this.names.public,
      name: 'follow notifier',
      log: this.options.log,
      waitMs: 60_000,
      apply: (rows, lastSeq) => this.apply(rows, lastSeq),
    });
    // A first start tells of what is published from now on, not of the whole history.
    const checkpoint = await getOrNull<{ seq: string | number }>(this.personal, CHECKPOINT_ID);
    follower.since = checkpoint?.seq ?? (await fetchChanges(this.couch, this.names.public, { since: 'now' })).last_seq;
    this.follower = follower;
    follower.follow();
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
    this.follower = undefined;
  }

  /** Applies every public change made before the call (for tests and the admin CLI). */
  async catchUp(): Promise<void> {
    await this.follower?.catchUp();
  }

  private async apply(rows: ChangeRow<PublicDoc>[], lastSeq: string | number): Promise<void> {
    const site = await this.site();
    for (const row of rows) if (row.doc && !row.deleted) await this.tell(row.doc, site);
    if (rows.length) await this.saveCheckpoint(lastSeq);
    await this.sendDueDigests(site);
    await this.forgetUnconfirmed();
  }

  /** Deletes the follows nobody confirmed within a week, and their addresses: nobody asked for them to be kept. */
  private async forgetUnconfirmed(): Promise<void> {
    if (this.now() - this.sweptAt < SWEEP_EVERY_MS) return;
    this.sweptAt = this.now();
    for (const follow of await allFollows(this.personal))
      if (follow.state === 'pending' && follow.createdAt < this.now() - UNCONFIRMED_FOLLOW_MS)
        await deleteFollow(this.personal, follow._id);
    await forgetStaleQuotas(this.personal, this.now());
  }

  private async tell(doc: PublicDoc, site: SiteInfo): Promise<void> {
    const event = eventOf(doc);
    if (!event || !doc.commitmentId) return;
    const commitment = await getOrNull<PublicCommitment>(this.publicDb, doc.commitmentId);
    if (commitment?.type !== 'commitment') return;
    const targets: FollowTarget[] = [
      { kind: 'commitment', id: doc.commitmentId },
      { kind: 'plan', id: commitment.planId },
      ...[
        ...(commitment.responsibleOrgIds ?? []),
        ...(commitment.coResponsibleOrgIds ?? []),
        ...(doc.orgId ? [doc.orgId] : []),
      ].map((id) => ({ kind: 'organization' as const, id })),
    ];
    const lineFor = (lang: Lang): EventLine & { id: string } => ({
      id: event.id,
      kind: event.kind,
      commitmentTitle: (lang === 'en' && commitment.titleEn) || commitment.title,
      commitmentUrl: `${site.publicUrl}/commitments/${encodeURIComponent(doc.commitmentId as string)}`,
      date: event.date ?? new Date(this.now()).toISOString().slice(0, 10),
      ...(event.summary ? { summary: event.summary } : {}),
    });
    for (const follow of await followsOf(this.personal, targets)) {
      const lang = site.language;
      if (follow.digest === 'daily') await this.gather(follow, lineFor(lang));
      else
        await enqueueMail(
          this.personal,
          {
            key: `follow:${follow._id}:${event.id}`,
            to: follow.email,
            lang,
            owner: follow._id,
            ...eventMail(lang, site.name ?? 'Tablero', lineFor(lang), linksOf(site, follow)),
            headers: unsubscribeHeaders(unsubscribeUrl(site.publicUrl, follow.unsubscribeToken)),
          },
          this.now(),
        );
    }
  }

  /** Adds an event to the follow's digest (once, however often the batch is read). */
  private async gather(follow: Follow, line: EventLine & { id: string }): Promise<void> {
    const id = digestIdOf(follow._id);
    for (let attempt = 1; ; attempt++) {
      const digest = (await getOrNull<Digest>(this.personal, id)) ?? {
        _id: id,
        type: 'followDigest' as const,
        followId: follow._id,
        firstAt: this.now(),
        events: [],
      };
      if (digest.events.some((e) => e.id === line.id)) return;
      try {
        await this.personal.insert({ ...digest, events: [...digest.events, line] } as never);
        return;
      } catch (error) {
        if (!isStatus(error, 409) || attempt === 5) throw error;
      }
    }
  }

  /**
   * Each digest whose hour has come since it began becomes one mail, and the digest goes: every
   * follower of the site gets theirs at the same hour, whenever their first item came.
   */
  private async sendDueDigests(site: SiteInfo): Promise<void> {
    for (const digest of await docsWithPrefix<Digest>(this.personal, 'followDigest:')) {
      if (nextDigestAt(digest.firstAt, this.options.digest ?? DIGEST_TIME) > this.now()) continue;
      const follow = await getOrNull<Follow>(this.personal, digest.followId);
      if (follow?.state === 'active' && digest.events.length) {
        const links = linksOf(site, follow);
        await enqueueMail(
          this.personal,
          {
            key: `digest:${follow._id}:${digest.firstAt}`,
            to: follow.email,
            lang: site.language,
            owner: follow._id,
            ...digestMail(site.language, site.name ?? 'Tablero', digest.events, links),
            headers: unsubscribeHeaders(links.unsubscribe),
          },
          this.now(),
        );
      }
      await this.personal.destroy(digest._id, digest._rev).catch((error: unknown) => {
        if (!isStatus(error, 409) && !isStatus(error, 404)) throw error;
      });
    }
  }

  private async saveCheckpoint(seq: string | number): Promise<void> {
    const current = await getOrNull<{ seq: string | number }>(this.personal, CHECKPOINT_ID);
    await this.personal
      .insert({ _id: CHECKPOINT_ID, ...(current ? { _rev: current._rev } : {}), seq } as never)
      .catch((error: unknown) => {
        // Another server moved it meanwhile; the keys make reading a batch again harmless.
        if (!isStatus(error, 409)) throw error;
      });
  }
}
