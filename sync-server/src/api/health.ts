import express, { type Router } from 'express';
import type { DbNames } from '../config.js';
import { type Couch, getOrNull, seqNumber, useDb } from '../couch/client.js';
import { sameSecret } from '../couch/constant-time.js';
import type { StorageWatch } from '../couch/store-full.js';
import type { WorkspaceDirectory } from '../gateway/directory.js';
import type { MailDeliverer, MailStatus } from '../mail/deliverer.js';
import type { Metrics } from '../observe/metrics.js';
import type { PublisherLease } from '../publisher/lease.js';
import { CHECKPOINT_ID, type Publisher } from '../publisher/publisher.js';
import type { PublicStore } from './public-store.js';

export interface Health {
  /** `storage-full`: the store refuses writes for lack of disk space (reads still work). */
  status: 'ok' | 'unavailable' | 'storage-full';
  server: string;
  uptimeSeconds: number;
  store: { reachable: boolean; ms: number };
  publisher: {
    leaseHolder: string | null;
    /** This server holds the lease and runs the publisher. */
    here: boolean;
    /** Workspace changes the publisher has not published yet. */
    lagSequences: number | null;
    /** How long it has been behind (0 when it is not). */
    lagSeconds: number | null;
    publicationRefusals: number;
  };
  longPolls: { public: number; sync: number };
  /** Free space of the embedded store's data folder (null on Apache CouchDB), and since when writes fail. */
  storage: { writesFailingSince: string | null; freeBytes: number | null; totalBytes: number | null };
  /** The mail queue (null while the store cannot be reached). */
  mail: MailStatus | null;
}

export interface HealthSources {
  couch: Couch;
  names: DbNames;
  serverId: string;
  startedAt: number;
  lease: PublisherLease;
  publisher: Publisher;
  store: PublicStore;
  directory: WorkspaceDirectory;
  storage: StorageWatch;
  mail: MailDeliverer;
}

export async function health(src: HealthSources): Promise<Health> {
  const started = Date.now();
  const workspace = useDb(src.couch, src.names.workspace);
  const base = {
    server: src.serverId,
    uptimeSeconds: Math.round((Date.now() - src.startedAt) / 1000),
    longPolls: { public: src.store.waiting, sync: src.directory.waiting },
    storage: await src.storage.report(),
  };
  try {
    const [info, checkpoint, lease, mail] = await Promise.all([
      workspace.info(),
      getOrNull<{ seq: unknown }>(workspace, CHECKPOINT_ID),
      src.lease.current(),
      src.mail.status(),
    ]);
    const lag = Math.max(0, seqNumber(info.update_seq) - seqNumber(checkpoint?.seq));
    const live = lease && lease.expiresAt > Date.now() ? lease : null;
    return {
      status: src.storage.failing ? 'storage-full' : 'ok',
      ...base,
      store: { reachable: true, ms: Date.now() - started },
      mail,
      publisher: {
        leaseHolder: live?.holder ?? null,
        here: src.lease.holding,
        lagSequences: lag,
        lagSeconds: lag === 0 || !live?.caughtUpAt ? 0 : Math.round((Date.now() - live.caughtUpAt) / 1000),
        publicationRefusals: src.publisher.refusals.size,
      },
    };
  } catch {
    return {
      status: 'unavailable',
      ...base,
      store: { reachable: false, ms: Date.now() - started },
      mail: null,
      publisher: {
        leaseHolder: null,
        // Cut off from the store it can neither renew the lease nor publish, whatever it last held:
        // another server may hold the lease by now.
        here: false,
        lagSequences: null,
        lagSeconds: null,
        publicationRefusals: src.publisher.refusals.size,
      },
    };
  }
}

/** The gauges of `/api/metrics`, read from the last health check (`last`) and the parts themselves. */
function healthGauges(src: HealthSources, metrics: Metrics, last: () => Health | undefined): void {
  metrics.gauge(
    'tablero_publisher_lag_sequences',
    'Workspace changes not yet published.',
    () => last()?.publisher.lagSequences ?? -1,
  );
  metrics.gauge(
    'tablero_publisher_lag_seconds',
    'How long the publisher has been behind.',
    () => last()?.publisher.lagSeconds ?? -1,
  );
  metrics.gauge(
    'tablero_mail_waiting',
    'Mails not yet sent (due now or waiting for a retry).',
    () => last()?.mail?.waiting ?? -1,
  );
  metrics.gauge(
    'tablero_mail_oldest_due_seconds',
    'How long the longest-waiting mail has been due.',
    () => last()?.mail?.oldestDueSeconds ?? -1,
  );
  metrics.gauge('tablero_publisher_here', '1 when this server holds the publisher lease.', () =>
    (last()?.publisher.here ?? src.lease.holding) ? 1 : 0,
  );
  metrics.gauge(
    'tablero_publication_refusals',
    'Documents the publisher keeps off the public side.',
    () => src.publisher.refusals.size,
  );
  metrics.gauge('tablero_long_polls', 'Long-polls waiting, by feed.', () => ({
    'feed="public"': src.store.waiting,
    'feed="sync"': src.directory.waiting,
  }));
  metrics.gauge('tablero_store_reachable', '1 when the store answered the last scrape.', () =>
    last()?.store.reachable ? 1 : 0,
  );
  metrics.gauge('tablero_process_resident_bytes', 'Resident memory of this server.', () => process.memoryUsage().rss);
}

/**
 * `GET /api/health` for load balancers and people (503 when the store cannot be reached), and
 * `GET /api/metrics` for a monitoring system; the metrics need `Authorization: Bearer <token>`
 * when TABLERO_METRICS_TOKEN is set.
 */
export function healthRoutes(src: HealthSources, metrics: Metrics, metricsToken: string | undefined): Router {
  const router = express.Router();
  let last: Health | undefined;
  healthGauges(src, metrics, () => last);
  router.get('/api/health', async (_req, res, next) => {
    try {
      last = await health(src);
      res
        .status(last.status === 'ok' ? 200 : 503)
        .set('Cache-Control', 'no-store')
        .json(last);
    } catch (error) {
      next(error);
    }
  });
  router.get('/api/metrics', async (req, res, next) => {
    try {
      if (metricsToken && !sameSecret(req.get('authorization') ?? '', `Bearer ${metricsToken}`)) {
        res.status(401).json({ error: 'unauthorized', reason: 'The metrics need the monitoring token.' });
        return;
      }
      last = await health(src);
      res.set('Cache-Control', 'no-store').type('text/plain; version=0.0.4').send(metrics.text());
    } catch (error) {
      next(error);
    }
  });
  return router;
}
