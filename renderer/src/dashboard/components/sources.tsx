import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/i18n';
import type { CommitmentResponse, Evidence, Organizations } from '../api';
import { orgShortName } from './bits';
import { reportAnchor } from './delay';
import { EvidenceList } from './evidence';

/*
 * One click from a public figure to its sources: a commitment's percent opens how it is computed
 * (its key actions, their weights, each one's latest counting report, who reported and who
 * validated it, when, with its evidence). Other pages link here with `#sources`.
 */

/** The section's id: the address other pages link to is `/commitments/{id}#sources`. */
export const SOURCES_ID = 'sources';

type Report = CommitmentResponse['reports'][number];
type KeyAction = CommitmentResponse['keyActions'][number];

/**
 * The report a key action's progress is read from, as the publisher reads it: published, not
 * corrected by a later one, the newest by date.
 */
function latestCounting(reports: readonly Report[], keyActionId: string): Report | undefined {
  return reports
    .filter((r) => r.keyActionId === keyActionId && r.status === 'published' && !r.correctedBy)
    .sort((a, b) => b.date.localeCompare(a.date) || b.id.localeCompare(a.id))[0];
}

/** The button beside the figure: it opens and closes the section below, which it names. */
export function SourcesToggle({ percent, open, onToggle }: { percent: number; open: boolean; onToggle: () => void }) {
  const { t } = useI18n();
  return (
    <button
      type="button"
      className="sources-toggle"
      aria-expanded={open}
      aria-controls={SOURCES_ID}
      onClick={onToggle}
      data-testid="sources-toggle"
    >
      {t.howComputed(t.percent(percent))}
    </button>
  );
}

export function ProgressSources({
  data,
  open,
  written,
}: {
  data: CommitmentResponse;
  open: boolean;
  /** The plan's own language, which key actions and reports are written in. */
  written: string;
}) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  // Arriving from a link to `#sources`, the reader lands on the section, not at the top.
  useEffect(() => {
    if (open && window.location.hash === `#${SOURCES_ID}`) {
      heading.current?.scrollIntoView({ block: 'start' });
      heading.current?.focus({ preventScroll: true });
    }
  }, [open]);
  const { commitment: c, keyActions, reports, evidence, organizations } = data;
  const evidenceById = new Map(evidence.map((e) => [e.id, e]));
  const total = keyActions.reduce((sum, k) => sum + k.weight, 0);
  // With no weights at all the publisher takes the plain mean: each key action weighs 1.
  const weightOf = (k: KeyAction) => (total === 0 ? 1 : k.weight);
  const sum = total === 0 ? keyActions.length : total;
  const terms = keyActions.map((k) => `${t.percent(k.progress)} × ${weightOf(k)}`).join(' + ');
  return (
    <section id={SOURCES_ID} className="sources" aria-labelledby="sources-title" hidden={!open}>
      <h2 id="sources-title" ref={heading} tabIndex={-1}>
        {t.howComputed(t.percent(c.progress))}
      </h2>
      <p>{t.sourcesRule(keyActions.length)}</p>
      {keyActions.length > 0 && (
        <p className="sources-sum" data-testid="sources-sum">
          {t.sourcesSum(terms, String(sum), t.percent(c.progress))}
        </p>
      )}
      <ol className="sources-list">
        {keyActions.map((k) => (
          <SourceRow
            key={k.id}
            keyAction={k}
            share={t.percent(Math.round((weightOf(k) / sum) * 1000) / 10)}
            weight={weightOf(k)}
            report={latestCounting(reports, k.id)}
            organizations={organizations}
            evidenceById={evidenceById}
            written={written}
          />
        ))}
      </ol>
    </section>
  );
}

function SourceRow({
  keyAction: k,
  share,
  weight,
  report,
  organizations,
  evidenceById,
  written,
}: {
  keyAction: KeyAction;
  share: string;
  weight: number;
  report: Report | undefined;
  organizations: Organizations;
  evidenceById: Map<string, Evidence>;
  written: string;
}) {
  const { t, date } = useI18n();
  const org = (id: string) => orgShortName(organizations, id);
  return (
    <li className="source" data-testid="source">
      <h3 lang={written}>
        {k.number}. {k.title}
      </h3>
      <dl className="source-facts">
        <dt>{t.weight}</dt>
        <dd>{t.weightShare(weight, share)}</dd>
        <dt>{t.progress}</dt>
        <dd>{t.percent(k.progress)}</dd>
        <dt>{t.latestReport}</dt>
        <dd>
          {report ? (
            <>
              {date(report.date)}: {t.percent(report.percent ?? 0)}{' '}
              <a href={`#${reportAnchor(report.id)}`}>{t.openReport}</a>
            </>
          ) : (
            t.noCountingReport
          )}
        </dd>
        {report && (
          <>
            <dt>{t.reportedBy}</dt>
            <dd data-testid="source-reporter">{org(report.orgId)}</dd>
            <dt>{t.validatedBy}</dt>
            <dd data-testid="source-validator">
              {report.reviewedAt
                ? t.validatedOn(
                    report.reviewedByOrgId ? org(report.reviewedByOrgId) : t.validatedByCommittee,
                    date(report.reviewedAt),
                  )
                : t.notValidated}
            </dd>
            <dt>{t.evidence}</dt>
            <dd>
              {report.evidenceIds.some((id) => evidenceById.has(id)) ? (
                <EvidenceList ids={report.evidenceIds} byId={evidenceById} />
              ) : (
                <span className="muted">{t.noEvidence}</span>
              )}
            </dd>
          </>
        )}
      </dl>
    </li>
  );
}
