import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import os from 'node:os';
import express from 'express';
import { recordSignIn } from './admin/sign-ins.js';
import { adminSite } from './admin-api/page.js';
import { publicApi } from './api/app.js';
import { dashboard } from './api/dashboard.js';
import { filesApi } from './api/files.js';
import { healthRoutes } from './api/health.js';
import { PublicStore } from './api/public-store.js';
import { Site } from './api/site.js';
import { bootstrap } from './bootstrap/bootstrap.js';
import { type DbNames, dbNames, type ServerConfig } from './config.js';
import { type AdminCredentials, type Couch, connect, credentialsOf, useDb, withCredentials } from './couch/client.js';
import { type EmbeddedStore, startEmbeddedStore } from './couch/embedded.js';
import { ensureGatewayAccount } from './couch/gateway-account.js';
import { StoreClient } from './couch/store-client.js';
import { StorageWatch } from './couch/store-full.js';
import { loadDemoOnFirstStart } from './demo/demo-data.js';
import { Accounts } from './gateway/accounts.js';
import { WorkspaceDirectory } from './gateway/directory.js';
import { gateway } from './gateway/gateway.js';
import { WorkspaceStore } from './gateway/workspace-store.js';
import { listen, shell } from './http/shell.js';
import { MailDeliverer } from './mail/deliverer.js';
import { followRoutes } from './mail/follow-routes.js';
import { FollowNotifier } from './mail/notifier.js';
import { Reminders } from './mail/reminders.js';
import { mailSettingsRoutes } from './mail/settings-routes.js';
import { mailTransport } from './mail/transport.js';
import { runMigrations } from './migrations/run.js';
import { jsonLogger, type Logger } from './observe/log.js';
import { Metrics } from './observe/metrics.js';
import { PublisherLease } from './publisher/lease.js';
import { Publisher } from './publisher/publisher.js';
import type { AskerNotifier } from './questions/askers.js';
import { startQuestions } from './questions/setup.js';
import { SiteSettingsCache } from './site/settings.js';

export interface RunningServer {
  /** Where the server listens, e.g. http://127.0.0.1:4000 */
  url: string;
  /** Tablero's gateway, the CouchDB-compatible API clients replicate with: `${url}/db` */
  couchUrl: string;
  /** This server among those sharing the store, as health and logs name it. */
  serverId: string;
  lease: PublisherLease;
  /** A client of the store behind the gateway with server-admin rights, for the admin CLI and tests. */
  couch: Couch;
  /** The store's address with its admin credentials; never given to clients. */
  storeUrl: string;
  admin: AdminCredentials;
  names: DbNames;
  publisher: Publisher;
  store: PublicStore;
  /** Tells askers their question was answered (questions/askers.ts). */
  askers: AskerNotifier;
  /** Sends the mail queue (mail/queue.ts) from this server, alongside the others sharing the store. */
  mail: MailDeliverer;
  /** Queues the followers' mails for what is published, on the publisher lease's holder only. */
  notifier: FollowNotifier;
  /** Reminds reporters and the committee by mail, on the publisher lease's holder only. */
  reminders: Reminders;
  /** Connections open on the HTTP server now (long-polls included), for benchmarks. */
  openConnections(): Promise<number>;
  close(): Promise<void>;
}

/** The parts a server has started so far: `close` stops those there are, whichever stage failed. */
interface Parts {
  embedded?: EmbeddedStore;
  directory?: WorkspaceDirectory;
  askers?: AskerNotifier;
  mail?: MailDeliverer;
  notifier?: FollowNotifier;
  reminders?: Reminders;
  lease?: PublisherLease;
  publisher?: Publisher;
  store?: PublicStore;
}

/** What the stages after the store's opening share. */
interface Stage {
  config: ServerConfig;
  names: DbNames;
  couch: Couch;
  storeUrl: string;
  serverId: string;
  log: Logger;
  now: () => number;
  parts: Parts;
}

/**
 * Stops every part, each even when one before it cannot reach the store (its node down): the
 * server still closes its port and its embedded store, and says what it could not finish.
 */
async function closeAll(parts: Parts, server: Server, log: Logger): Promise<void> {
  for (const [part, stop] of [
    ['directory', () => parts.directory?.stop()],
    ['asker notifier', () => parts.askers?.stop()],
    ['mail', () => parts.mail?.stop()],
    ['follow notifier', () => parts.notifier?.stop()],
    ['reminders', () => parts.reminders?.stop()],
    ['publisher lease', () => parts.lease?.stop()],
    ['publisher', () => parts.publisher?.stop()],
    ['public store', () => parts.store?.stop()],
  ] as const)
    await Promise.resolve(stop()).catch((error: unknown) =>
      log.error(`stopping the ${part}`, { error: error instanceof Error ? error.message : String(error) }),
    );
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await parts.embedded?.close();
}

