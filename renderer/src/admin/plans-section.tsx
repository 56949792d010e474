import { type FormEvent, useState } from 'react';
import { adminCall, type PlanDoc } from './api';
import { Confirm, Feedback } from './feedback';
import { useAction, useAdminRead } from './hooks';
import type { AdminMessages } from './messages';
import { Submit } from './parts';
import { PlanImport } from './plan-import';

/** Plans: import from a sheet, the list with close, committee and review, export, and a new plan. */
export function PlansSection({ t }: { t: AdminMessages }) {
  const { data, reload } = useAdminRead<{ plans: PlanDoc[] }>('plans');
  return (
    <>
      <PlanImport t={t} onImported={reload} />
      <h2>{t.plans.listTitle}</h2>
      {data && data.plans.length === 0 && <p>{t.plans.none}</p>}
      {data?.plans.map((plan) => (
        <PlanCard key={plan._id} plan={plan} t={t} onChanged={reload} />
      ))}
      <NewPlan t={t} onCreated={reload} />
    </>
  );
}

function PlanCard({ plan, t, onChanged }: { plan: PlanDoc; t: AdminMessages; onChanged: () => void }) {
  const [asking, setAsking] = useState(false);
  const [outcome, act] = useAction();
  const slug = encodeURIComponent(plan._id.slice(5));
  return (
    <article className="panel" aria-labelledby={`plan-${slug}`}>
      <h3 id={`plan-${slug}`}>
        {plan.title} <span className="badge">{plan.closed ? t.plans.closed : t.plans.open}</span>
      </h3>
      <p>
        {plan.country} · {plan.startDate} – {plan.endDate} · <code>{plan._id.slice(5)}</code> ·{' '}
        <a href="/">{t.plans.publicLink}</a>
      </p>
      <p className="actions">
        <a href={`/admin/api/plans/${slug}/export?format=json`} download>
          {t.plans.exportJson}
        </a>{' '}
        <a href={`/admin/api/plans/${slug}/export?format=csv`} download>
          {t.plans.exportCsv}
        </a>{' '}
        {!plan.closed && !asking && (
          <button type="button" onClick={() => setAsking(true)}>
            {t.plans.close}
          </button>
        )}
      </p>
      {asking && (
        <Confirm
          question={t.plans.confirmClose(plan.title)}
          yes={t.plans.confirmCloseYes}
          t={t}
          onNo={() => setAsking(false)}
          onYes={() =>
            void act(async () => {
              setAsking(false);
              await adminCall('POST', `plans/${slug}/close`, {});
              onChanged();
              return undefined;
            })
          }
        />
      )}
      <PlanDetails plan={plan} t={t} onChanged={onChanged} />
      <ReviewSettings plan={plan} t={t} onChanged={onChanged} />
      <Feedback outcome={outcome} t={t} />
    </article>
  );
}

/** The plan's committee, whether its reports wait for the committee's review, and when its questions are public. */
function ReviewSettings({ plan, t, onChanged }: { plan: PlanDoc; t: AdminMessages; onChanged: () => void }) {
  const [outcome, act] = useAction();
  const slug = encodeURIComponent(plan._id.slice(5));
  const saveReview = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void act(async () => {
      await adminCall('PUT', `plans/${slug}/review`, {
        committeeOrgIds: String(form.get('committee') ?? '')
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean)
          .map((o) => (o.startsWith('org:') ? o : `org:${o}`)),
        reviewRequired: form.get('review') === 'on',
        questionModeration: form.get('moderation') === 'after' ? 'after' : 'before',
      });
      onChanged();
      return t.saved;
    });
  };
  return (
    <details>
      <summary>{t.plans.reviewTitle}</summary>
      <form className="form" onSubmit={saveReview}>
        <label className="wide">
          {t.fields.committeeOrgIds}
          <input
            name="committee"
            defaultValue={plan.committeeOrgIds.map((o) => o.slice(4)).join(', ')}
            aria-describedby={`committee-help-${slug}`}
          />
          <span id={`committee-help-${slug}`} className="help">
            {t.plans.committeeHelp}
          </span>
        </label>
        <label className="check wide">
          <input name="review" type="checkbox" defaultChecked={plan.reviewRequired} /> {t.plans.reviewRequired}
        </label>
        <fieldset className="wide">
          <legend>{t.plans.questionsLegend}</legend>
          {(['before', 'after'] as const).map((moderation) => (
            <label className="check" key={moderation}>
              <input
                name="moderation"
                type="radio"
                value={moderation}
                defaultChecked={(plan.questionModeration ?? 'before') === moderation}
              />{' '}
              {moderation === 'after' ? t.plans.moderationAfter : t.plans.moderationBefore}
            </label>
          ))}
        </fieldset>
        <Submit label={t.save} />
      </form>
      <Feedback outcome={outcome} t={t} />
    </details>
  );
}

/** A plan's title and dates; the server records a change to a published plan as its next public revision. */
function PlanDetails({ plan, t, onChanged }: { plan: PlanDoc; t: AdminMessages; onChanged: () => void }) {
  const [outcome, act] = useAction();
  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '');
    void act(async () => {
      const { revisions } = await adminCall<{ revisions: { revision: number }[] }>(
        'PUT',
        `plans/${encodeURIComponent(plan._id.slice(5))}`,
        { title: text('title'), country: text('country'), startDate: text('startDate'), endDate: text('endDate') },
      );
      onChanged();
      const revision = revisions[0]?.revision;
      return revision ? t.plans.revised(revision) : t.saved;
    });
  };
  return (
    <details>
      <summary>{t.plans.detailsTitle}</summary>
      <p className="help">{t.plans.detailsHelp}</p>
      <form className="form" onSubmit={save}>
        <label className="wide">
          {t.fields.title}
          <input name="title" defaultValue={plan.title} required />
        </label>
        <label>
          {t.fields.country}
          <input name="country" defaultValue={plan.country} required />
        </label>
        <label>
          {t.fields.startDate}
          <input name="startDate" type="date" defaultValue={plan.startDate} required />
        </label>
        <label>
          {t.fields.endDate}
          <input name="endDate" type="date" defaultValue={plan.endDate} required />
        </label>
        <Submit label={t.save} />
      </form>
      <Feedback outcome={outcome} t={t} />
    </details>
  );
}

function NewPlan({ t, onCreated }: { t: AdminMessages; onCreated: () => void }) {
  const [outcome, act] = useAction();
  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '');
    void act(async () => {
      await adminCall('POST', 'plans', {
        id: text('id'),
        title: text('title'),
        country: text('country'),
        startDate: text('startDate'),
        endDate: text('endDate'),
      });
      formElement.reset();
      onCreated();
      return t.saved;
    });
  };
  return (
    <details className="panel">
      <summary>{t.plans.newTitle}</summary>
      <form className="form" onSubmit={create}>
        <label>
          {t.plans.planId}
          <input name="id" required />
        </label>
        <label>
          {t.fields.country}
          <input name="country" required />
        </label>
        <label className="wide">
          {t.fields.title}
          <input name="title" required />
        </label>
        <label>
          {t.fields.startDate}
          <input name="startDate" type="date" required />
        </label>
        <label>
          {t.fields.endDate}
          <input name="endDate" type="date" required />
        </label>
        <Submit label={t.plans.create} />
      </form>
      <Feedback outcome={outcome} t={t} />
    </details>
  );
}
