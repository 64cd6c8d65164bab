import { useMemo, useRef, useState } from 'react';
import { IMAGE_STATUSES, type ImageStatus } from '../db/records';
import { useElementSize } from '../canvas/useElementSize';
import { countByStatus, filterImages } from '../workspace/imageFilter';
import { selectionClickOf } from '../workspace/imageSelection';
import type { WorkspaceSnapshot, WorkspaceStore } from '../workspace/workspaceStore';
import { thumbnailUrl } from './thumbnailUrls';
import { useImageNavigationKeys } from './useImageNavigationKeys';
import { visibleRows } from './visibleRows';

const ROW_HEIGHT = 56;

export function ImageList({ workspace, snapshot }: { workspace: WorkspaceStore; snapshot: WorkspaceSnapshot }) {
  const { images, filter, classes, openImageId, selection } = snapshot;
  const removing = workspace.removalTargets().length;
  const shown = useMemo(() => filterImages(images, filter), [images, filter]);
  const counts = useMemo(() => countByStatus(images), [images]);
  useImageNavigationKeys(workspace);
  const scroller = useRef<HTMLDivElement>(null);
  const size = useElementSize(scroller);
  // Kept at row granularity, so scrolling within a row renders nothing.
  const [firstRow, setFirstRow] = useState(0);
  const { start, end } = visibleRows(firstRow * ROW_HEIGHT, (size?.height ?? 600) + ROW_HEIGHT, ROW_HEIGHT, shown.length);

  return (
    <section className="panel-section image-list-section" aria-label="Images">
      <h2 title="Page Down / Page Up: next / previous image">
        Images <span data-testid="image-count">{images.length}</span>
      </h2>
      <p className="status-counts" data-testid="status-counts">
        {IMAGE_STATUSES.map((status) => (
          <span key={status} className={`status-chip ${status}`}>
            {status} {counts[status]}
          </span>
        ))}
      </p>
      <div className="row">
        <select aria-label="Filter by status" value={filter.status} onChange={(event) => workspace.setFilter({ ...filter, status: event.target.value as ImageStatus | 'all' })}>
          <option value="all">All statuses</option>
          {IMAGE_STATUSES.map((status) => (
            <option key={status} value={status}>
              {status} ({counts[status]})
            </option>
          ))}
        </select>
        <select aria-label="Filter by class" value={filter.classId ?? ''} onChange={(event) => workspace.setFilter({ ...filter, classId: event.target.value ? Number(event.target.value) : null })}>
          <option value="">All classes</option>
          {classes.map((cls) => (
            <option key={cls.id} value={cls.classId}>
              {cls.name}
            </option>
          ))}
        </select>
      </div>
      <div className="row">
        <button type="button" className="danger" disabled={removing === 0} title="Remove the selected images (or the open one), their labels and pre-labels from the project" onClick={() => void workspace.removeSelectedImages()}>
          {removing > 1 ? `Remove ${removing} images` : 'Remove image'}
        </button>
        {selection.ids.length > 1 ? (
          <span className="muted" data-testid="selection-count" title="Ctrl/Cmd+click adds or removes an image, Shift+click selects a run">
            {selection.ids.length} selected
          </span>
        ) : null}
      </div>
      <div ref={scroller} className="image-list" data-testid="image-list" onScroll={(event) => setFirstRow(Math.floor(event.currentTarget.scrollTop / ROW_HEIGHT))}>
        <div style={{ height: shown.length * ROW_HEIGHT, position: 'relative' }}>
          {shown.slice(start, end).map((image, offset) => (
            <button
              key={image.id}
              type="button"
              className={`image-row ${image.id === openImageId ? 'open' : ''} ${selection.ids.includes(image.id) ? 'selected' : ''}`}
              style={{ top: (start + offset) * ROW_HEIGHT, height: ROW_HEIGHT }}
              data-testid="image-row"
              data-image-id={image.id}
              data-status={image.status}
              data-selected={selection.ids.includes(image.id) ? 'true' : undefined}
              onClick={(event) => void workspace.clickImage(image.id, selectionClickOf(event))}
            >
              <img src={thumbnailUrl(image.id, image.thumbnail)} alt="" loading="lazy" />
              <span className="image-name">{image.name}</span>
              <span className={`status-chip ${image.status}`}>{image.status}</span>
            </button>
          ))}
        </div>
      </div>
    </section>
  );
}
