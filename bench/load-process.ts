/**
 * Load on the public pages from a process of its own, so the load generator never takes turns with
 * the server it measures (a worker thread of the bench's process still shares its event loop's
 * machine time and its garbage collector). `loadFromProcess` starts it and reads its one JSON line.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export interface LoadSpec {
  /** Addresses asked for in turn by every connection. */
  urls: string[];
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
  /** POST this JSON body to every address instead of GETting it. */
  postBody?: string;
  /** Requests per second over all connections; as fast as they go when absent. */
  overallRate?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  total: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts and answers other than 2xx (or 304 when revalidating). */
  errors: number;
  non2xx: number;
  /** Answers by status code. */
  statusCodes: Record<string, number>;
}

export function loadFromProcess(spec: LoadSpec): Promise<LoadResult> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), JSON.stringify(spec)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as LoadResult);
      else reject(new Error(`the load process ended with ${code}: ${out}`));
    });
  });
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const first = new URL(spec.urls[0] as string);
  const result = (await autocannon({
    url: first.origin,
    connections: spec.connections,
    duration: spec.durationSeconds,
    headers: { ...(spec.postBody ? { 'content-type': 'application/json' } : {}), ...spec.headers },
    ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
    requests: spec.urls.map((url) => {
      const { pathname, search } = new URL(url);
      return spec.postBody
        ? { method: 'POST' as const, path: `${pathname}${search}`, body: spec.postBody }
        : { method: 'GET' as const, path: `${pathname}${search}` };
    }),
  })) as unknown as autocannon.Result & { statusCodeStats?: Record<string, { count: number } | undefined> };
  return {
    requestsPerSecond: Math.round(result.requests.average),
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s?.count ?? 0]),
    ),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await run(JSON.parse(process.argv[2] as string) as LoadSpec)));
  process.exit(0);
}
