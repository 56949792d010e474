import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Evidence } from '../shared/src/index.js';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { getOrNull, useDb } from '../sync-server/src/couch/client.js';
import { report, testPlan } from './fixtures.js';
import { type Client, createUser, startTestServer, type TestServer, uniqueName, untilPublic } from './helpers.js';

let server: TestServer;
let rep: Client;
const pdf = Buffer.from('%PDF-1.4\n% minutes of the review meeting\n');
const sha = (bytes: Buffer) => createHash('sha256').update(new Uint8Array(bytes)).digest('hex');
const auth = (client: Client) =>
  `Basic ${Buffer.from(`${client.credentials?.name}:${client.credentials?.password}`).toString('base64')}`;
const upload = (hash: string, body: Buffer, type: string, who?: Client, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/files/${hash}`, {
    method: 'PUT',
    headers: { 'content-type': type, ...(who ? { authorization: auth(who) } : {}), ...headers },
    body: new Uint8Array(body),
  });
const png = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b70000000049454e44ae426082',
  'hex',
);
const evidenceOf = (who: Client, org: string, bytes: Buffer, name: string, mediaType: string): Evidence => ({
  _id: `evidence:${uniqueName('e')}`,
  type: 'evidence',
  planId: 'plan:test',
  orgId: `org:${org}`,
  createdBy: who.name,
  createdAt: new Date().toISOString(),
  status: 'published',
  title: name,
  kind: 'document',
  file: { sha256: sha(bytes), name, mediaType, size: bytes.length },
});
/** Published evidence is evidence a published report of its organisation refers to. */
async function publish(who: Client, org: 'gov-a' | 'gov-b', evidence: Evidence): Promise<void> {
  expect((await who.put(server.names.workspace, evidence)).status).toBe(201);
  const onOwnKeyAction =
    org === 'gov-b' ? { commitmentId: 'commitment:test-2', keyActionId: 'keyAction:test-2-1' } : {};
  const published = report({
    createdBy: who.name,
    orgId: `org:${org}`,
    status: 'published',
    evidenceIds: [evidence._id],
    ...onOwnKeyAction,
  });
  expect((await who.put(server.names.workspace, published)).status).toBe(201);
  await untilPublic(server, (index) => index.evidence.has(evidence._id));
}

beforeAll(async () => {
  process.env.TABLERO_MAX_FILE_MB = '1';
  try {
    server = await startTestServer();
  } finally {
    delete process.env.TABLERO_MAX_FILE_MB;
  }
  await importRecords(server.couch, server.names, 'fixture', testPlan());
  rep = await createUser(server, { name: uniqueName('rep'), role: 'reporter', org: 'gov-a' });
});
afterAll(async () => server?.stop());

describe('evidence files', () => {
  it('stores a file once, by its hash, and a retried upload is harmless', async () => {
    const first = await upload(sha(pdf), pdf, 'application/pdf', rep);
    expect(first.status).toBe(201);
    const again = await upload(sha(pdf), pdf, 'application/pdf', rep);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ stored: 'already' });
    // Until published evidence refers to it, HEAD answers as GET does: nobody learns it exists.
    expect((await fetch(`${server.url}/api/files/${sha(pdf)}`, { method: 'HEAD' })).status).toBe(404);
  });

  it('refuses anonymous uploads, wrong hashes, unknown types and files over the limit, saying why', async () => {
    expect((await upload(sha(pdf), pdf, 'application/pdf')).status).toBe(401);
    const wrong = await upload('a'.repeat(64), pdf, 'application/pdf', rep);
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { reason: string }).reason).toMatch(
      /^sha256: the content's hash is [a-f0-9]{64}, not a+/,
    );
    const exe = await upload(sha(pdf), pdf, 'application/x-msdownload', rep);
    expect(exe.status).toBe(415);
    expect(((await exe.json()) as { reason: string }).reason).toContain(
      '"application/x-msdownload" is not an accepted evidence type',
    );
    const big = Buffer.alloc(1024 * 1024 + 10, 1);
    const tooBig = await upload(sha(big), big, 'application/pdf', rep);
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { reason: string }).reason).toContain('1 MB limit');
  });

  it('serves a file publicly only once published evidence refers to it', async () => {
    expect((await fetch(`${server.url}/api/files/${sha(pdf)}`)).status).toBe(404);
    const evidence: Evidence = {
      _id: `evidence:${uniqueName('f')}`,
      type: 'evidence',
      planId: 'plan:test',
      orgId: 'org:gov-a',
      createdBy: rep.name,
      createdAt: new Date().toISOString(),
      status: 'published',
      title: 'Minuta',
      kind: 'minutes',
      file: { sha256: sha(pdf), name: 'minuta.pdf', mediaType: 'application/pdf', size: pdf.length },
    };
    expect((await rep.put(server.names.workspace, evidence)).status).toBe(201);
    expect(
      (
        await rep.put(
          server.names.workspace,
          report({ createdBy: rep.name, status: 'published', evidenceIds: [evidence._id] }),
        )
      ).status,
    ).toBe(201);
    await untilPublic(server, (index) => index.evidence.size > 0);
    const reply = await fetch(`${server.url}/api/files/${sha(pdf)}`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/pdf');
    expect(reply.headers.get('content-disposition')).toContain('minuta.pdf');
    expect(Buffer.from(await reply.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('shows a PDF or an image in the page only when asked and when its bytes are what its type says', async () => {
    const fake = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    const files = [
      { bytes: png, name: 'foto.png', mediaType: 'image/png' },
      { bytes: fake, name: 'falsa.png', mediaType: 'image/png' },
      { bytes: Buffer.from('a,b\n1,2\n'), name: 'datos.csv', mediaType: 'text/csv' },
    ];
    const ids: string[] = [];
    for (const file of files) {
      expect((await upload(sha(file.bytes), file.bytes, file.mediaType, rep)).status).toBeLessThan(300);
      const evidence: Evidence = {
        _id: `evidence:${uniqueName('v')}`,
        type: 'evidence',
        planId: 'plan:test',
        orgId: 'org:gov-a',
        createdBy: rep.name,
        createdAt: new Date().toISOString(),
        status: 'published',
        title: file.name,
        kind: 'photo',
        file: { sha256: sha(file.bytes), name: file.name, mediaType: file.mediaType, size: file.bytes.length },
      };
      expect((await rep.put(server.names.workspace, evidence)).status).toBe(201);
      ids.push(evidence._id);
    }
    expect(
      (await rep.put(server.names.workspace, report({ createdBy: rep.name, status: 'published', evidenceIds: ids })))
        .status,
    ).toBe(201);
    await untilPublic(server, (index) => ids.every((id) => index.evidence.has(id)));

    const shown = await fetch(`${server.url}/api/files/${sha(pdf)}?inline=1`);
    expect(shown.headers.get('content-disposition')).toMatch(/^inline; filename="minuta.pdf"/);
    expect(shown.headers.get('content-security-policy')).toContain('sandbox');
    expect(shown.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(shown.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const image = await fetch(`${server.url}/api/files/${sha(png)}?inline=1`);
    expect(image.headers.get('content-disposition')).toMatch(/^inline/);
    // Bytes that are not what the type says, and types a browser would run or cannot show: downloaded.
    for (const bytes of [fake, files[2]?.bytes as Buffer]) {
      const reply = await fetch(`${server.url}/api/files/${sha(bytes)}?inline=1`);
      expect(reply.headers.get('content-disposition')).toMatch(/^attachment/);
      expect(reply.headers.get('x-frame-options')).toBe('DENY');
      expect(reply.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    }
    expect((await fetch(`${server.url}/api/files/${sha(pdf)}`)).headers.get('content-disposition')).toMatch(
      /^attachment/,
    );
  });

  it('lets the plan’s committee and the uploading organisation open a submitted file for review, and nobody else', async () => {
    const committee = await createUser(server, { name: uniqueName('com'), role: 'committee', org: 'com-d' });
    const other = await createUser(server, { name: uniqueName('gov-b'), role: 'reporter', org: 'gov-b' });
    const scan = Buffer.from('%PDF-1.4\n% signed record submitted for review\n');
    expect((await upload(sha(scan), scan, 'application/pdf', rep)).status).toBeLessThan(300);
    const evidence: Evidence = {
      _id: `evidence:${uniqueName('review')}`,
      type: 'evidence',
      planId: 'plan:review',
      orgId: 'org:gov-a',
      createdBy: rep.name,
      createdAt: new Date().toISOString(),
      status: 'submitted',
      title: 'Acta',
      kind: 'minutes',
      file: { sha256: sha(scan), name: 'acta.pdf', mediaType: 'application/pdf', size: scan.length },
    };
    expect((await rep.put(server.names.workspace, evidence)).status).toBe(201);
    const url = `${server.url}/api/files/${sha(scan)}?evidence=${encodeURIComponent(evidence._id)}&inline=1`;
    const as = (client?: Client) => fetch(url, client ? { headers: { authorization: auth(client) } } : {});

    const forCommittee = await as(committee);
    expect(forCommittee.status).toBe(200);
    expect(Buffer.from(await forCommittee.arrayBuffer()).equals(scan)).toBe(true);
    expect(forCommittee.headers.get('cache-control')).toBe('private, no-store');
    expect(forCommittee.headers.get('content-disposition')).toMatch(/^inline/);
    expect((await as(rep)).status).toBe(200);
    // Anonymous, another organisation, or evidence that does not name this file: as if it did not exist.
    expect((await as()).status).toBe(404);
    expect((await as(other)).status).toBe(404);
    expect(
      (await fetch(`${server.url}/api/files/${sha(scan)}`, { headers: { authorization: auth(committee) } })).status,
    ).toBe(404);
    const elsewhere = `${server.url}/api/files/${sha(pdf)}?evidence=${encodeURIComponent(evidence._id)}`;
    expect(
      (await fetch(elsewhere, { headers: { authorization: auth(committee) } })).headers.get('cache-control'),
    ).not.toBe('private, no-store');
    const missing = `${server.url}/api/files/${sha(scan)}?evidence=evidence%3Anope`;
    expect((await fetch(missing, { headers: { authorization: auth(committee) } })).status).toBe(404);
  });

  it('serves a file as the type recorded at upload, whatever its name ends with', async () => {
    // A PNG that is also an HTML page: served as its name says, a browser would run it as the site.
    const polyglot = Buffer.from(
      `${png.toString('latin1')}<html><script>alert(document.domain)</script></html>`,
      'latin1',
    );
    expect((await upload(sha(polyglot), polyglot, 'image/png', rep)).status).toBe(201);
    await publish(rep, 'gov-a', evidenceOf(rep, 'gov-a', polyglot, 'poly.html', 'image/png'));
    for (const query of ['', '?inline=1']) {
      const reply = await fetch(`${server.url}/api/files/${sha(polyglot)}${query}`);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toBe('image/png');
      expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
      expect(reply.headers.get('content-disposition')).toMatch(
        query ? /^inline; filename="poly.html"$/ : /^attachment; filename="poly.html"$/,
      );
    }
  });

  it('names a download safely whatever the evidence calls it', async () => {
    const file = Buffer.from('%PDF-1.4\n% a name made to break the header\n');
    expect((await upload(sha(file), file, 'application/pdf', rep)).status).toBe(201);
    const name = '../..\\acta "final"\r\nSet-Cookie: stolen=1/año.pdf';
    await publish(rep, 'gov-a', evidenceOf(rep, 'gov-a', file, name, 'application/pdf'));
    const reply = await fetch(`${server.url}/api/files/${sha(file)}`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('set-cookie')).toBeNull();
    const header = reply.headers.get('content-disposition') ?? '';
    const [, fallback, encoded] = /^attachment; filename="([^"]*)"; filename\*=UTF-8''(\S+)$/.exec(header) ?? [];
    expect(fallback, header).toBe('acta final Set-Cookie: stolen=1_ano.pdf');
    expect(decodeURIComponent(encoded ?? '')).toBe('acta final Set-Cookie: stolen=1_año.pdf');
    for (const part of [fallback, decodeURIComponent(encoded ?? '')]) expect(part).not.toMatch(/["\\/\r\n]|\.\./);
  });

  it('is published by the evidence of every organisation that uploaded its bytes, and only by theirs', async () => {
    const repB = await createUser(server, { name: uniqueName('rep-b'), role: 'reporter', org: 'gov-b' });
    const both = Buffer.from('%PDF-1.4\n% the agreement both ministries signed\n');
    expect((await upload(sha(both), both, 'application/pdf', rep)).status).toBe(201);
    // gov-a keeps its evidence of the file a draft.
    const draft = { ...evidenceOf(rep, 'gov-a', both, 'convenio-a.pdf', 'application/pdf'), status: 'draft' as const };
    expect((await rep.put(server.names.workspace, draft)).status).toBe(201);
    await publish(repB, 'gov-b', evidenceOf(repB, 'gov-b', both, 'convenio-b.pdf', 'application/pdf'));
    // Naming the hash alone does not publish gov-a's upload.
    expect((await fetch(`${server.url}/api/files/${sha(both)}`)).status).toBe(404);

    const again = await upload(sha(both), both, 'application/pdf', repB);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ stored: 'already' });
    const served = await fetch(`${server.url}/api/files/${sha(both)}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-disposition')).toContain('convenio-b.pdf');
    expect(Buffer.from(await served.arrayBuffer()).equals(both)).toBe(true);
    const record = await getOrNull<{ uploadedByOrgs?: string[] }>(
      useDb(server.couch, server.names.files),
      `file:${sha(both)}`,
    );
    expect(record?.uploadedByOrgs).toEqual(['org:gov-a', 'org:gov-b']);
  });

  it('adds every organisation uploading the same bytes at once, and reads a record of one uploader from before', async () => {
    const files = useDb(server.couch, server.names.files);
    const old = Buffer.from('%PDF-1.4\n% stored by an earlier release\n');
    // An earlier release recorded one uploading organisation, in `uploadedByOrg`.
    await files.insert({
      _id: `file:${sha(old)}`,
      type: 'file',
      mediaType: 'application/pdf',
      size: old.length,
      uploadedAt: new Date().toISOString(),
      uploadedBy: rep.name,
      uploadedByOrg: 'org:gov-a',
      _attachments: { content: { content_type: 'application/pdf', data: old.toString('base64') } },
    });
    const uploaders = await Promise.all(
      ['gov-b', 'cso-c', 'com-d'].map((org) => createUser(server, { name: uniqueName(org), role: 'reporter', org })),
    );
    const replies = await Promise.all(uploaders.map((who) => upload(sha(old), old, 'application/pdf', who)));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    const record = await getOrNull<{ uploadedByOrgs?: string[]; uploadedByOrg?: string }>(files, `file:${sha(old)}`);
    expect([...(record?.uploadedByOrgs ?? [])].sort()).toEqual(['org:com-d', 'org:cso-c', 'org:gov-a', 'org:gov-b']);
    expect(record?.uploadedByOrg).toBeUndefined();
    // Its content is still there, unchanged.
    expect(Buffer.from((await files.attachment.get(`file:${sha(old)}`, 'content')) as Buffer).equals(old)).toBe(true);
  });

  it('refuses an upload sent from another site, or from a page with no origin, before storing anything', async () => {
    const file = Buffer.from('%PDF-1.4\n% sent from somewhere else\n');
    for (const origin of ['https://evil.example', 'null', `${server.url}.evil.example`]) {
      const reply = await upload(sha(file), file, 'application/pdf', rep, { origin });
      expect(reply.status, origin).toBe(403);
      expect(((await reply.json()) as { reason: string }).reason).toMatch(/^Origin: /);
    }
    expect(await getOrNull(useDb(server.couch, server.names.files), `file:${sha(file)}`)).toBeNull();
    expect((await upload(sha(file), file, 'application/pdf', rep, { origin: server.url })).status).toBe(201);
  });
});
