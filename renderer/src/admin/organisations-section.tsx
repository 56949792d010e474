import { type FormEvent, useState } from 'react';
import { adminCall, type Organisation } from './api';
import { Feedback } from './feedback';
import { useAction, useAdminRead } from './hooks';
import type { AdminMessages } from './messages';
import { HeaderRow, OrgOptions } from './parts';

const KINDS = ['government', 'cso', 'autonomous', 'other'];
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** Organisations: search, edit, and merge two into one with what the merge changes shown first. */
export function OrganisationsSection({ t }: { t: AdminMessages }) {
  const { data, reload } = useAdminRead<{ organisations: Organisation[] }>('organisations');
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<Organisation>();
  const all = data?.organisations ?? [];
  const shown = all.filter((o) => fold(`${o.name} ${o.acronym ?? ''} ${o._id}`).includes(fold(query)));
  return (
    <>
      <label className="search">
        {t.orgs.search}
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      <p aria-live="polite">{t.orgs.count(shown.length, all.length)}</p>
      {editing && (
        <OrganisationForm
          key={editing._id}
          org={editing}
          t={t}
          onDone={() => {
            setEditing(undefined);
            reload();
          }}
        />
      )}
      <table>
        <HeaderRow
          columns={[t.fields.name, t.fields.acronym, t.fields.kind, t.fields.id].map(String)}
          actions={t.orgs.edit('').trim()}
        />
        <tbody>
          {shown.slice(0, 200).map((o) => (
            <tr key={o._id}>
              <td>{o.name}</td>
              <td>{o.acronym}</td>
              <td>{t.orgs.kinds[o.kind] ?? o.kind}</td>
              <td>
                <code>{o._id.slice(4)}</code>
              </td>
              <td>
                <button type="button" onClick={() => setEditing(o)} aria-label={t.orgs.edit(o.name)}>
                  {t.orgs.edit('').trim()}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <MergeForm organisations={all} t={t} onMerged={reload} />
    </>
  );
}

function OrganisationForm({ org, t, onDone }: { org: Organisation; t: AdminMessages; onDone: () => void }) {
  const [outcome, act] = useAction();
  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void act(async () => {
      await adminCall('PUT', `organisations/${encodeURIComponent(org._id.slice(4))}`, {
        name: String(form.get('name')),
        kind: String(form.get('kind')),
        acronym: String(form.get('acronym') ?? ''),
        url: String(form.get('url') ?? ''),
      });
      onDone();
      return undefined;
    });
  };
  return (
    <section aria-labelledby="edit-org" className="panel">
      <h2 id="edit-org">{t.orgs.editTitle(org.name)}</h2>
      <form className="form" onSubmit={save}>
        <label>
          {t.fields.name}
          <input name="name" defaultValue={org.name} required />
        </label>
        <label>
          {t.fields.acronym}
          <input name="acronym" defaultValue={org.acronym ?? ''} />
        </label>
        <label>
          {t.fields.kind}
          <select name="kind" defaultValue={org.kind}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t.orgs.kinds[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.fields.url}
          <input name="url" type="url" defaultValue={org.url ?? ''} />
        </label>
        <div className="wide">
          <button type="submit">{t.save}</button>{' '}
          <button type="button" onClick={onDone}>
            {t.cancel}
          </button>
        </div>
      </form>
      <Feedback outcome={outcome} t={t} />
    </section>
  );
}

interface MergePlan {
  documents: { id: string; type: string; title: string; fields: string[] }[];
  accounts: string[];
}

function MergeForm({
  organisations,
  t,
  onMerged,
}: {
  organisations: Organisation[];
  t: AdminMessages;
  onMerged: () => void;
}) {
  const [pair, setPair] = useState({ from: '', into: '' });
  const [plan, setPlan] = useState<MergePlan>();
  const [outcome, act] = useAction();
  const choose = (which: 'from' | 'into', value: string) => {
    setPair((p) => ({ ...p, [which]: value }));
    setPlan(undefined);
  };
  const body = { from: pair.from.slice(4), into: pair.into.slice(4) };
  const preview = () =>
    void act(async () => {
      setPlan(await adminCall<MergePlan>('POST', 'organisations/merge-preview', body));
      return undefined;
    });
  const merge = () =>
    void act(async () => {
      await adminCall('POST', 'organisations/merge', body);
      setPlan(undefined);
      setPair({ from: '', into: '' });
      onMerged();
      return t.orgs.merged;
    });
  const select = (which: 'from' | 'into') => (
    <label>
      {t.fields[which]}
      <select value={pair[which]} onChange={(e) => choose(which, e.target.value)}>
        <option value="">{t.orgs.choose}</option>
        <OrgOptions orgs={organisations} />
      </select>
    </label>
  );
  return (
    <section aria-labelledby="merge-title" className="panel">
      <h2 id="merge-title">{t.orgs.mergeTitle}</h2>
      <p>{t.orgs.mergeHelp}</p>
      <div className="form">
        {select('from')}
        {select('into')}
        <div className="wide">
          <button type="button" onClick={preview} disabled={!pair.from || !pair.into}>
            {t.orgs.showMerge}
          </button>
        </div>
      </div>
      {plan && (
        <div className="preview">
          <p>{t.orgs.mergeChanges(plan.documents.length, plan.accounts.length)}</p>
          <ul>
            {plan.documents.slice(0, 50).map((d) => (
              <li key={d.id}>
                {t.plans.types[d.type] ?? d.type}: {d.title || d.id} (
                {d.fields.map((f) => t.orgs.roleIn[f] ?? f).join(', ')})
              </li>
            ))}
            {plan.accounts.map((a) => (
              <li key={a}>
                {t.sections.people}: {a}
              </li>
            ))}
          </ul>
          <button type="button" className="danger" onClick={merge}>
            {t.orgs.merge}
          </button>
        </div>
      )}
      <Feedback outcome={outcome} t={t} />
    </section>
  );
}
