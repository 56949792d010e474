import type { Commitment, KeyAction, Plan } from '../../../../shared/src/types';
import type { Local } from '../local-docs';
import type { es } from '../messages';

/** A plan's or commitment's title in the app's language, where the plan has it in English. */
export function titleIn(t: typeof es, item: { title: string; titleEn?: string }): string {
  return t.lang === 'en' && item.titleEn ? item.titleEn : item.title;
}

/**
 * Where a screen sits in its plan, each level above it a link: a reporter deep in a key action
 * sees which commitment and plan it belongs to, and goes up to any of them in one step.
 */
export function Trail({
  t,
  plan,
  commitment,
  keyAction,
}: {
  t: typeof es;
  plan?: Local<Plan> | undefined;
  commitment?: Local<Commitment> | undefined;
  keyAction?: Local<KeyAction> | undefined;
}) {
  const steps = [
    plan && { href: `#/plan/${encodeURIComponent(plan.id)}`, label: titleIn(t, plan) },
    commitment && {
      href: `#/commitment/${encodeURIComponent(commitment.id)}`,
      label: `${commitment.number}. ${titleIn(t, commitment)}`,
    },
    keyAction && { href: `#/keyAction/${encodeURIComponent(keyAction.id)}`, label: keyAction.title },
  ].filter((step) => step !== undefined);
  if (steps.length === 0) return null;
  return (
    <nav aria-label={t.trail} className="trail">
      <ol>
        {steps.map((step) => (
          <li key={step.href}>
            <a href={step.href} title={step.label}>
              {step.label}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
