import express, { type Router } from 'express';
import type { Role } from '../../../shared/src/index.js';
import { recordAudit } from '../admin/audit.js';
import { invitationMail } from '../admin/invitation-mail.js';
import { acceptInvitation, createInvitation, invitationFor, pendingInvitations } from '../admin/invitations.js';
import { lastSignIns } from '../admin/sign-ins.js';
import { AdminInputError, disableUser, listUsers, rolesFor, setPassword, setRoles } from '../admin/users.js';
import { useDb } from '../couch/client.js';
import { isAccountName } from '../couch/store-ids.js';
import { enqueueMail } from '../mail/queue.js';
import { bodyOf, text } from './body.js';
import { type AdminContext, audit } from './context.js';
import { adminOf } from './door.js';

function nameParam(value: string | string[] | undefined): string {
  if (!isAccountName(value)) throw new AdminInputError('is not an account name', 'name');
  return value;
}

/** The link an invitation's person opens; the token is in the fragment, which no server or log sees. */
const invitationLink = (base: string, token: string) => `${base}/admin/invitation#${token}`;

/** People: who has an account, with what role and organisation, and when they last signed in; invitations. */
export function peopleRoutes(ctx: AdminContext): Router {
  const router = express.Router();
  const { couch, names } = ctx;
  router.get('/people', async (_req, res) => {
    const [users, signIns, invitations] = await Promise.all([
      listUsers(couch),
      lastSignIns(couch, names),
      pendingInvitations(couch, names),
    ]);
    const people = users
      .filter((u) => !u.name.startsWith('tablero-gateway'))
      .map((u) => ({ ...u, lastSignIn: signIns.get(u.name) ?? null }));
    res.json({ people, invitations });
  });
  router.post('/invitations', async (req, res) => {
    const body = bodyOf(req);
    const org = text(body, 'org', false);
    const input = {
      email: text(body, 'email') as string,
      name: text(body, 'name') as string,
      role: text(body, 'role') as Role,
      ...(org ? { org } : {}),
    };
    const { token, expiresAt, id } = await createInvitation(couch, names, input, adminOf(res).name);
    const site = await ctx.site();
    const link = invitationLink(site.publicUrl, token);
    if (ctx.mailConfigured) {
      const mail = { key: id, to: input.email, site: site.name ?? site.publicUrl, name: input.name, link, expiresAt };
      await enqueueMail(useDb(couch, names.personal), invitationMail(site.language ?? 'es', mail));
    }
    await audit(ctx, res, 'person.invite', input.name, { role: input.role, org, mailed: ctx.mailConfigured });
    // With no mail server the page shows the link, to copy and send; with one, the link goes only by mail.
    res.status(201).json({ expiresAt, mailed: ctx.mailConfigured, ...(ctx.mailConfigured ? {} : { link }) });
  });
  router.put('/people/:name', async (req, res) => {
    const name = nameParam(req.params.name);
    const body = bodyOf(req);
    const roles = await rolesFor(couch, names, text(body, 'role'), text(body, 'org', false));
    await setRoles(couch, name, roles);
    await audit(ctx, res, 'person.roles', name, { roles });
    res.json({ name, roles });
  });
  router.post('/people/:name/password', async (req, res) => {
    const name = nameParam(req.params.name);
    await setPassword(couch, name, text(bodyOf(req), 'password'));
    await audit(ctx, res, 'person.password', name);
    res.json({ name });
  });
  router.post('/people/:name/disable', async (req, res) => {
    const name = nameParam(req.params.name);
    bodyOf(req);
    await disableUser(couch, name);
    await audit(ctx, res, 'person.disable', name);
    res.json({ name, disabled: true });
  });
  return router;
}

/** The two addresses an invited person uses, before they have an account: what the link is for, and accepting it. */
export function invitationRoutes(ctx: AdminContext): Router {
  const router = express.Router();
  const { couch, names } = ctx;
  router.post('/invitation/check', async (req, res) => {
    res.json(await invitationFor(couch, names, text(bodyOf(req), 'token') as string));
  });
  router.post('/invitation/accept', async (req, res) => {
    const body = bodyOf(req);
    const name = await acceptInvitation(couch, names, text(body, 'token') as string, text(body, 'password') as string);
    await recordAudit(couch, names, { who: name, via: 'web', action: 'invitation.accept', target: name });
    res.json({ name });
  });
  return router;
}
