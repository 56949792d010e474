import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import compression from 'compression';
import express from 'express';
import { SITE_CSP } from '../../shared/src/csp.js';
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
import {
  isStoreFull,
  STORE_FULL_REASON,
  STORE_FULL_REASON_ES,
  STORE_FULL_RETRY_AFTER_S,
  StorageWatch,
} from './couch/store-full.js';
import { isStoreUnavailable, STORE_RETRY_AFTER_S, STORE_UNAVAILABLE_REASON } from './couch/store-unavailable.js';
import { loadDemoOnFirstStart } from './demo/demo-data.js';
import { Accounts } from './gateway/accounts.js';
import { WorkspaceDirectory } from './gateway/directory.js';
import { gateway } from './gateway/gateway.js';
import { WorkspaceStore } from './gateway/workspace-store.js';
import { MailDeliverer } from './mail/deliverer.js';
import { followRoutes } from './mail/follow-routes.js';
import { FollowNotifier } from './mail/notifier.js';
import { Reminders } from './mail/reminders.js';
import { mailSettingsRoutes } from './mail/settings-routes.js';
import { mailTransport } from './mail/transport.js';
import { runMigrations } from './migrations/run.js';
import { jsonLogger } from './observe/log.js';
import { Metrics } from './observe/metrics.js';
import { requestLog } from './observe/request-log.js';
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

/**
 * Tells the storage watch how writes end: a 507 means the store's disk is full, and any write that
 * succeeds after it means there is room again, so health recovers without a restart.
 */
