import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { EVIDENCE_MEDIA_TYPES } from '../../../shared/src/evidence-files.js';
import { orgOfRoles } from '../../../shared/src/rules/read-rights.js';
import { type Db, getOrNull, isStatus } from '../couch/client.js';
import type { Accounts, Person } from '../gateway/accounts.js';
import { type FileRecord, uploadersOf, withUploader } from './file-record.js';

/** Writes of the same record at once: each retries on a conflict, this many times at most. */
const CONFLICT_RETRIES = 8;

/** An answer to an upload: its status and JSON body. */
export interface UploadReply {
  status: number;
  body: Record<string, unknown>;
}

const refuse = (status: number, error: string, reason: string): UploadReply => ({ status, body: { error, reason } });

export const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/**
 * The checks every upload passes before any bytes are kept, whole or in chunks: a signed-in person
 * whose account may upload, a well-formed hash, an accepted type. The person, or the refusal.
 */
export async function uploadChecks(
  req: Request,
  accounts: Accounts,
): Promise<{ user: Person; sha256: string; mediaType: string } | UploadReply> {
  const sha256 = String(req.params.sha256);
  const user = await accounts.personOf(req);
  if (!user) return refuse(401, 'unauthorized', 'Sign in to upload evidence.');
  if (!user.roles.some((r) => ['reporter', 'committee', 'admin'].includes(r)))
    return refuse(403, 'forbidden', 'Your account may not upload evidence.');
  if (!/^[a-f0-9]{64}$/.test(sha256))
    return refuse(400, 'bad_request', 'sha256: must be 64 lower-case hexadecimal characters.');
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!EVIDENCE_MEDIA_TYPES.includes(mediaType))
    return refuse(
      415,
      'unsupported_media_type',
      `Content-Type: "${mediaType || 'none'}" is not an accepted evidence type (PDF, images, office documents, CSV, text, ZIP).`,
    );
  return { user, sha256, mediaType };
}

export const tooLarge = (maxBytes: number): UploadReply =>
  refuse(413, 'too_large', `The file is larger than the ${megabytes(maxBytes)} limit.`);

/**
 * Stores a whole file once its hash is checked: record and content in one write, so the store keeps
 * both or neither; the same bytes from another organisation add it to the file's uploaders.
 */
export async function storeFile(
  db: Db,
  file: { sha256: string; mediaType: string; body: Buffer; user: Person },
): Promise<UploadReply> {
  const { sha256, mediaType, body, user } = file;
  const actual = createHash('sha256').update(new Uint8Array(body)).digest('hex');
  if (actual !== sha256)
    return refuse(
      400,
      'bad_request',
      `sha256: the content's hash is ${actual}, not ${sha256}; the upload was damaged or changed.`,
    );
  const id = `file:${sha256}`;
  const org = orgOfRoles(user.roles);
  // Another upload of the same bytes may write the record between our read and our write: read again.
  for (let attempt = 0; ; attempt++) {
    const existing = await getOrNull<FileRecord>(db, id);
    try {
      // "Already stored" only when the content is there: a record left without it (by a crash of an
      // earlier version between two writes) is completed now instead of being taken for the file.
      if (existing?._attachments?.content?.length === body.length) {
        // The same bytes from another organisation: it holds the file's rights too.
        const uploaders = withUploader(existing, org);
        if (uploaders) {
          const { uploadedByOrg: _single, ...rest } = existing;
          await db.insert({ ...rest, uploadedByOrgs: uploaders });
        }
        return { status: 200, body: { ok: true, sha256, stored: 'already' } };
      }
      const record: FileRecord = {
        _id: id,
        ...(existing ? { _rev: existing._rev } : {}),
        type: 'file',
        mediaType,
        size: body.length,
        uploadedAt: new Date().toISOString(),
        uploadedBy: user.name,
        uploadedByOrgs: existing ? (withUploader(existing, org) ?? uploadersOf(existing)) : org ? [org] : [],
      };
      await db.insert({
        ...record,
        _attachments: { content: { content_type: mediaType, data: body.toString('base64') } },
      });
      return { status: 201, body: { ok: true, sha256, stored: 'now' } };
    } catch (error) {
      if (!isStatus(error, 409) || attempt >= CONFLICT_RETRIES) throw error;
    }
  }
}

/**
 * Before the body is read: an upload comes from the site's own pages or from a client that sends no
 * Origin. A page elsewhere, or a sandboxed frame or file (`Origin: null`), could otherwise store
 * files with a signed-in person's cookie, and have their organisation vouch for them.
 */
export function sameSiteOnly(req: Request, res: Response, next: NextFunction) {
  const origin = req.headers.origin;
  if (origin === undefined || (origin !== 'null' && hostOf(origin) === req.headers.host)) {
    next();
    return;
  }
  res.status(403).json({
    error: 'forbidden',
    reason: `Origin: uploads from ${origin} are not accepted; upload from the site's own pages.`,
  });
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
