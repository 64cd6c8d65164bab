import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { SegAdaptApi } from '../../contract/api';
import { AdaptPanel } from '../adapt/AdaptPanel';
import { AdaptStore } from '../adapt/adaptStore';
import { PrelabelPanel } from '../adapt/PrelabelPanel';
import { PrelabelStore } from '../adapt/prelabelStore';
import { HelpingPanel } from '../adapt/HelpingPanel';
import { HelpingStore } from '../adapt/helpingStore';
import { LabelingTimer } from '../adapt/labelingTimer';
import { ReviewBar } from '../adapt/ReviewBar';
import { ReviewPanel } from '../adapt/ReviewPanel';
import { ReviewStore } from '../adapt/reviewStore';
import { useReviewKeys } from '../adapt/useReviewKeys';
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
import { ModelImportStore } from '../modelImport/modelImportStore';
import { useMenuCommands } from './useMenuCommands';
import { WorkspaceStore } from '../workspace/workspaceStore';
import { useFileDrop } from './useFileDrop';
import { useUnsavedGuard } from './useUnsavedGuard';

export function App({ api }: { api: SegAdaptApi }) {
  const engineStore = useMemo(() => new EngineStore(api), [api]);
  const db = useMemo(() => new SegAdaptDatabase(), []);
  const workspace = useMemo(() => new WorkspaceStore({ db, decoder: browserImageDecoder, decodeForCanvas, storage: window.localStorage }), [db]);
  const reviewStore = useMemo(() => new ReviewStore({ db, editor: workspace.editor, openImage: (imageId) => workspace.openImage(imageId), storage: window.localStorage }), [db, workspace]);
  const helpingStore = useMemo(() => new HelpingStore(db), [db]);
  const labelingTimer = useMemo(
    () =>
      new LabelingTimer({
        db,
        editor: workspace.editor,
        projectId: () => workspace.getSnapshot().projectId,
        proposalVersionOf: (imageId) => {
          const { proposal } = reviewStore.getSnapshot();
          return proposal?.imageId === imageId ? proposal.modelVersionId : null;
        },
      }),
    [db, workspace, reviewStore],
  );
  useEffect(() => {
    const stored = () => void labelingTimer.flush();
    document.addEventListener('visibilitychange', stored);
    window.addEventListener('pagehide', stored);
    return () => {
      document.removeEventListener('visibilitychange', stored);
      window.removeEventListener('pagehide', stored);
    };
  }, [labelingTimer]);
  const prelabelStore = useMemo(
    () =>
      new PrelabelStore({
        db,
        engine: engineStore,
        imagesChanged: (imageIds) => workspace.refreshImages(imageIds),
        proposalsChanged: () => reviewStore.refresh(),
      }),
    [db, engineStore, workspace, reviewStore],
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
          await reviewStore.refresh();
        },
      }),
    [db, engineStore, workspace, reviewStore],
  );
  const modelImportStore = useMemo(
    () => new ModelImportStore({ db, engine: engineStore, currentProjectId: () => workspace.getSnapshot().projectId, versionsChanged: (projectId) => adaptStore.versionsChanged(projectId) }),
    [db, engineStore, workspace, adaptStore],
  );
  useMenuCommands();
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
  const { review } = useSyncExternalStore(reviewStore.subscribe, reviewStore.getSnapshot);
  useReviewKeys(reviewStore, workspace.editor, !dialog);
  const shownProposals = useMemo(
    () => (review ? { instances: review.shown, focusedId: review.focused?.id ?? null, versionName: versions.find((v) => v.id === review.modelVersionId)?.name ?? 'deleted version' } : null),
    [review, versions],
  );

  return (
    <div className={`app-layout ${dragging ? 'dragging' : ''}`}>
      <aside className="sidebar" aria-label="Projects and images">
        <h1 className="brand">SegAdapt</h1>
        <ProjectBar workspace={workspace} snapshot={snapshot} />
        <ClassList workspace={workspace} snapshot={snapshot} />
        <ImportControls workspace={workspace} snapshot={snapshot} onFiles={onDrop} />
        <Notices workspace={workspace} snapshot={snapshot} />
        <ImageList workspace={workspace} snapshot={snapshot} />
      </aside>
      <main className="canvas-area" aria-label="Canvas">
        <Toolbar editor={workspace.editor} reviewed={openImage?.status === 'reviewed'} onReviewedChange={(reviewed) => void workspace.setReviewed(reviewed)} />
        <ReviewBar store={reviewStore} versions={versions} classes={snapshot.classes} />
        <CanvasView editor={workspace.editor} bitmap={snapshot.openBitmap} keyboardEnabled={!dialog} proposals={shownProposals} />
      </main>
      <aside className="right-panel" aria-label="Details">
        <AnnotationList editor={workspace.editor} />
        <AdaptPanel store={adaptStore} engine={engineStore} workspace={snapshot} modelImport={modelImportStore} />
        <PrelabelPanel store={prelabelStore} engine={engineStore} versions={versions} workspace={snapshot} />
        <ReviewPanel store={reviewStore} projectId={snapshot.projectId} images={snapshot.images} openImageId={snapshot.openImageId} />
        <HelpingPanel store={helpingStore} review={reviewStore} projectId={snapshot.projectId} versions={versions} />
        <ExchangePanel store={exchangeStore} projectId={snapshot.projectId} />
        <EnginePanel store={engineStore} />
      </aside>
      <DialogHost dialogs={workspace.dialogs} />
      {dragging ? <div className="drop-hint">Drop images or folders to import them</div> : null}
    </div>
  );
}
