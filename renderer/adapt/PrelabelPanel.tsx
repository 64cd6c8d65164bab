import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ModelVersionRecord } from '../db/records';
import type { EngineStore } from '../jobs/engineStore';
import type { WorkspaceSnapshot } from '../workspace/workspaceStore';
import { prelabelBlocker, prelabelTargetIds, type PrelabelScope, type PrelabelStore, type RunningPrelabel } from './prelabelStore';

function describeRunning({ done, total, progress, versionName, etaSeconds }: RunningPrelabel): string {
  const eta = etaSeconds !== null && done < total ? ` · ${Math.ceil(etaSeconds)} s left` : '';
  return `${versionName}: ${done} / ${total} images${progress?.phase && progress.phase !== 'predicting' ? ` · ${progress.phase}` : ''}${eta}`;
}

/** Pre-labels the project's unlabeled images with a model version (the latest unless another is picked). */
export function PrelabelPanel({ store, engine, versions, workspace }: { store: PrelabelStore; engine: EngineStore; versions: readonly ModelVersionRecord[]; workspace: Pick<WorkspaceSnapshot, 'projectId' | 'images' | 'filter' | 'openImageId' | 'selection'> }) {
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { status } = useSyncExternalStore(engine.subscribe, engine.getSnapshot);
  const [picked, setPicked] = useState<string | null>(null);
  const [scope, setScope] = useState<PrelabelScope>('all');
  useEffect(() => void store.showProject(workspace.projectId), [store, workspace.projectId]);
  const version = versions.find((v) => v.id === picked) ?? versions[0] ?? null;
  const { running, message } = snapshot;
  const blocker = prelabelBlocker(status, version, workspace.images);
  const scopes: { scope: PrelabelScope; label: string; ids: string[] }[] = [
    { scope: 'all', label: 'all unlabeled images', ids: prelabelTargetIds(workspace.images, 'all', workspace) },
    { scope: 'filtered', label: 'unlabeled images of the filtered list', ids: prelabelTargetIds(workspace.images, 'filtered', workspace) },
    { scope: 'selected', label: 'unlabeled images selected in the list', ids: prelabelTargetIds(workspace.images, 'selected', workspace) },
    { scope: 'open', label: 'the open image', ids: prelabelTargetIds(workspace.images, 'open', workspace) },
  ];
  const chosen = scopes.find((s) => s.scope === scope) ?? scopes[0];
  const targets = chosen.ids.length;

  return (
    <section className="panel-section prelabel-panel" aria-label="Pre-label">
      <h3>Pre-label</h3>
      {versions.length > 1 ? (
        <label>
          With{' '}
          <select value={version?.id ?? ''} disabled={running !== null} onChange={(e) => setPicked(e.target.value)}>
            {versions.map((v, index) => (
              <option key={v.id} value={v.id}>
                {v.name}
                {index === 0 ? ' (latest)' : ''}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label>
        Images{' '}
        <select aria-label="Images to pre-label" value={chosen.scope} disabled={running !== null} onChange={(e) => setScope(e.target.value as PrelabelScope)}>
          {scopes.map((s) => (
            <option key={s.scope} value={s.scope}>
              {s.label} ({s.ids.length})
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={running !== null || blocker !== null || !version || targets === 0} title={blocker ?? undefined} onClick={() => version && void store.prelabel(version, chosen.scope === 'all' ? undefined : chosen.ids)}>
        Pre-label unlabeled images
      </button>
      {blocker && !running ? (
        <p className="adapt-reason" data-testid="prelabel-reason">
          {blocker}
        </p>
      ) : !running ? (
        <p className="muted">
          {targets} {targets === 1 ? 'image' : 'images'} without labels, with {version?.name}
        </p>
      ) : null}
      {running ? (
        <div className="adapt-running" data-testid="prelabel-running">
          <progress max={running.total || 1} value={running.done} />{' '}
          <button type="button" onClick={() => void store.cancel()}>
            Cancel
          </button>
          <p data-testid="prelabel-progress">{describeRunning(running)}</p>
        </div>
      ) : null}
      {message ? (
        <p className={message.kind === 'error' ? 'error' : 'info'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="prelabel-message">
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
