/** A refusal of the admin API: the field it is about, and each problem of a sheet by row and column. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    reason: string,
    readonly field?: string,
    readonly problems: string[] = [],
    /** A sheet's headers no column was read from, for the page to offer a mapping. */
    readonly unreadHeaders: string[] = [],
  ) {
    super(reason);
  }
}

/** A call to /admin/api/: JSON both ways, the session cookie, and the site's own Origin (the browser sends it). */
export async function adminCall<T>(method: string, address: string, body?: unknown): Promise<T> {
  let reply: Response;
  try {
    reply = await fetch(`/admin/api/${address}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new AdminApiError(0, 'unreachable', 'unreachable');
  }
  const answer = (await reply.json().catch(() => ({}))) as Record<string, unknown>;
  if (!reply.ok)
    throw new AdminApiError(
      reply.status,
      String(answer.error ?? 'error'),
      String(answer.reason ?? reply.statusText),
      typeof answer.field === 'string' ? answer.field : undefined,
      Array.isArray(answer.problems) ? (answer.problems as string[]) : [],
      Array.isArray(answer.unreadHeaders) ? (answer.unreadHeaders as string[]) : [],
    );
  return answer as T;
}

/** A file as the API takes it: its name and its bytes in base64. */
export async function fileBody(file: File): Promise<{ name: string; base64: string }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { name: file.name, base64: btoa(binary) };
}

export interface Organisation {
  _id: string;
  name: string;
  kind: string;
  acronym?: string;
  url?: string;
}

export interface PlanDoc {
  _id: string;
  title: string;
  country: string;
  startDate: string;
  endDate: string;
  closed?: boolean;
  reviewRequired?: boolean;
  committeeOrgIds: string[];
  questionModeration?: 'before' | 'after';
}

export interface Person {
  name: string;
  roles: string[];
  disabled: boolean;
  lastSignIn: string | null;
}