/** The store (embedded unless COUCHDB_URL names one), bootstrapped and migrated, and the demo on a first start. */
async function openStore(config: ServerConfig, names: DbNames, log: Logger, parts: Parts) {
  if (!config.couchUrl) parts.embedded = await startEmbeddedStore(config.dataDir);
  const storeUrl = config.couchUrl ?? (parts.embedded as EmbeddedStore).adminUrl;
  const couch = connect(storeUrl);
  await bootstrap(couch, names);
  await runMigrations(couch, names, log);
  const settings = new SiteSettingsCache(useDb(couch, names.workspace));
  if (config.demo && (await settings.get()).demo !== false && (await loadDemoOnFirstStart(couch, names)))
    log('loaded the demo plan and demo accounts');
  return { couch, storeUrl, settings };
}

/**
 * The publisher, run by one server among those sharing the store: the lease holder's, which also
 * sends the followers' mails and the reminders (started later, so reached through `parts`).
 */
async function startPublishing({ config, names, couch, serverId, log, parts }: Stage) {
  const publisher = new Publisher(couch, names, log);
  parts.publisher = publisher;
  const lease = new PublisherLease(
    useDb(couch, names.workspace),
    {
      serverId,
      ttlMs: config.publisherLeaseMs,
      renewMs: Math.max(200, Math.round(config.publisherLeaseMs / 3)),
      log,
      caughtUpAt: () => publisher.caughtUpAt,
    },
    async () => {
      await publisher.start();
      await parts.notifier?.start();
      parts.reminders?.start();
    },
    async () => {
      await parts.reminders?.stop();
      await parts.notifier?.stop();
      await publisher.stop();
    },
  );
  parts.lease = lease;
  await lease.start();
  return { publisher, lease };
}

/** The mail queue's deliverer, which every server runs beside the others. */
async function startMail({ config, names, couch, serverId, log, now, parts }: Stage): Promise<MailDeliverer> {
  const mail = new MailDeliverer(couch, names.personal, mailTransport(config.mail, config.dataDir), {
    serverId,
    leaseMs: config.mail.leaseMs,
    retryMs: config.mail.retryMs,
    retryMaxMs: config.mail.retryMaxMs,
    log,
    now,
  });
  parts.mail = mail;
  await mail.start();
  return mail;
}

/** What the gateway and the public side read: the public projection, the plan structure, the accounts. */
async function startReaders({ config, names, couch, storeUrl, log, parts }: Stage) {
  const store = new PublicStore(couch, names, log);
  parts.store = store;
  await store.start();
  const directory = new WorkspaceDirectory(couch, names.workspace, log);
  parts.directory = directory;
  await directory.refresh();
  directory.follow();
  const accounts = await Accounts.open(couch, names, { sessionSeconds: config.sessionSeconds });
  // Gateway traffic goes through an account that is a member of the workspace and of nothing else.
  const gatewayStore = new StoreClient(withCredentials(storeUrl, await ensureGatewayAccount(couch, names)));
  return { store, directory, accounts, gatewayStore };
}

/** The followers' mails and the reminders, started at once if this server already holds the lease. */
async function startMailOnLease({ config, names, couch, log, now, parts }: Stage, site: Site, holding: boolean) {
  const notifier = new FollowNotifier(couch, names, () => site.view(), { log, now, digest: config.mail.digest });
  parts.notifier = notifier;
  const reminders = new Reminders(couch, names, () => site.view(), {
    daysBefore: config.mail.reminderDays,
    everyMs: 60 * 60 * 1000,
    log,
    now,
  });
  parts.reminders = reminders;
  if (holding) {
    await notifier.start();
    reminders.start();
  }
  return { notifier, reminders };
}

type Readers = Awaited<ReturnType<typeof startReaders>>;

