import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { SegAdaptApi } from '../../contract/api';
import { AdaptPanel } from '../adapt/AdaptPanel';
import { AdaptStore } from '../adapt/adaptStore';
import { CanvasView } from '../canvas/CanvasView';
import { Toolbar } from '../canvas/Toolbar';
import { SegAdaptDatabase } from '../db/segAdaptDatabase';
import { browserImageDecoder, decodeForCanvas } from '../importing/browserImageDecoder';
import type { ImportCandidate } from '../importing/importImages';
import { EnginePanel } from '../jobs/EnginePanel';
import { EngineStore } from '../jobs/engineStore';
import { AnnotationList } from '../panels/AnnotationList';
import { ClassList } from '../panels/ClassList';
import { DialogHost } from '../panels/DialogHost';
import { ImageList } from '../panels/ImageList';
import { ImportControls } from '../panels/ImportControls';
import { Notices } from '../panels/Notices';
import { ProjectBar } from '../panels/ProjectBar';
import { WorkspaceStore } from '../workspace/workspaceStore';
import { useFileDrop } from './useFileDrop';
import { useUnsavedGuard } from './useUnsavedGuard';

export function App({ api }: { api: SegAdaptApi }) {
  const engineStore = useMemo(() => new EngineStore(api), [api]);
  const db = useMemo(() => new SegAdaptDatabase(), []);
  const workspace = useMemo(() => new WorkspaceStore({ db, decoder: browserImageDecoder, decodeForCanvas, storage: window.localStorage }), [db]);
  const adaptStore = useMemo(
    () => new AdaptStore({ db, engine: engineStore, dialogs: workspace.dialogs, flushed: () => workspace.writer.flushed() }),
    [db, engineStore, workspace],
  );
  useEffect(() => void workspace.start(), [workspace]);
  const snapshot = useSyncExternalStore(workspace.subscribe, workspace.getSnapshot);
  const dialog = useSyncExternalStore(workspace.dialogs.subscribe, workspace.dialogs.getSnapshot);
  const onDrop = useCallback((candidates: ImportCandidate[]) => void workspace.importFiles(candidates), [workspace]);
  const dragging = useFileDrop(onDrop);
  useUnsavedGuard(workspace.writer);
  const openImage = snapshot.images.find((image) => image.id === snapshot.openImageId);

  return (
    <div className={`app-layout ${dragging ? 'dragging' : ''}`}>
      <aside className="sidebar" aria-label="Projects and images">
        <h1 className="brand">SegAdapt</h1>
        <ProjectBar workspace={workspace} snapshot={snapshot} />
        <ClassList workspace={workspace} snapshot={snapshot} />
        <ImportControls workspace={workspace} snapshot={snapshot} />
        <Notices workspace={workspace} snapshot={snapshot} />
        <ImageList workspace={workspace} snapshot={snapshot} />
      </aside>
      <main className="canvas-area" aria-label="Canvas">
        <Toolbar editor={workspace.editor} reviewed={openImage?.status === 'reviewed'} onReviewedChange={(reviewed) => void workspace.setReviewed(reviewed)} />
        <CanvasView editor={workspace.editor} bitmap={snapshot.openBitmap} keyboardEnabled={!dialog} />
      </main>
      <aside className="right-panel" aria-label="Details">
        <AnnotationList editor={workspace.editor} />
        <AdaptPanel store={adaptStore} engine={engineStore} workspace={snapshot} />
        <EnginePanel store={engineStore} />
      </aside>
      <DialogHost dialogs={workspace.dialogs} />
      {dragging ? <div className="drop-hint">Drop images or folders to import them</div> : null}
    </div>
  );
}
