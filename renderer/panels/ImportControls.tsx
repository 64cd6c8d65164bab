import { useRef } from 'react';
import { candidatesFromInput } from '../importing/collectDroppedFiles';
import type { ImportCandidate } from '../importing/importImages';
import type { WorkspaceSnapshot, WorkspaceStore } from '../workspace/workspaceStore';

const ACCEPT = 'image/png,image/jpeg,image/webp,image/bmp,.png,.jpg,.jpeg,.webp,.bmp';

/** `onFiles`: where picked files go (the app routes a data folder's masks and annotation files apart from images). */
export function ImportControls({ workspace, snapshot, onFiles }: { workspace: WorkspaceStore; snapshot: WorkspaceSnapshot; onFiles?: (candidates: ImportCandidate[]) => void }) {
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  const disabled = !snapshot.projectId || !!snapshot.importing;
  const onPicked = (input: HTMLInputElement) => {
    const candidates = candidatesFromInput(input.files);
    input.value = '';
    if (onFiles) onFiles(candidates);
    else void workspace.importFiles(candidates);
  };
  return (
    <section className="panel-section" aria-label="Import">
      <div className="row">
        <button type="button" disabled={disabled} data-menu-command="importImages" onClick={() => files.current?.click()}>
          Import images…
        </button>
        <button type="button" disabled={disabled} onClick={() => folder.current?.click()}>
          Import folder…
        </button>
      </div>
      <input ref={files} type="file" multiple accept={ACCEPT} hidden data-testid="import-files" onChange={(event) => onPicked(event.currentTarget)} />
      <input ref={folder} type="file" hidden data-testid="import-folder" {...{ webkitdirectory: '', directory: '' }} onChange={(event) => onPicked(event.currentTarget)} />
      {snapshot.importing ? (
        <p className="muted" role="status">
          Importing {snapshot.importing.done} / {snapshot.importing.total}… <progress max={snapshot.importing.total} value={snapshot.importing.done} />
        </p>
      ) : (
        <p className="muted hint">or drop files and folders anywhere on the window</p>
      )}
    </section>
  );
}
