/**
 * One evidence file's trip to the server: whole for a small file, in pieces for a large one, each
 * request with a deadline and cut by a change of connectivity, so an upload held on a dead
 * connection ends and the next file goes.
 */

/** Why a file did not go, as the outbox tells the person (`outboxText`). */
export type FileProblem =
  | 'stalled'
  | 'network'
  | 'storageFull'
  | 'unavailable'
  | 'server'
  | 'tooLarge'
  | 'badType'
  | 'damaged'
  | 'forbidden';

/** Problems the person has to act on: sending the same file again would be refused again. */
export const NEEDS_THE_PERSON: ReadonlySet<FileProblem> = new Set(['tooLarge', 'badType', 'damaged', 'forbidden']);

export type UploadResult = { ok: true } | { ok: false; problem: FileProblem | 'signedOut'; detail?: string };

/** No byte sent and no answer for this long: the connection is taken for dead. */
export const STALL_MS = 20_000;
/**
 * Once the last piece of a large file has gone, how long the answer may take: the server puts the
 * file together, hashes and stores it before it answers, which on a loaded server takes longer
 * than STALL_MS; cutting it then and sending it again would never end.
 */
export const ANSWER_MS = 180_000;
/** Files larger than this go in pieces of PIECE_BYTES, so a cut costs one piece, not the file. */
export const PIECES_ABOVE = 2 * 1024 * 1024;
export const PIECE_BYTES = 1024 * 1024;

interface Reply {
  status: number;
  body: { received?: number; reason?: string; reason_es?: string };
}

/** What a status says about the file (0: no answer at all; -1: stalled or cut). */
export function problemOf(status: number): FileProblem | 'signedOut' {
  if (status === -1) return 'stalled';
  if (status === 0) return 'network';
  if (status === 401) return 'signedOut';
  if (status === 403) return 'forbidden';
  if (status === 413) return 'tooLarge';
  if (status === 415) return 'badType';
  if (status === 400 || status === 409) return 'damaged';
  if (status === 507) return 'storageFull';
  if (status === 502 || status === 503 || status === 504) return 'unavailable';
  return 'server';
}

/**
 * A request by XMLHttpRequest (for the upload's progress), ended when nothing moves for STALL_MS
 * (no byte sent and no answer) or when `cut` fires. Never rejects: a failure is a status.
 */
function request(
  method: 'GET' | 'PUT',
  url: string,
  options: {
    body?: Blob;
    type?: string;
    cut: AbortSignal;
    onProgress?: (loaded: number) => void;
    /** How long the answer may take once the body has gone, when longer than STALL_MS. */
    answerMs?: number;
  },
): Promise<Reply> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = (reply: Reply) => {
      clearTimeout(timer);
      options.cut.removeEventListener('abort', abort);
      resolve(reply);
    };
    const abort = () => {
      xhr.abort();
      done({ status: -1, body: {} });
    };
    const stillMoving = () => {
      clearTimeout(timer);
      timer = setTimeout(abort, STALL_MS);
    };
    if (options.cut.aborted) return done({ status: -1, body: {} });
    options.cut.addEventListener('abort', abort);
    xhr.open(method, url);
    xhr.withCredentials = true;
    if (options.type) xhr.setRequestHeader('content-type', options.type);
    xhr.upload.onprogress = (e) => {
      stillMoving();
      options.onProgress?.(e.loaded);
    };
    if (options.answerMs)
      xhr.upload.onload = () => {
        clearTimeout(timer);
        timer = setTimeout(abort, options.answerMs);
      };
    xhr.onload = () => done({ status: xhr.status, body: parse(xhr.responseText) });
    xhr.onerror = () => done({ status: 0, body: {} });
    stillMoving();
    xhr.send(options.body ?? null);
  });
}

function parse(text: string): Reply['body'] {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Reply['body']) : {};
  } catch {
    return {};
  }
}

export interface UploadJob {
  server: string;
  sha256: string;
  mediaType: string;
  blob: Blob;
  cut: AbortSignal;
  lang: 'es' | 'en';
  onProgress: (fraction: number) => void;
}

const failed = (reply: Reply, lang: 'es' | 'en'): UploadResult => {
  const detail = lang === 'es' ? (reply.body.reason_es ?? reply.body.reason) : reply.body.reason;
  return { ok: false, problem: problemOf(reply.status), ...(detail ? { detail } : {}) };
};

/** Sends a file whole, or in pieces when it is large and the server takes pieces. */
export async function uploadFile(job: UploadJob): Promise<UploadResult> {
  if (job.blob.size > PIECES_ABOVE) {
    const inPieces = await uploadInPieces(job);
    // A server from before pieces (404): the file goes whole.
    if (inPieces !== 'no pieces') return inPieces;
  }
  const reply = await request('PUT', `${job.server}/api/files/${job.sha256}`, {
    body: job.blob,
    type: job.mediaType,
    cut: job.cut,
    onProgress: (loaded) => job.onProgress(loaded / job.blob.size),
  });
  return reply.status === 200 || reply.status === 201 ? { ok: true } : failed(reply, job.lang);
}

/**
 * Asks the server how much of the file it holds, then sends the rest a piece at a time; a cut
 * costs the piece on its way, and the next attempt goes on from what the server has.
 */
async function uploadInPieces(job: UploadJob): Promise<UploadResult | 'no pieces'> {
  const url = `${job.server}/api/files/${job.sha256}/chunks`;
  const asked = await request('GET', url, { cut: job.cut });
  if (asked.status === 404) return 'no pieces';
  if (asked.status !== 200) return failed(asked, job.lang);
  let offset = asked.body.received ?? 0;
  const size = job.blob.size;
  // Each piece moves the offset on; a server that kept sending it back would otherwise loop.
  for (let tries = 0; tries < 2 * Math.ceil(size / PIECE_BYTES) + 4; tries++) {
    const piece = job.blob.slice(offset, offset + PIECE_BYTES);
    const reply = await request('PUT', `${url}?offset=${offset}&size=${size}`, {
      body: piece,
      type: job.mediaType,
      cut: job.cut,
      onProgress: (loaded) => job.onProgress((offset + loaded) / size),
      ...(offset + piece.size >= size ? { answerMs: ANSWER_MS } : {}),
    });
    if (reply.status === 200 || reply.status === 201) return { ok: true };
    if ((reply.status === 202 || reply.status === 409) && typeof reply.body.received === 'number')
      offset = reply.body.received;
    else return failed(reply, job.lang);
    job.onProgress(offset / size);
  }
  return { ok: false, problem: 'server' };
}