function watchWrites(storage: StorageWatch): express.RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      res.on('finish', () => {
        if (res.statusCode === 507) storage.failed();
        else if (res.statusCode >= 200 && res.statusCode < 300) storage.succeeded();
      });
    next();
  };
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
  const app = express();
  app.disable('x-powered-by');
  // The public API tags its answers with the data's version itself; hashing every other body (a
  // 1,000-document page of the changes feed) for an ETag nobody revalidates is work for nothing.
  app.set('etag', false);
  // Everything compressible goes out compressed; the public API's answers come precompressed.
  app.use(compression());
  app.use(requestLog(log, metrics));
  // The embedded store's disk is this machine's; Apache CouchDB's is its own (its failures still count).
  const storage = new StorageWatch(config.couchUrl ? undefined : config.dataDir);
  app.use(watchWrites(storage));
  let ready: express.Router | undefined;
  // Every answer: no framing, no sniffing, a strict policy unless a route sets a stricter one.
  app.use((_req, res, next) => {
    res.set({
      'Content-Security-Policy': SITE_CSP,
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    });
    next();
  });
  app.use((req, res, next) => {
    if (ready) return ready(req, res, next);
    res
      .set('Retry-After', '5')
      .status(503)
      .json({ error: 'starting', reason: 'Tablero is starting; try again shortly.' });
  });
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = (error as { status?: number } | null)?.status;
    if (status && status >= 400 && status < 500 && !res.headersSent)
      return void res.status(status).json({ error: 'bad_request', reason: 'The request could not be served.' });
    if (isStoreFull(error) && !res.headersSent) {
      log.error('store full', { requestId: res.locals.requestId, error: (error as Error).message });
      return void res
        .set('Retry-After', String(STORE_FULL_RETRY_AFTER_S))
        .status(507)
        .json({ error: 'insufficient_storage', reason: STORE_FULL_REASON, reason_es: STORE_FULL_REASON_ES });
    }
    if (isStoreUnavailable(error) && !res.headersSent) {
      // Logged as an error: an operator wants to know the store is down, though the client is told to retry.
      log.error('store unavailable', { requestId: res.locals.requestId, error: (error as Error).message });
      return void res
        .set('Retry-After', String(STORE_RETRY_AFTER_S))
        .status(503)
        .json({ error: 'store_unavailable', reason: STORE_UNAVAILABLE_REASON });
    }
    log.error('unexpected error', { requestId: res.locals.requestId, error });
    if (res.headersSent) return void res.end();
    res
      .status(500)
      .json({ error: 'internal_error', reason: 'The server could not complete the request; it has been logged.' });
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

  let embedded: EmbeddedStore | undefined;
  let publisher: Publisher | undefined;
  let askers: AskerNotifier | undefined;
  let lease: PublisherLease | undefined;
  let store: PublicStore | undefined;
  let directory: WorkspaceDirectory | undefined;
  let mail: MailDeliverer | undefined;
  let notifier: FollowNotifier | undefined;
  let reminders: Reminders | undefined;
  const closeAll = async () => {
    // Each part stops even when one before it cannot reach the store (its node down): the server
    // still closes its port and its embedded store, and says what it could not finish.
    for (const [part, stop] of [
      ['directory', () => directory?.stop()],
      ['asker notifier', () => askers?.stop()],
      ['mail', () => mail?.stop()],
      ['follow notifier', () => notifier?.stop()],
      ['reminders', () => reminders?.stop()],
      ['publisher lease', () => lease?.stop()],
      ['publisher', () => publisher?.stop()],
      ['public store', () => store?.stop()],
    ] as const)
      await Promise.resolve(stop()).catch((error: unknown) =>
        log.error(`stopping the ${part}`, { error: error instanceof Error ? error.message : String(error) }),
      );
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await embedded?.close();
  };
  try {
    if (!config.couchUrl) embedded = await startEmbeddedStore(config.dataDir);
    const storeUrl = config.couchUrl ?? (embedded as EmbeddedStore).adminUrl;
    const couch = connect(storeUrl);
    await bootstrap(couch, names);
    await runMigrations(couch, names, log);
    const settings = new SiteSettingsCache(useDb(couch, names.workspace));
    if (config.demo && (await settings.get()).demo !== false && (await loadDemoOnFirstStart(couch, names)))
      log('loaded the demo plan and demo accounts');
    const thePublisher = new Publisher(couch, names, log);
    publisher = thePublisher;
    // One publisher among the servers sharing this store: the lease holder's.
    lease = new PublisherLease(
      useDb(couch, names.workspace),
      {
        serverId,
        ttlMs: config.publisherLeaseMs,
        renewMs: Math.max(200, Math.round(config.publisherLeaseMs / 3)),
        log,
        caughtUpAt: () => thePublisher.caughtUpAt,
      },
      async () => {
        await thePublisher.start();
        await notifier?.start();
        reminders?.start();
      },
      async () => {
        await reminders?.stop();
        await notifier?.stop();
        await thePublisher.stop();
      },
    );
    await lease.start();
    const deliverer = new MailDeliverer(couch, names.personal, mailTransport(config.mail, config.dataDir), {
      serverId,
      leaseMs: config.mail.leaseMs,
      retryMs: config.mail.retryMs,
      retryMaxMs: config.mail.retryMaxMs,
      log,
      now,
    });
    mail = deliverer;
    await deliverer.start();
    store = new PublicStore(couch, names, log);
    await store.start();
    directory = new WorkspaceDirectory(couch, names.workspace, log);
    await directory.refresh();
    directory.follow();
    const structure = directory;
    const accounts = await Accounts.open(couch, names, { sessionSeconds: config.sessionSeconds });
    // Gateway traffic goes through an account that is a member of the workspace and of nothing else.
    const gatewayStore = new StoreClient(withCredentials(storeUrl, await ensureGatewayAccount(couch, names)));

    const site = new Site(
      settings,
      {
        name: config.siteName,
        logoUrl: config.siteLogoUrl,
        workspaceDb: names.workspace,
        publicUrl: config.publicUrl ?? url,
      },
      store,
    );
    notifier = new FollowNotifier(couch, names, () => site.view(), { log, now });
    reminders = new Reminders(couch, names, () => site.view(), {
      daysBefore: config.mail.reminderDays,
      everyMs: 60 * 60 * 1000,
      log,
      now,
    });
    if (lease.holding) {
      await notifier.start();
      reminders.start();
    }
    const routes = express.Router();
    const published = publisher;
    routes.use(
      '/db',
      gateway({
        store: new WorkspaceStore(gatewayStore, names.workspace),
        accounts,
        directory: structure,
        publicationRefusals: () => published.refusals,
        onRefusal: (code) => metrics.refusal(code),
        onSignIn: (name) => recordSignIn(couch, names, name),
      }),
    );
    routes.use(
      healthRoutes(
        { couch, names, serverId, startedAt, lease, publisher, store, directory: structure, storage, mail: deliverer },
        metrics,
        config.metricsToken,
      ),
    );
    routes.use(site.routes());
    routes.use(
      '/admin',
      adminSite({ couch, names, accounts, site: () => site.view(), mailConfigured: Boolean(config.mail.smtpUrl) }),
    );
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
    askers = questions.askers;
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
      }),
    );
    routes.use('/api', publicApi(store));
    routes.use(dashboard(store, site));
    ready = routes;
    const running = { publisher, store, lease, mail, notifier, reminders };
    return {
      url,
      couchUrl: `${url}/db`,
      couch,
      serverId,
      storeUrl,
      admin: credentialsOf(storeUrl),
      names,
      askers: questions.askers,
      ...running,
      openConnections: () => new Promise((resolve) => server.getConnections((_error, count) => resolve(count))),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
