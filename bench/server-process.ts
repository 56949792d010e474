/*
 * Tablero's server in a process of its own, as production runs it: for the tests that kill it
 * mid-work (test/several-servers.test.ts, test/mail-crash.test.ts) and the benchmark that measures
 * its memory (bench/server-memory.ts). In bench/ because benchmarks may not import test/.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export interface ServerProcess {
  child: ChildProcess;
  /** Where it listens, without a trailing slash: http://127.0.0.1:40123 */
  url: string;
  /** The server's id, as /api/health and the logs name it. */
  serverId: string;
}

/** The source entry, run through tsx; the built one, as `npm start` runs it (`npm run build` first). */
const ENTRY = {
  source: ['--import', 'tsx', 'sync-server/src/main.ts'],
  built: [path.resolve('dist/server/sync-server/src/main.js')],
};

/**
 * Starts the server with `env` over this process's environment and resolves once it says where it
 * listens (its first log line with `url` and `server`); rejects, with what it wrote, if it exits
 * before. Run by node itself, not npx: a kill must reach the server, not a wrapper.
 */
export function startServerProcess(
  env: Record<string, string>,
  { entry = 'source' }: { entry?: keyof typeof ENTRY } = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ENTRY[entry], {
    env: { ...process.env, TABLERO_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let started = false;
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it listened: ${out}`)));
    // Read to the end, or the server would block on a full pipe; kept only until it listens.
    child.stdout?.on('data', (chunk: Buffer) => {
      if (started) return;
      out += chunk.toString();
      const entry = out.split('\n').slice(0, -1).map(listening).find(Boolean);
      if (!entry) return;
      started = true;
      resolve({ child, url: entry.url.replace(/\/+$/, ''), serverId: entry.server });
    });
  });
}

/** The line that says where the server listens, or null for any other line. */
function listening(line: string): { url: string; server: string } | null {
  if (!line.startsWith('{')) return null;
  try {
    const entry = JSON.parse(line) as { url?: unknown; server?: unknown };
    return typeof entry.url === 'string' && typeof entry.server === 'string'
      ? { url: entry.url, server: entry.server }
      : null;
  } catch {
    return null;
  }
}

/** Stops the process and waits until it has exited. */
export async function stopServerProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}
