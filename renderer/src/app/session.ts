import { orgOfRoles } from '../../../shared/src/rules/read-rights';
/** Who is signed in, kept on the device so the app opens and works offline afterwards. */
export interface Identity {
  name: string;
  roles: string[];
  server: string;
}

const KEY = 'tablero.identity';

export function savedIdentity(): Identity | null {
  const raw = localStorage.getItem(KEY);
  return raw ? (JSON.parse(raw) as Identity) : null;
}

export function orgOf(identity: Identity): string | undefined {
  return orgOfRoles(identity.roles);
}

export type SignInResult =
  | { ok: true; identity: Identity }
  | { ok: false; reason: 'credentials' | 'unreachable' | 'noRole' };

export async function signIn(server: string, name: string, password: string): Promise<SignInResult> {
  let reply: Response;
  try {
    reply = await fetch(`${server}/db/_session`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password }),
    });
  } catch {
    return { ok: false, reason: 'unreachable' };
  }
  if (reply.status === 401) return { ok: false, reason: 'credentials' };
  if (!reply.ok) return { ok: false, reason: 'unreachable' };
  const body = (await reply.json()) as { name: string; roles: string[] };
  if (!body.roles.some((r) => ['reporter', 'committee', 'admin'].includes(r))) return { ok: false, reason: 'noRole' };
  const identity = { name: body.name, roles: body.roles, server };
  localStorage.setItem(KEY, JSON.stringify(identity));
  return { ok: true, identity };
}

export async function signOut(identity: Identity): Promise<void> {
  localStorage.removeItem(KEY);
  await fetch(`${identity.server}/db/_session`, { method: 'DELETE', credentials: 'include' }).catch(() => undefined);
}
