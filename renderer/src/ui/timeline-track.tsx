import { expectedProgress } from '../../../shared/src/schedule';

/**
 * A key action on its commitment's timeline: the planned span, filled to its progress, and
 * today's mark when today is inside the timeline. Positions use the same straight line the
 * schedule state is measured against. Decorative: the row's text says the same in words.
 */
export function TimelineTrack({
  span,
  planned,
  progress,
  state,
  today,
}: {
  span: { start: string; end: string };
  planned: { startDate: string; endDate: string };
  progress: number;
  state: string;
  today?: { date: string; label: string };
}) {
  const at = (d: string) => expectedProgress(span.start, span.end, d);
  return (
    <div className="timeline-track" aria-hidden="true">
      <span
        className="timeline-planned"
        style={{
          left: `${at(planned.startDate)}%`,
          width: `${Math.max(at(planned.endDate) - at(planned.startDate), 1)}%`,
        }}
      >
        <span className={`timeline-done state-bg-${state}`} style={{ width: `${progress}%` }} />
      </span>
      {today && today.date >= span.start && today.date <= span.end && (
        <span className="timeline-today" style={{ left: `${at(today.date)}%` }} title={today.label} />
      )}
    </div>
  );
}
