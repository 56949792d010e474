import type { PlanChange, PlanRevision } from '../../../../shared/src/plan-revision';
import type { OgpValue } from '../../../../shared/src/types';
import { useI18n } from '../../i18n/i18n';
import { revisionText } from '../../i18n/revision-messages';
import type { Organizations } from '../api';
import { orgShortName } from './bits';

const DATE_FIELDS = new Set(['startDate', 'endDate']);
const ORG_FIELDS = new Set(['responsibleOrgIds', 'coResponsibleOrgIds']);

/**
 * A plan's public history (shared/src/plan-revision.ts), newest revision first: on the plan's
 * overview all of it, on a commitment's page what concerns that commitment. Nothing when the plan
 * was never revised.
 */
export function PlanHistory({
  revisions,
  organizations,
  written,
  scope,
}: {
  revisions: readonly PlanRevision[] | undefined;
  organizations: Organizations;
  /** The plan's own language: titles and texts are shown as written. */
  written: string;
  scope: 'plan' | 'commitment';
}) {
  const { lang, date } = useI18n();
  const r = revisionText(lang);
  if (!revisions?.length) return null;
  return (
    <section aria-labelledby="plan-history-title" className="plan-history" data-testid="plan-history">
      <h2 id="plan-history-title">{scope === 'plan' ? r.title : r.commitmentTitle}</h2>
      <p className="muted">{r.intro}</p>
      <ol className="plain">
        {[...revisions].reverse().map((revision) => (
          <li key={revision.revision} data-testid="plan-revision">
            <h3>{r.revision(revision.revision, date(revision.at))}</h3>
            <p className="muted">{r.source(revision.source)}</p>
            <ul>
              {revision.changes.map((change, i) => (
                <li key={i}>
                  <ChangeLine change={change} organizations={organizations} written={written} />
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}

function ChangeLine({
  change,
  organizations,
  written,
}: {
  change: PlanChange;
  organizations: Organizations;
  written: string;
}) {
  const { lang, t, date } = useI18n();
  const r = revisionText(lang);
  const value = (text: string | undefined) => {
    if (text === undefined) return r.none;
    if (change.field && DATE_FIELDS.has(change.field)) return date(text);
    if (change.field && ORG_FIELDS.has(change.field))
      return text
        .split(', ')
        .map((id) => orgShortName(organizations, id))
        .join(', ');
    if (change.field === 'ogpValues')
      return text
        .split(', ')
        .map((v) => t.ogpValues[v as OgpValue] ?? v)
        .join(', ');
    return text;
  };
  // Titles and texts are the plan's words, in its language; dates, names and numbers are the page's.
  const theirs = !change.field || !(DATE_FIELDS.has(change.field) || ORG_FIELDS.has(change.field));
  const subject = (
    <>
      <strong>
        {r.what[change.docType]}
        {change.number ? ` ${change.number}` : ''}
      </strong>{' '}
      {change.title && <span lang={written}>{r.quoted(change.title)}</span>}
    </>
  );
  if (change.change !== 'changed')
    return (
      <>
        {subject}: {change.change === 'added' ? r.added : r.removed}
      </>
    );
  return (
    <>
      {subject}, {change.field ? r.fields[change.field] : ''}:{' '}
      <del lang={theirs ? written : undefined}>{value(change.before)}</del> →{' '}
      <ins lang={theirs ? written : undefined}>{value(change.after)}</ins>
    </>
  );
}
