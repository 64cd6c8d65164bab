import { useSyncExternalStore } from 'react';
import type { ClassRecord, ModelVersionRecord } from '../db/records';
import type { ReviewStore } from './reviewStore';

const percent = (value: number) => `${Math.round(value * 100)}%`;

/** Above the canvas while the open image has proposals: the focused one, the review keys and the per-class thresholds. */
export function ReviewBar({ store, versions, classes }: { store: ReviewStore; versions: readonly ModelVersionRecord[]; classes: readonly ClassRecord[] }) {
  const { review, thresholds, message } = useSyncExternalStore(store.subscribe, store.getSnapshot);
  if (!review) return null;
  const versionName = versions.find((v) => v.id === review.modelVersionId)?.name ?? 'a deleted version';
  const classOf = (classId: number) => classes.find((c) => c.classId === classId);
  const proposedClasses = [...new Set(review.pending.map((i) => i.classId))].sort((a, b) => a - b);
  const { focused, shown, pending, hidden } = review;
  return (
    <div className="proposal-bar" role="region" aria-label="Proposals" data-testid="proposal-bar" data-pending={pending.length} data-shown={shown.length} data-hidden={hidden}>
      <div>
        {pending.length ? (
          <span data-testid="review-summary">
            {pending.length} of {pending.length + review.decided} {pending.length === 1 ? 'proposal' : 'proposals'} from {versionName} to review
            {hidden ? ` · ${hidden} hidden by the threshold` : ''} · not labels until accepted
          </span>
        ) : (
          <span data-testid="review-summary">{review.decided === 1 ? `The proposal from ${versionName} is reviewed` : `All ${review.decided} proposals from ${versionName} reviewed`}</span>
        )}
        {focused ? (
          <span data-testid="review-focused">
            {' '}
            · now: {classOf(focused.classId)?.name ?? `class ${focused.classId}`} {percent(focused.score)}
          </span>
        ) : null}
      </div>
      <div className="review-buttons">
        <button type="button" disabled={!focused} onClick={() => store.accept()} title="Accept the highlighted proposal as a label (A)">
          Accept (A)
        </button>{' '}
        <button type="button" disabled={!focused} onClick={() => store.reject()} title="Reject the highlighted proposal (X)">
          Reject (X)
        </button>{' '}
        <button type="button" disabled={!focused} onClick={() => store.edit()} title="Accept the highlighted proposal and edit its shape (E)">
          Edit (E)
        </button>{' '}
        <button type="button" disabled={!shown.length} onClick={() => store.acceptAllShown()} title="Accept every proposal shown (Shift+A)">
          Accept all {shown.length} shown (Shift+A)
        </button>{' '}
        <button type="button" disabled={!shown.length} onClick={() => store.rejectAllShown()}>
          Reject all shown
        </button>{' '}
        <button type="button" onClick={() => void store.nextImage()} title="Next image to review (Enter or N)">
          Next image (N)
        </button>
      </div>
      {proposedClasses.length ? (
        <div className="review-thresholds">
          {proposedClasses.map((classId) => {
            const name = classOf(classId)?.name ?? `class ${classId}`;
            const value = thresholds[classId] ?? 0;
            const hiddenHere = review.hiddenByClass.get(classId) ?? 0;
            return (
              <label key={classId}>
                {name} ≥ {percent(value)}{' '}
                <input type="range" min={0} max={100} step={1} value={Math.round(value * 100)} aria-label={`Threshold ${name}`} onChange={(e) => store.setThreshold(classId, Number(e.target.value) / 100)} />{' '}
                <span data-testid="threshold-hidden">{hiddenHere ? `${hiddenHere} hidden` : ''}</span>
              </label>
            );
          })}
        </div>
      ) : null}
      {message ? (
        <p className="muted" role="status" data-testid="review-message">
          {message}
        </p>
      ) : null}
    </div>
  );
}
