import type { es } from '../messages';
import { useWaitingForReview } from '../queries/review-waiting';
import type { Workspace } from '../workspace';

/** The menu's way to the review screen, with how many reports wait there (the queue's own count). */
export function ReviewLink({ workspace, t }: { workspace: Workspace; t: typeof es }) {
  const waiting = useWaitingForReview(workspace)?.length ?? 0;
  return (
    <a href="#/review">
      {t.review}
      {waiting > 0 && (
        <>
          {' '}
          <span className="nav-count">{waiting}</span>
          <span className="visually-hidden"> {t.pendingReviews(waiting)}</span>
        </>
      )}
    </a>
  );
}
