import { type FormEvent, useState } from 'react';
import { adminCall, type Organisation, type Person } from './api';
import { Confirm, Feedback } from './feedback';
import { useAction, useAdminRead } from './hooks';
import type { AdminMessages } from './messages';
import { HeaderRow, OrgOptions, Submit } from './parts';

const ROLES = ['reporter', 'committee', 'admin'];

interface PeopleView {
  people: Person[];
  invitations: { email: string; name: string; roles: string[]; expiresAt: string }[];
}

/** People: invite by e-mail (a one-time link), roles and organisation, new password, disable; last sign-in. */
export function PeopleSection({ t, date }: { t: AdminMessages; date: (iso: string) => string }) {
  const { data, reload } = useAdminRead<PeopleView>('people');
  const orgs = useAdminRead<{ organisations: Organisation[] }>('organisations').data?.organisations ?? [];
  const orgName = (roles: string[]) => {
    const id = roles.find((r) => r.startsWith('org:'));
    return id ? (orgs.find((o) => o._id === id)?.name ?? id) : '';
  };
  const role = (roles: string[]) => t.people.roles[roles.find((r) => ROLES.includes(r)) ?? ''] ?? '';
  return (
    <>
      <InviteForm t={t} orgs={orgs} date={date} onInvited={reload} />
      {data && data.invitations.length > 0 && (
        <>
          <h2>{t.people.pending}</h2>
          <ul>
            {data.invitations.map((i) => (
              <li key={i.name}>
                {i.name} ({i.email}) · {role(i.roles)} {orgName(i.roles)} · {t.people.expires} {date(i.expiresAt)}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t.people.listTitle}</h2>
      <table>
        <HeaderRow
          columns={[t.fields.name, t.fields.role, t.fields.org, t.people.lastSignIn].map(String)}
          actions={t.fields.password ?? ''}
        />
        <tbody>
          {(data?.people ?? []).map((p) => (
            <tr key={p.name}>
              <td>{p.name}</td>
              <td>{p.disabled ? t.people.disabled : role(p.roles)}</td>
              <td>{orgName(p.roles)}</td>
              <td>{p.lastSignIn ? date(p.lastSignIn) : t.people.never}</td>
              <td>{!p.disabled && <PersonActions person={p} orgs={orgs} t={t} onChanged={reload} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function OrgSelect({ t, orgs, value }: { t: AdminMessages; orgs: Organisation[]; value?: string }) {
  return (
    <label>
      {t.fields.org}
      <select name="org" defaultValue={value ?? ''}>
        <option value="">{t.people.noOrg}</option>
        <OrgOptions orgs={orgs} />
      </select>
    </label>
  );
}

function RoleSelect({ t, value }: { t: AdminMessages; value?: string }) {
  return (
    <label>
      {t.fields.role}
      <select name="role" defaultValue={value ?? 'reporter'}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t.people.roles[r]}
          </option>
        ))}
      </select>
    </label>
  );
}

function InviteForm({
  t,
  orgs,
  date,
  onInvited,
}: {
  t: AdminMessages;
  orgs: Organisation[];
  date: (iso: string) => string;
  onInvited: () => void;
}) {
  const [outcome, act] = useAction();
  const [link, setLink] = useState<{ link?: string; expiresAt: string }>();
  const [copied, setCopied] = useState(false);
  const invite = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    void act(async () => {
      setLink(undefined);
      setCopied(false);
      const email = String(form.get('email'));
      const made = await adminCall<{ link?: string; expiresAt: string; mailed: boolean }>('POST', 'invitations', {
        email,
        name: String(form.get('name')),
        role: String(form.get('role')),
        org: String(form.get('org') ?? ''),
      });
      formElement.reset();
      onInvited();
      if (made.mailed) return t.people.mailed(email, date(made.expiresAt));
      setLink(made);
      return undefined;
    });
  };
  return (
    <section aria-labelledby="invite-title" className="panel">
      <h2 id="invite-title">{t.people.inviteTitle}</h2>
      <form className="form" onSubmit={invite}>
        <label>
          {t.fields.email}
          <input name="email" type="email" required autoComplete="off" />
        </label>
        <label>
          {t.user}
          <input name="name" required pattern="[a-z0-9][a-z0-9._@\-]{1,59}" autoComplete="off" />
        </label>
        <RoleSelect t={t} />
        <OrgSelect t={t} orgs={orgs} />
        <Submit label={t.people.invite} />
      </form>
      <Feedback outcome={outcome} t={t} />
      {link?.link !== undefined && (
        <div className="link" role="status">
          <p>{t.people.linkHelp(date(link.expiresAt))}</p>
          <label>
            {t.people.linkTitle}
            <input readOnly value={link.link} onFocus={(e) => e.target.select()} />
          </label>{' '}
          <button
            type="button"
            onClick={() =>
              void navigator.clipboard?.writeText(link.link ?? '').then(
                () => setCopied(true),
                () => undefined,
              )
            }
          >
            {t.people.copy}
          </button>
          {copied && <span> {t.people.copied}</span>}
        </div>
      )}
    </section>
  );
}

type PersonChange = 'role' | 'password' | 'disable';

/** One account's buttons: a new role or organisation, a new password, disabling it (asked first). */
function PersonActions({
  person,
  orgs,
  t,
  onChanged,
}: {
  person: Person;
  orgs: Organisation[];
  t: AdminMessages;
  onChanged: () => void;
}) {
  const [open, setOpen] = useState<PersonChange>();
  const [outcome, act] = useAction();
  const address = `people/${encodeURIComponent(person.name)}`;
  const done = () => {
    setOpen(undefined);
    onChanged();
  };
  const button = (change: PersonChange, label: string, short: string) => (
    <button type="button" aria-label={label} onClick={() => setOpen(change)}>
      {short}
    </button>
  );
  return (
    <div className="person-actions">
      {button('role', t.people.changeRole(person.name), t.people.changeRoleShort)}
      {button('password', t.people.reset(person.name), t.people.resetShort)}
      {button('disable', t.people.disable(person.name), t.people.disableShort)}
      {(open === 'role' || open === 'password') && (
        <PersonForm
          change={open}
          person={person}
          orgs={orgs}
          t={t}
          onCancel={() => setOpen(undefined)}
          onSubmit={(body) =>
            void act(async () => {
              if (open === 'role') await adminCall('PUT', address, body);
              else await adminCall('POST', `${address}/password`, body);
              done();
              return t.saved;
            })
          }
        />
      )}
      {open === 'disable' && (
        <Confirm
          question={t.people.confirmDisable(person.name)}
          yes={t.people.disable(person.name)}
          t={t}
          onNo={() => setOpen(undefined)}
          onYes={() =>
            void act(async () => {
              await adminCall('POST', `${address}/disable`, {});
              done();
              return undefined;
            })
          }
        />
      )}
      <Feedback outcome={outcome} t={t} />
    </div>
  );
}

/** The form of a new role and organisation, or of a new password. */
function PersonForm({
  change,
  person,
  orgs,
  t,
  onCancel,
  onSubmit,
}: {
  change: 'role' | 'password';
  person: Person;
  orgs: Organisation[];
  t: AdminMessages;
  onCancel: () => void;
  onSubmit: (body: Record<string, string>) => void;
}) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    onSubmit(Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)])));
  };
  return (
    <form className="form" onSubmit={submit}>
      {change === 'role' ? (
        <>
          <RoleSelect t={t} value={person.roles.find((r) => ROLES.includes(r))} />
          <OrgSelect t={t} orgs={orgs} value={person.roles.find((r) => r.startsWith('org:'))} />
        </>
      ) : (
        <label>
          {t.people.newPassword}
          <input name="password" type="password" minLength={8} required autoComplete="new-password" />
        </label>
      )}
      <div className="wide">
        <button type="submit">{t.save}</button>{' '}
        <button type="button" onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
