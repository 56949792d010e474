import { createHash } from 'node:crypto';
import express, { type Router } from 'express';
import { type Db, getOrNull, isStatus } from '../couch/client.js';
import type { Accounts, Person } from '../gateway/accounts.js';
import { asyncRoute } from '../gateway/errors.js';
import { sameSiteOnly, storeFile, tooLarge, type UploadReply, uploadChecks } from './file-store.js';

/** The largest piece accepted at once; the app sends 1 MiB pieces. */
export const MAX_CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * A file on its way in pieces: one document per person and file in the files database, each piece
 * an attachment named by its offset. Kept in the store (not on one server's disk), so an upload
 * resumes through any of several servers and after a restart.
 */
interface PartialUpload {
  _id: string;
  _rev?: string;
  type: 'upload';
  size: number;
  mediaType: string;
  startedAt: string;
  _attachments?: Record<string, { length?: number }>;
}

const pieceName = (offset: number) => `piece-${String(offset).padStart(12, '0')}`;
/** Bytes the server holds of the upload: its pieces, which only ever arrive in order. */
const receivedOf = (upload: PartialUpload | null) =>
  Object.values(upload?._attachments ?? {}).reduce((sum, piece) => sum + (piece.length ?? 0), 0);
/** The person's name hashed: ids are built from validated parts only, and a name has any character. */
const uploadId = (sha256: string, person: Person) =>
  `upload:${sha256}:${createHash('sha256').update(person.name).digest('hex').slice(0, 32)}`;
const count = (value: unknown): number | null =>
  typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : null;

/**
 * `GET /api/files/{sha256}/chunks` says how many bytes of the person's upload the server holds;
 * `PUT /api/files/{sha256}/chunks?offset=N&size=S` adds the piece that starts there (`409` with
 * `received` when it is not the next one). The last piece stores the whole file through the same
 * checks as a single upload (hash of the whole, size limit, media type, uploaders), and the pieces
 * are removed. Every piece passes the Origin, sign-in, hash-format and type checks first.
 */
export function fileChunks(db: Db, config: { maxBytes: number; accounts: Accounts }): Router {
  const router = express.Router({ mergeParams: true });
  const send = (res: express.Response, reply: UploadReply) => void res.status(reply.status).json(reply.body);

  router.get(
    '/',
    asyncRoute(async (req, res) => {
      const person = await config.accounts.personOf(req);
      const sha256 = String(req.params.sha256);
      if (!person)
        return send(res, { status: 401, body: { error: 'unauthorized', reason: 'Sign in to upload evidence.' } });
      if (!/^[a-f0-9]{64}$/.test(sha256))
        return send(res, {
          status: 400,
          body: { error: 'bad_request', reason: 'sha256: must be 64 lower-case hexadecimal characters.' },
        });
      const upload = await getOrNull<PartialUpload>(db, uploadId(sha256, person));
      send(res, { status: 200, body: { received: receivedOf(upload), size: upload?.size ?? null } });
    }),
  );

  router.put(
    '/',
    sameSiteOnly,
    express.raw({ type: () => true, limit: MAX_CHUNK_BYTES + 1 }),
    asyncRoute(async (req, res) => {
      const checked = await uploadChecks(req, config.accounts);
      if ('status' in checked) return send(res, checked);
      const piece = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const offset = count(req.query.offset);
      const size = count(req.query.size);
      if (offset === null || size === null || size === 0)
        return send(res, {
          status: 400,
          body: { error: 'bad_request', reason: 'offset, size: whole numbers of bytes, size above 0.' },
        });
      if (size > config.maxBytes) return send(res, tooLarge(config.maxBytes));
      if (piece.length === 0 || piece.length > MAX_CHUNK_BYTES || offset + piece.length > size)
        return send(res, {
          status: 400,
          body: {
            error: 'bad_request',
            reason: `body: a piece of 1 to ${MAX_CHUNK_BYTES} bytes within the file's size.`,
          },
        });
      send(res, await addPiece(db, { ...checked, offset, size, piece }));
    }),
  );
  return router;
}

/** Adds a piece in its place, and stores the file once the last one is in. */
async function addPiece(
  db: Db,
  input: { user: Person; sha256: string; mediaType: string; offset: number; size: number; piece: Buffer },
): Promise<UploadReply> {
  const { user, sha256, mediaType, offset, size, piece } = input;
  const id = uploadId(sha256, user);
  let upload = await getOrNull<PartialUpload>(db, id);
  // Another size or type for the same hash is another attempt (a damaged one): start it again.
  if (upload && (upload.size !== size || upload.mediaType !== mediaType)) {
    await db.destroy(id, upload._rev as string);
    upload = null;
  }
  const received = receivedOf(upload);
  const notNext = (): UploadReply => ({
    status: 409,
    body: {
      error: 'conflict',
      reason: `offset: the server holds ${received} bytes of this upload; send from there.`,
      received,
    },
  });
  if (offset !== received) return notNext();
  let rev = upload?._rev;
  if (!upload) {
    const doc: PartialUpload = { _id: id, type: 'upload', size, mediaType, startedAt: new Date().toISOString() };
    try {
      rev = (await db.insert(doc as unknown as Record<string, unknown>)).rev;
    } catch (error) {
      // Two first pieces at once: the other one won.
      if (isStatus(error, 409)) return notNext();
      throw error;
    }
  }
  try {
    rev = (await db.attachment.insert(id, pieceName(offset), piece, 'application/octet-stream', { rev })).rev;
  } catch (error) {
    if (isStatus(error, 409)) return notNext();
    throw error;
  }
  if (received + piece.length < size) return { status: 202, body: { ok: true, received: received + piece.length } };
  return complete(db, { id, rev: rev as string, user, sha256, mediaType });
}

/** Joins the pieces, stores the whole through the single upload's checks, and removes the pieces. */
async function complete(
  db: Db,
  input: { id: string; rev: string; user: Person; sha256: string; mediaType: string },
): Promise<UploadReply> {
  const stored = await getOrNull<PartialUpload>(db, input.id);
  const names = Object.keys(stored?._attachments ?? {}).sort();
  const pieces: Uint8Array[] = [];
  for (const name of names) {
    const data: unknown = await db.attachment.get(input.id, name);
    pieces.push(new Uint8Array(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer)));
  }
  const reply = await storeFile(db, { ...input, body: Buffer.concat(pieces) });
  // Stored, or refused as a whole (a hash that does not match): either way the pieces are done with.
  await db.destroy(input.id, stored?._rev ?? input.rev).catch((error: unknown) => {
    if (!isStatus(error, 404) && !isStatus(error, 409)) throw error;
  });
  return reply;
}
