import fs from 'node:fs';
import path from 'node:path';
import { AdminInputError } from '../admin/users.js';
import type { BounceOutcome } from '../mail/bounces.js';

/** One message to read as a bounce; `done()` once it is read, which files a maildir's message as seen. */
export interface BounceFile {
  name: string;
  raw: Buffer;
  done: () => void;
}

/**
 * The messages of `mail bounces`: `-` is one message on standard input (an MTA's pipe alias), a
 * file is one message, a maildir gives the messages in its `new/` (each moved to `cur/` once read,
 * as a mail client does, so a command run every few minutes reads each once), any other folder
 * every file in it.
 */
export function* bounceFiles(source: string): Generator<BounceFile> {
  if (source === '-') {
    yield { name: '-', raw: fs.readFileSync(0), done: () => undefined };
    return;
  }
  if (!fs.existsSync(source)) throw new AdminInputError(`mail bounces: there is no file or folder "${source}".`);
  if (!fs.statSync(source).isDirectory()) {
    yield { name: source, raw: fs.readFileSync(source), done: () => undefined };
    return;
  }
  const fresh = path.join(source, 'new');
  const maildir = fs.existsSync(fresh) && fs.existsSync(path.join(source, 'cur'));
  const dir = maildir ? fresh : source;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isFile()) continue;
    const file = path.join(dir, entry.name);
    const seen = path.join(source, 'cur', `${entry.name.split(':')[0]}:2,S`);
    yield { name: file, raw: fs.readFileSync(file), done: () => maildir && fs.renameSync(file, seen) };
  }
}

/** What the command prints for a message. */
export function describeBounce(outcome: BounceOutcome): string {
  switch (outcome.kind) {
    case 'paused':
      return `failed for good (${outcome.status}): ${outcome.address} is paused`;
    case 'delayed':
      return `delayed (${outcome.status}): recorded, nothing paused; the receiving server is still trying`;
    case 'duplicate':
      return `already read (${outcome.status}): nothing more to do`;
    case 'ignored':
      return `ignored: ${outcome.reason}`;
  }
}
