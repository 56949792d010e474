import path from 'node:path';
import { DEFAULT_MAX_FILE_MB } from '../../shared/src/evidence-files.js';
import { type MailConfig, mailConfigFromEnv } from './mail/config.js';

export interface ServerConfig {
  /** Apache CouchDB 3.x with admin credentials; when absent the embedded server runs. */
  couchUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  /** Prefix of the database names, so several deployments (or test runs) can share one CouchDB. */
  dbPrefix: string;
  /** Load the demo plan on first start. */
  demo: boolean;
  /** Quiet logs, for tests and benchmarks. */
  quiet: boolean;
  /** The country's or institution's name and logo on the dashboard. */
  siteName: string | undefined;
  siteLogoUrl: string | undefined;
  /** Largest evidence file accepted. */
  maxFileBytes: number;
  /** The site's public address, for links in feeds; the listening address when not set. */
  publicUrl: string | undefined;
  /** How long a sign-in lasts on a device (a field trip is days or weeks, offline). */
  sessionSeconds: number;
  /** How long the publisher lease lasts unrenewed: the longest publication stops when its server dies. */
  publisherLeaseMs: number;
  /** Bearer token for /api/metrics; open when not set. */
  metricsToken: string | undefined;
  /** Outgoing mail (mail/config.ts): SMTP when set, .eml files in the data folder's outbox otherwise. */
  mail: MailConfig;
}

export interface DbNames {
  workspace: string;
  public: string;
  files: string;
  /** The server's own secrets (the session key, the gateway account's password): server admins only. */
  server: string;
  /**
   * Personal data of the public and of accounts (followers', askers' and people's e-mail
   * addresses) and the mail queue: server admins only, never replicated, never public.
   */
  personal: string;
}

export function dbNames(prefix: string): DbNames {
  return {
    workspace: `${prefix}workspace`,
    public: `${prefix}public`,
    files: `${prefix}files`,
    server: `${prefix}server`,
    personal: `${prefix}personal`,
  };
}

export class ConfigError extends Error {}

function publicUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error();
    return parsed.toString().replace(/\/+$/, '');
  } catch {
    throw new ConfigError(`TABLERO_PUBLIC_URL: "${value}" is not an http(s) address.`);
  }
}

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new ConfigError(`${name}: "${value}" must be a positive number.`);
  return n;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.TABLERO_PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`TABLERO_PORT: "${env.TABLERO_PORT}" is not a port number (0-65535).`);
  const dbPrefix = env.TABLERO_DB_PREFIX ?? 'tablero_';
  if (!/^[a-z][a-z0-9_$()+/-]*$/.test(`${dbPrefix}x`))
    throw new ConfigError(
      `TABLERO_DB_PREFIX: "${dbPrefix}" must start with a lower-case letter (CouchDB database names).`,
    );
  const couchUrl = env.COUCHDB_URL || undefined;
  if (couchUrl) {
    let parsed: URL;
    try {
      parsed = new URL(couchUrl);
    } catch {
      throw new ConfigError(`COUCHDB_URL: "${couchUrl}" is not a URL.`);
    }
    if (!parsed.username || !parsed.password)
      throw new ConfigError('COUCHDB_URL: include the admin credentials, http://admin:password@host:5984.');
  }
  return {
    couchUrl,
    dataDir: path.resolve(env.TABLERO_DATA_DIR ?? 'data'),
    port,
    host: env.TABLERO_HOST ?? '127.0.0.1',
    dbPrefix,
    demo: env.TABLERO_DEMO ? env.TABLERO_DEMO !== '0' : !couchUrl,
    quiet: env.TABLERO_QUIET === '1',
    siteName: env.TABLERO_SITE_NAME || undefined,
    siteLogoUrl: env.TABLERO_SITE_LOGO_URL || undefined,
    maxFileBytes: Math.round(Number(env.TABLERO_MAX_FILE_MB ?? DEFAULT_MAX_FILE_MB) * 1024 * 1024),
    publicUrl: publicUrl(env.TABLERO_PUBLIC_URL),
    sessionSeconds: Math.round(positive('TABLERO_SESSION_DAYS', env.TABLERO_SESSION_DAYS ?? '365') * 86_400),
    publisherLeaseMs: Math.round(positive('TABLERO_PUBLISHER_LEASE_S', env.TABLERO_PUBLISHER_LEASE_S ?? '15') * 1000),
    metricsToken: env.TABLERO_METRICS_TOKEN || undefined,
    mail: mailConfigFromEnv(env, positive, (message) => {
      throw new ConfigError(message);
    }),
  };
}
