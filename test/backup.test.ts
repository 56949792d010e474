import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LARGE, largePlan } from '../bench/large-plan.js';
import type { Evidence } from '../shared/src/index.js';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { useDb } from '../sync-server/src/couch/client.js';
import { logoFrom, writeSiteSettings } from '../sync-server/src/site/settings.js';
import { report, testPlan } from './fixtures.js';
import {
  type Client,
  createUser,
  runAdmin,
  startTestServer,
  type TestServer,
  uniqueName,
  untilPublic,
} from './helpers.js';

/*
 * A backup of a site with the large plan, evidence files, accounts and its own settings, restored
 * onto a new server: every public page and file is the same, and people sign in as before.
 */

let before: TestServer;
let after: TestServer;
let reporter: Client;
const pdf = Buffer.from('%PDF-1.4\n% signed minutes\n');
const sha = createHash('sha256').update(new Uint8Array(pdf)).digest('hex');

beforeAll(async () => {
  before = await startTestServer();
  // The benchmark's plan at a fifth of its commitments (5,000 documents): the whole of it is the bench's.
  await importRecords(before.couch, before.names, 'large plan', largePlan('bk', { ...LARGE, commitments: 100 }));
  await importRecords(before.couch, before.names, 'fixture', testPlan());
  reporter = await createUser(before, { name: uniqueName('rep'), role: 'reporter', org: 'gov-a' });
  const auth = `Basic ${Buffer.from(`${reporter.credentials?.name}:${reporter.credentials?.password}`).toString('base64')}`;
  const upload = await fetch(`${before.url}/api/files/${sha}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/pdf', authorization: auth },
    body: new Uint8Array(pdf),
  });
  expect(upload.status).toBe(201);
  const evidence: Evidence = {
    _id: `evidence:${uniqueName('minutes')}`,
    type: 'evidence',
    planId: 'plan:test',
    orgId: 'org:gov-a',
    createdBy: reporter.name,
    createdAt: new Date().toISOString(),
    status: 'published',
    title: 'Minutes',
    kind: 'document',
    file: { sha256: sha, name: 'minutes.pdf', mediaType: 'application/pdf', size: pdf.length },
  };
  expect((await reporter.put(before.names.workspace, evidence)).status).toBe(201);
  const withFile = report({ createdBy: reporter.name, status: 'published', evidenceIds: [evidence._id] });
  expect((await reporter.put(before.names.workspace, withFile)).status).toBe(201);
  await writeSiteSettings(useDb(before.couch, before.names.workspace), {
    name: 'Gobierno Abierto de Prueba',
    logo: logoFrom('logo.svg', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')),
    demo: false,
  });
  await untilPublic(before, (index) => index.plans.length === 3 && index.evidence.size > 0, 120_000);
  after = await startTestServer();
}, 300_000);
afterAll(async () => {
  await before?.stop();
  await after?.stop();
});

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `before …${a.slice(Math.max(0, i - 80), i + 80)}… after …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}

// Whole-site runs through the CLI: a slower CI machine takes 1.5× this one's time.
describe('backup and restore', { timeout: 180_000 }, () => {
  it('gives a new server the same public pages, files, site and logins', async () => {
    const file = path.join(before.dataDir, 'site.jsonl.gz');
    const saved = await runAdmin(before, 'backup', '--out', file);
    expect(saved.code, saved.stderr).toBe(0);
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);

    const restored = await runAdmin(after, 'restore', file);
    expect(restored.code, restored.stderr).toBe(0);
    // The restored public database reaches the new server's API through its changes feed.
    const was = before.store.getIndex();
    await after.publisher.settled();
    await untilPublic(
      after,
      (index) =>
        index.plans.length === was.plans.length &&
        index.reports.length === was.reports.length &&
        index.evidence.size === was.evidence.size &&
        index.commitments.size === was.commitments.size,
      120_000,
    );

    const page = async (server: TestServer, url: string) => {
      const reply = await fetch(`${server.url}${url}`);
      expect(reply.status, url).toBe(200);
      return Buffer.from(await reply.arrayBuffer());
    };
    const differences: string[] = [];
    const { plans } = (await (await fetch(`${before.url}/api/plans`)).json()) as { plans: { id: string }[] };
    const pages = ['/api/plans', '/api/organizations', '/api/activity?limit=500', `/api/files/${sha}`];
    for (const { id } of plans) {
      const plan = (await (await fetch(`${before.url}/api/plans/${encodeURIComponent(id)}`)).json()) as {
        commitments: { id: string }[];
      };
      pages.push(
        `/api/plans/${encodeURIComponent(id)}`,
        `/api/plans/${encodeURIComponent(id)}/export.json`,
        `/api/plans/${encodeURIComponent(id)}/reports.csv`,
        `/api/plans/${encodeURIComponent(id)}/evaluation`,
        ...plan.commitments.map((c) => `/api/commitments/${encodeURIComponent(c.id)}`),
      );
    }
    expect(pages.length).toBeGreaterThan(100);
    for (const url of pages) {
      const [was, is] = [await page(before, url), await page(after, url)];
      if (!was.equals(new Uint8Array(is)))
        differences.push(`${url}: ${firstDifference(was.toString(), is.toString())}`);
    }
    expect(differences).toEqual([]);

    const site = (await (await fetch(`${after.url}/api/site`)).json()) as { name: string; logoUrl: string };
    expect(site.name).toBe('Gobierno Abierto de Prueba');
    expect((await fetch(`${after.url}${site.logoUrl}`)).status).toBe(200);
    const signIn = await fetch(`${after.url}/db/_session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(reporter.credentials),
    });
    expect(signIn.status).toBe(200);
  }, 180_000);

  it('refuses to restore over a workspace that has a plan, and says why', async () => {
    const file = path.join(before.dataDir, 'site.jsonl.gz');
    const again = await runAdmin(after, 'restore', file);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('the workspace is not empty');
  });
});
