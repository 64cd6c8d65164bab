import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { SegAdaptApi } from '../../contract/api';
import { AdaptPanel } from '../adapt/AdaptPanel';
import { AdaptStore } from '../adapt/adaptStore';
import { PrelabelPanel } from '../adapt/PrelabelPanel';
import { PrelabelStore } from '../adapt/prelabelStore';
import { ProposalBar } from '../adapt/ProposalBar';
import { usePrelabelKeys } from '../adapt/usePrelabelKeys';
import { CanvasView } from '../canvas/CanvasView';
import { Toolbar } from '../canvas/Toolbar';
import { SegAdaptDatabase } from '../db/segAdaptDatabase';
import { ExchangePanel } from '../exchange/ExchangePanel';
import { ExchangeStore } from '../exchange/exchangeStore';
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
  const prelabelStore = useMemo(
    () =>
      new PrelabelStore({
        db,
        engine: engineStore,
        flushed: () => workspace.writer.flushed(),
        imagesChanged: (imageIds) => workspace.refreshImages(imageIds),
        annotationsChanged: (imageId) => workspace.reloadAnnotations(imageId),
      }),
    [db, engineStore, workspace],
  );
  const adaptStore = useMemo(
    () =>
      new AdaptStore({
        db,
        engine: engineStore,
        dialogs: workspace.dialogs,
        flushed: () => workspace.writer.flushed(),
        proposalsDeleted: async (imageIds) => {
          await workspace.refreshImages(imageIds);
          await prelabelStore.showImage(workspace.getSnapshot().openImageId);
        },
      }),
    [db, engineStore, workspace, prelabelStore],
  );
  useEffect(() => void workspace.start(), [workspace]);
  const snapshot = useSyncExternalStore(workspace.subscribe, workspace.getSnapshot);
  const dialog = useSyncExternalStore(workspace.dialogs.subscribe, workspace.dialogs.getSnapshot);
  const exchangeStore = useMemo(
    () =>
      new ExchangeStore({
        db,
        dialogs: workspace.dialogs,
        saveFile: (request) => api.saveFile(request),
        currentProjectId: () => workspace.getSnapshot().projectId,
        flushed: () => workspace.writer.flushed(),
        importImages: (candidates) => workspace.importFiles(candidates),
        projectChanged: async (projectId) => {
          workspace.editor.forgetHistories();
          await workspace.switchProject(projectId);
        },
      }),
    [db, api, workspace],
  );
  // Annotation files and data folders go to the exchange store; plain images to the workspace.
  const onDrop = useCallback((candidates: ImportCandidate[]) => void exchangeStore.importFiles(candidates), [exchangeStore]);
  const dragging = useFileDrop(onDrop);
  useUnsavedGuard(workspace.writer);
  const openImage = snapshot.images.find((image) => image.id === snapshot.openImageId);
  const { versions } = useSyncExternalStore(adaptStore.subscribe, adaptStore.getSnapshot);
  const { openProposals } = useSyncExternalStore(prelabelStore.subscribe, prelabelStore.getSnapshot);
  useEffect(() => void prelabelStore.showImage(snapshot.openImageId), [prelabelStore, snapshot.openImageId]);
  usePrelabelKeys(prelabelStore, !dialog);
  const shownProposals = useMemo(
    () => (openProposals ? { instances: openProposals.instances, versionName: versions.find((v) => v.id === openProposals.modelVersionId)?.name ?? 'deleted version' } : null),
    [openProposals, versions],
  );

  return (
    <div className={`app-layout ${dragging ? 'dragging' : ''}`}>
      <aside className="sidebar" aria-label="Projects and images">
        <h1 className="brand">SegAdapt</h1>
        <ProjectBar workspace={workspace} snapshot={snapshot} />
        <ClassList workspace={workspace} snapshot={snapshot} />
        <ImportControls workspace={workspace} snapshot={snapshot} onFiles={onDrop} />
        <ExchangePanel store={exchangeStore} projectId={snapshot.projectId} />
        <Notices workspace={workspace} snapshot={snapshot} />
        <ImageList workspace={workspace} snapshot={snapshot} />
      </aside>
      <main className="canvas-area" aria-label="Canvas">
        <Toolbar editor={workspace.editor} reviewed={openImage?.status === 'reviewed'} onReviewedChange={(reviewed) => void workspace.setReviewed(reviewed)} />
        <ProposalBar store={prelabelStore} versions={versions} />
        <CanvasView editor={workspace.editor} bitmap={snapshot.openBitmap} keyboardEnabled={!dialog} proposals={shownProposals} />
      </main>
      <aside className="right-panel" aria-label="Details">
        <AnnotationList editor={workspace.editor} />
        <AdaptPanel store={adaptStore} engine={engineStore} workspace={snapshot} />
        <PrelabelPanel store={prelabelStore} engine={engineStore} versions={versions} workspace={snapshot} />
        <EnginePanel store={engineStore} />
      </aside>
      <DialogHost dialogs={workspace.dialogs} />
      {dragging ? <div className="drop-hint">Drop images or folders to import them</div> : null}
    </div>
  );
}
