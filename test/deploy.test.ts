import fs from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

/*
 * This machine cannot run containers or Apache CouchDB, so the production layout is checked as
 * written: the Compose file, the CouchDB settings Tablero relies on, the image.
 */
const deploy = (file: string) => fs.readFileSync(path.join(import.meta.dirname, '..', 'deploy', file), 'utf8');

interface Service {
  image?: string;
  build?: { dockerfile: string };
  restart?: string;
  read_only?: boolean;
  user?: string;
  ports?: string[];
  environment?: Record<string, string>;
  networks?: string[];
  profiles?: string[];
}
/** YAML merge keys (`<<: *anchor`) as Docker Compose applies them; js-yaml leaves them as they are. */
function merged(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(merged);
  if (!value || typeof value !== 'object') return value;
  const { '<<': base, ...own } = value as Record<string, unknown>;
  const bases = (Array.isArray(base) ? base : base ? [base] : []).map(merged) as Record<string, unknown>[];
  return Object.assign({}, ...bases, Object.fromEntries(Object.entries(own).map(([k, v]) => [k, merged(v)])));
}
const compose = merged(load(deploy('compose.yaml'))) as {
  services: Record<string, Service>;
  networks: Record<string, { internal?: boolean } | null>;
};
const services = compose.services;
const byPrefix = (prefix: string) => Object.entries(services).filter(([name]) => name.startsWith(prefix));

/** The INI file's settings as section.key → value. */
function ini(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) section = header[1] as string;
    else {
      const [key, ...value] = line.split('=');
      out[`${section}.${(key as string).trim()}`] = value.join('=').trim();
    }
  }
  return out;
}

describe('the production layout in deploy/', () => {
  it('runs a three-node Apache CouchDB 3 cluster that nobody outside reaches', () => {
    const nodes = byPrefix('couchdb');
    expect(nodes).toHaveLength(3);
    for (const [name, node] of nodes) {
      expect(node.image, name).toMatch(/^couchdb:3\./);
      expect(node.ports, `${name} publishes no port`).toBeUndefined();
      expect(node.networks).toEqual(['store']);
      expect(node.environment?.NODENAME).toBe(`${name}.store`);
      expect(node.environment?.COUCHDB_ERLANG_COOKIE).toBeDefined();
      expect(node.restart).toBe('unless-stopped');
    }
    expect(compose.networks.store?.internal).toBe(true);
    expect(services['cluster-setup']?.profiles).toEqual(['setup']);
  });

  it('runs two Tablero servers from the compiled image, not as root, on a read-only file system, each on its own node', () => {
    const servers = byPrefix('tablero');
    expect(servers).toHaveLength(2);
    const stores = new Set<string>();
    for (const [name, server] of servers) {
      expect(server.build?.dockerfile, name).toBe('deploy/Dockerfile');
      expect(server.read_only).toBe(true);
      expect(server.user).toBe('node');
      expect(server.restart).toBe('unless-stopped');
      expect(server.ports, `${name} is reached through the proxy only`).toBeUndefined();
      expect(server.environment?.TABLERO_DEMO).toBe('0');
      expect(server.environment?.TABLERO_PUBLIC_URL).toMatch(/^https:\/\//);
      stores.add(new URL((server.environment?.COUCHDB_URL ?? '').replace(/\$\{\w+\}/g, 'x') ?? '').host);
    }
    expect(stores.size).toBe(2);
    const dockerfile = deploy('Dockerfile');
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain('CMD ["node", "dist/server/sync-server/src/main.js"]');
    expect(dockerfile).toContain('/api/health');
  });

  it('puts TLS in front, balancing on /api/health, with time for long-polls', () => {
    expect(services.proxy?.ports).toEqual(['80:80', '443:443']);
    const caddy = deploy('proxy/Caddyfile');
    expect(caddy).toContain('reverse_proxy tablero1:4000 tablero2:4000');
    expect(caddy).toContain('health_uri /api/health');
    expect(Number(/read_timeout (\d+)s/.exec(caddy)?.[1])).toBeGreaterThan(55);
  });

  it('states the CouchDB settings Tablero relies on', () => {
    const settings = ini(deploy('couchdb/tablero.ini'));
    expect(settings['chttpd.require_valid_user']).toBe('true');
    expect(Number(settings['couchdb.max_document_size'])).toBeGreaterThanOrEqual(1_000_000);
    expect(Number(settings['attachments.max_attachment_size'])).toBeGreaterThanOrEqual(25 * 1024 * 1024);
    expect(settings['cluster.n']).toBe('3');
    expect(Number(settings['cluster.q'])).toBeGreaterThanOrEqual(1);
  });

  it('gives an example of every variable the Compose file asks for', () => {
    const asked = new Set([...deploy('compose.yaml').matchAll(/\$\{(\w+)(?::\?[^}]*)?\}/g)].map((m) => m[1]));
    const example = deploy('.env.example');
    for (const name of asked) expect(example, name).toMatch(new RegExp(`^${name}=`, 'm'));
  });
});
