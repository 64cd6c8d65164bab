import { useEffect, useSyncExternalStore } from 'react';
import type { ImageRecord } from '../db/records';
import type { ReviewStore } from './reviewStore';

/** Rows shown at once: the queue itself can hold every image of a large project. */
const ROWS_SHOWN = 200;

/** The review queue: images with proposals, least confident first with a random share, each with why it is there. */
export function ReviewPanel({ store, projectId, images, openImageId }: { store: ReviewStore; projectId: string | null; images: readonly ImageRecord[]; openImageId: string | null }) {
  const { queue } = useSyncExternalStore(store.subscribe, store.getSnapshot);
  useEffect(() => void store.showProject(projectId), [store, projectId]);
  if (!queue.length) return null;
  const names = new Map(images.map((image) => [image.id, image.name]));
  const left = queue.filter((q) => q.pending > 0).length;
  return (
    <section className="panel-section review-panel" aria-label="Review">
      <h3>Review</h3>
      <p className="muted">
        {left} of {queue.length} {queue.length === 1 ? 'image' : 'images'} to review · least confident first, 1 in 5 random
      </p>
      <ol className="review-queue">
        {queue.slice(0, ROWS_SHOWN).map((item) => (
          <li key={item.imageId}>
            <button
              type="button"
              className={`review-row ${item.imageId === openImageId ? 'current' : ''} ${item.pending ? '' : 'done'}`}
              data-testid="review-row"
              data-image-id={item.imageId}
              data-pending={item.pending}
              data-random={item.random}
              onClick={() => void store.openQueued(item.imageId)}
            >
              <span className="review-name">{names.get(item.imageId) ?? item.imageId}</span>{' '}
              <span className="review-count">{item.pending ? `${item.pending} / ${item.total}` : '✓ reviewed'}</span>
              <span className="review-reason">{item.reason}</span>
            </button>
          </li>
        ))}
      </ol>
      {queue.length > ROWS_SHOWN ? <p className="muted">… and {queue.length - ROWS_SHOWN} more (Enter / N goes through them all)</p> : null}
    </section>
  );
}
