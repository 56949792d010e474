import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express, { type Router } from 'express';
import { backup, restore } from '../admin/backup.js';
import { AdminInputError } from '../admin/users.js';
import { bodyOf, fileOf } from './body.js';
import { type AdminContext, audit } from './context.js';

/** A folder of its own for one backup file, removed once the answer is sent. */
function scratch(): { file: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tablero-backup-'));
  return { file: path.join(dir, 'site.jsonl.gz'), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Backups: the whole site as one file to download, and a restore of one onto an empty site. */
export function backupRoutes(ctx: AdminContext): Router {
  const router = express.Router();
  const { couch, names } = ctx;
  router.get('/backup', async (_req, res) => {
    const { file, remove } = scratch();
    try {
      const counts = await backup(couch, names, file);
      await audit(ctx, res, 'backup', undefined, counts);
      res.attachment(`tablero-${new Date().toISOString().slice(0, 10)}.jsonl.gz`);
      res.type('application/gzip');
      await new Promise<void>((resolve, reject) =>
        res.sendFile(file, { headers: { 'Cache-Control': 'no-store' } }, (error) =>
          error ? reject(error) : resolve(),
        ),
      );
    } finally {
      remove();
    }
  });
  router.post('/restore', async (req, res) => {
    const upload = fileOf(bodyOf(req), 'file');
    const { file, remove } = scratch();
    try {
      fs.writeFileSync(file, upload.bytes);
      const counts = await restore(couch, names, file).catch((error: unknown) => {
        // The file is what is wrong (not a backup, damaged) or the site is not empty: named as the file.
        if (error instanceof AdminInputError)
          throw new AdminInputError(error.message.replace(`${file}`, upload.name), 'file');
        throw error;
      });
      await audit(ctx, res, 'restore', upload.name, counts);
      res.json(counts);
    } finally {
      remove();
    }
  });
  return router;
}
