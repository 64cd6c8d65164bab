import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ModelVersionRecord } from '../db/records';
import type { HelpingStore } from './helpingStore';
import type { ReviewStore } from './reviewStore';

const seconds = (value: number | null) => (value === null ? '–' : `${Math.round(value)} s`);
const mean = (values: readonly number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

/** "Is it helping?": per model version, what became of its proposals and the time per image, against labeling without them. */
export function HelpingPanel({ store, review, projectId, versions }: { store: HelpingStore; review: ReviewStore; projectId: string | null; versions: readonly ModelVersionRecord[] }) {
  const { report } = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    void store.refresh(projectId);
    return review.subscribe(() => void store.refresh(projectId));
  }, [open, store, review, projectId]);
  const name = (id: string) => versions.find((v) => v.id === id)?.name ?? 'deleted version';
  return (
    <details className="panel-section helping-panel" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)} data-testid="helping-panel">
      <summary>Is it helping?</summary>
      {report ? (
        <>
          {/* Fixed layout: six columns fit the side panel. */}
          <table className="helping-table" style={{ width: '100%', tableLayout: 'fixed', fontSize: 11 }}>
            <thead>
              <tr>
                <th style={{ width: '28%', textAlign: 'left' }}>version</th>
                <th title="accepted unchanged">kept</th>
                <th title="accepted, then edited (mean IoU of the proposal with the final shape)">edited</th>
                <th title="rejected, or accepted and deleted later">rejected</th>
                <th title="shapes drawn by hand on the images it pre-labeled">added</th>
                <th title="active labeling time per image with its proposals">time</th>
              </tr>
            </thead>
            <tbody>
              {report.versions.map((v) => {
                const iou = mean(v.editedIoUs);
                return (
                  <tr key={v.modelVersionId} data-testid="helping-row">
                    <td style={{ textAlign: 'left', overflowWrap: 'anywhere' }}>{name(v.modelVersionId)}</td>
                    <td>{v.acceptedUnchanged}</td>
                    <td>
                      {v.edited}
                      {iou === null ? '' : ` (IoU ${iou.toFixed(2)})`}
                    </td>
                    <td>{v.rejected}</td>
                    <td>{v.humanAdded}</td>
                    <td title={`${v.timedImages} images`}>{seconds(v.meanSeconds)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="muted" data-testid="helping-unassisted">
            Without proposals: {seconds(report.unassisted.meanSeconds)} per image over {report.unassisted.timedImages} {report.unassisted.timedImages === 1 ? 'image' : 'images'} (active time: pauses over 15 s do not count)
          </p>
        </>
      ) : (
        <p className="muted">Loading…</p>
      )}
    </details>
  );
}