/** `/db`, the gateway; health and metrics; the site and the admin page. */
function doorRoutes(
  stage: Stage,
  { store, directory, accounts, gatewayStore }: Readers,
  more: { site: Site; publisher: Publisher; lease: PublisherLease; mail: MailDeliverer; storage: StorageWatch },
  observe: { metrics: Metrics; startedAt: number },
): express.Router {
  const { config, names, couch, serverId } = stage;
  const { site, publisher, lease, mail, storage } = more;
  const routes = express.Router();
  routes.use(
    '/db',
    gateway({
      store: new WorkspaceStore(gatewayStore, names.workspace),
      accounts,
      directory,
      publicationRefusals: () => publisher.refusals,
      onRefusal: (code) => observe.metrics.refusal(code),
      onSignIn: (name) => recordSignIn(couch, names, name),
    }),
  );
  routes.use(
    healthRoutes(
      { couch, names, serverId, startedAt: observe.startedAt, lease, publisher, store, directory, storage, mail },
      observe.metrics,
      config.metricsToken,
    ),
  );
  routes.use(site.routes());
  routes.use(
    '/admin',
    adminSite({ couch, names, accounts, site: () => site.view(), mailConfigured: Boolean(config.mail.smtpUrl) }),
  );
  return routes;
}

/** Evidence files, the public's questions and follows, mail settings, the public API and the dashboard. */
async function publicRoutes(stage: Stage, { store, directory, accounts }: Readers, site: Site, url: string) {
  const { config, names, couch, log, now, parts } = stage;
  const routes = express.Router();
  routes.use(
    '/api/files',
    filesApi(couch, store, {
      filesDb: names.files,
      maxBytes: config.maxFileBytes,
      accounts,
      workspaceDb: names.workspace,
      directory,
    }),
  );
  const questions = await startQuestions({ couch, names, store, publicUrl: () => config.publicUrl ?? url, log });
  parts.askers = questions.askers;
  routes.use('/api', questions.routes);
  routes.use('/api', mailSettingsRoutes(couch, names.personal, accounts));
  routes.use(
    '/api',
    followRoutes({
      couch,
      names,
      site: () => site.view(),
      now,
      limits: { windowMs: 60 * 60 * 1000, perAddress: config.mail.followsPerHour },
      digest: config.mail.digest,
    }),
  );
  routes.use('/api', publicApi(store));
  routes.use(dashboard(store, site));
  return { routes, askers: questions.askers };
}

/**
 * Starts Tablero: the store (embedded, or Apache CouchDB at COUCHDB_URL, which clients never
 * reach), the gateway at /db/, the publisher, the public API and dashboard. It listens at once and
 * answers 503 with Retry-After until the store is bootstrapped and the public data loaded.
 */
export async function startServer(
  config: ServerConfig,
  /** The clock of mail and reminders: tests move it to see a day or a deadline pass. */
  { now = Date.now }: { now?: () => number } = {},
): Promise<RunningServer> {
  const log = jsonLogger(config.quiet);
  const metrics = new Metrics();
  const serverId = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const startedAt = Date.now();
  const names = dbNames(config.dbPrefix);
  // The embedded store's disk is this machine's; Apache CouchDB's is its own (its failures still count).
  const storage = new StorageWatch(config.couchUrl ? undefined : config.dataDir);
  const http = shell(log, metrics, storage);
  const { server, url } = await listen(http.app, config.port, config.host);
  const parts: Parts = {};
  const close = () => closeAll(parts, server, log);
  try {
    const { couch, storeUrl, settings } = await openStore(config, names, log, parts);
    const stage: Stage = { config, names, couch, storeUrl, serverId, log, now, parts };
    const { publisher, lease } = await startPublishing(stage);
    const mail = await startMail(stage);
    const readers = await startReaders(stage);
    const siteOptions = {
      name: config.siteName,
      logoUrl: config.siteLogoUrl,
      workspaceDb: names.workspace,
      reminderDays: config.mail.reminderDays,
    };
    const site = new Site(settings, { ...siteOptions, publicUrl: config.publicUrl ?? url }, readers.store);
    const { notifier, reminders } = await startMailOnLease(stage, site, lease.holding);
    const doors = doorRoutes(stage, readers, { site, publisher, lease, mail, storage }, { metrics, startedAt });
    const { routes, askers } = await publicRoutes(stage, readers, site, url);
    http.serve(express.Router().use(doors, routes));
    return {
      url,
      couchUrl: `${url}/db`,
      couch,
      serverId,
      storeUrl,
      admin: credentialsOf(storeUrl),
      names,
      askers,
      publisher,
      store: readers.store,
      lease,
      mail,
      notifier,
      reminders,
      openConnections: () => new Promise((resolve) => server.getConnections((_error, count) => resolve(count))),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
