import express, { type Request, type Response, type Router } from 'express';
import { safeToShow } from '../../../shared/src/evidence-files.js';
import { readDecision, readScope } from '../../../shared/src/rules/read-rights.js';
import type { Evidence } from '../../../shared/src/types.js';
import { type Couch, type Db, getOrNull, useDb } from '../couch/client.js';
import { isDocId } from '../couch/store-ids.js';
import type { Accounts } from '../gateway/accounts.js';
import type { WorkspaceDirectory } from '../gateway/directory.js';
import { asyncRoute } from '../gateway/errors.js';
import { contentDisposition } from './content-disposition.js';
import { fileChunks } from './file-chunks.js';
import { type FileRecord, heldBy } from './file-record.js';
import { megabytes, sameSiteOnly, storeFile, tooLarge, uploadChecks } from './file-store.js';
import type { PublicStore } from './public-store.js';

export interface FilesConfig {
  filesDb: string;
  maxBytes: number;
  /** Who is signed in, for checking who uploads and who reviews. */
  accounts: Accounts;
  workspaceDb: string;
  /** The plans' structure, for who may read a file's evidence before it is published. */
  directory: WorkspaceDirectory;
}

/**
 * Who may open a file that no published evidence shows yet: a signed-in person who may read the
 * evidence naming it (its organisation, the plan's committee), so a reviewer sees what they validate.
 */
async function reviewable(
  config: FilesConfig,
  workspace: Db,
  req: Request,
  sha256: string,
  record: FileRecord,
): Promise<Evidence | null> {
  const evidenceId = typeof req.query.evidence === 'string' ? req.query.evidence : '';
  if (!evidenceId.startsWith('evidence:') || !isDocId(evidenceId)) return null;
  const person = await config.accounts.personOf(req);
  if (!person) return null;
  const [evidence] = await Promise.all([getOrNull<Evidence>(workspace, evidenceId), config.directory.refresh()]);
  if (evidence?.type !== 'evidence' || evidence.file?.sha256 !== sha256) return null;
  if (!heldBy(record, evidence.orgId)) return null;
  const scope = readScope(person, config.directory.membership());
  return readDecision(evidence as unknown as Parameters<typeof readDecision>[0], scope) === 'read' ? evidence : null;
}

/**
 * Sends a file's bytes with the type recorded and checked at upload, never the one an evidence
 * document claims; cached for good once published, never before.
 */
function sendFile(
  req: Request,
  res: Response,
  { content, record, name, published }: { content: Buffer; record: FileRecord; name: string; published: boolean },
): void {
  res.set('Content-Type', record.mediaType);
  res.set('Cache-Control', published ? 'public, max-age=31536000, immutable' : 'private, no-store');
  res.set('X-Content-Type-Options', 'nosniff');
  // Shown in a viewer only when asked and when the bytes are a PDF or a raster image as recorded;
  // sandboxed either way, so nothing in a file runs as the site.
  const head = new Uint8Array(content.buffer, content.byteOffset, Math.min(16, content.length));
  const inline = req.query.inline === '1' && safeToShow(record.mediaType, head);
  res.set('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', name));
  if (inline) {
    res.set('Content-Security-Policy', "default-src 'none'; img-src 'self'; frame-ancestors 'self'; sandbox");
    res.set('X-Frame-Options', 'SAMEORIGIN');
  } else res.set('Content-Security-Policy', "default-src 'none'; sandbox");
  res.send(content);
}

/**
 * Evidence files, content-addressed by sha256: `PUT /api/files/{sha256}` stores a file for a
 * signed-in reporter, committee member or admin after checking its hash, size and type (the same
 * file sent twice is stored once, and a retried upload is harmless); `GET /api/files/{sha256}`
 * serves it to anyone once published evidence refers to it, and before that only to those who may
 * read the evidence that names it (`?evidence={id}`), never cached.
 */
export function filesApi(couch: Couch, store: PublicStore, config: FilesConfig): Router {
  const router = express.Router();
  const db = useDb(couch, config.filesDb);
  const workspace = useDb(couch, config.workspaceDb);

  router.put(
    '/:sha256',
    sameSiteOnly,
    express.raw({ type: () => true, limit: config.maxBytes + 1 }),
    asyncRoute(async (req, res) => {
      const checked = await uploadChecks(req, config.accounts);
      if ('status' in checked) return void res.status(checked.status).json(checked.body);
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const reply =
        body.length > config.maxBytes ? tooLarge(config.maxBytes) : await storeFile(db, { ...checked, body });
      res.status(reply.status).json(reply.body);
    }),
  );
  // Large files in pieces, so a connection cut near the end does not send the whole file again.
  router.use('/:sha256/chunks', fileChunks(db, config));

  // HEAD answers as GET does (Express routes it here): nobody learns that an unpublished file exists.
  router.get(
    '/:sha256',
    asyncRoute(async (req, res) => {
      const sha256 = String(req.params.sha256);
      const notFound = () =>
        res.status(404).json({ error: 'not_found', reason: 'No published evidence has this file.' });
      if (!/^[a-f0-9]{64}$/.test(sha256)) return void notFound();
      const record = await getOrNull<FileRecord>(db, `file:${sha256}`);
      if (!record?._attachments?.content) return void notFound();
      // Published only through evidence of an organisation that uploaded its bytes: another
      // organisation's evidence naming the same hash does not make someone else's unpublished upload public.
      const published = [...store.getIndex().evidence.values()].find(
        (e) => e.file?.sha256 === sha256 && heldBy(record, e.orgId),
      );
      const evidence = published ?? (await reviewable(config, workspace, req, sha256, record));
      if (!evidence?.file) return void notFound();
      const stored: unknown = await db.attachment.get(`file:${sha256}`, 'content');
      const content = Buffer.isBuffer(stored) ? stored : Buffer.from(stored as ArrayBuffer);
      sendFile(req, res, { content, record, name: evidence.file.name, published: Boolean(published) });
    }),
  );
  // express.raw refuses a body over its limit before the handler runs: answer that in JSON too.
  router.use((error: { type?: string; status?: number }, _req: Request, res: Response, next: express.NextFunction) => {
    if (error.type === 'entity.too.large')
      return void res
        .status(413)
        .json({ error: 'too_large', reason: `The file is larger than the ${megabytes(config.maxBytes)} limit.` });
    next(error);
  });
  return router;
}
