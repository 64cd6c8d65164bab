import { useEffect, useSyncExternalStore } from 'react';
import { DEFAULT_METHOD, METHOD_NAMES, type MethodName } from '../../contract/jobs';
import type { EngineStore } from '../jobs/engineStore';
import { ModelExportButton } from '../modelExport/ModelExportButton';
import { ImportModelButton } from '../modelImport/ImportModelButton';
import type { ModelImportStore } from '../modelImport/modelImportStore';
import type { WorkspaceSnapshot } from '../workspace/workspaceStore';
import { describeScore, describeStorage, weightsMissing, type AdaptStore, type RunningAdaptation } from './adaptStore';
import { describeTrainable } from './describeTrainable';
import { LossChart } from './LossChart';
import { VersionComparison } from './VersionComparison';

export const METHOD_DESCRIPTIONS: Record<MethodName, string> = {
  svf: 'singular values of each frozen kernel',
  ssf: 'a scale and shift after each frozen op',
  lora: 'a low-rank update beside each kernel',
  'conv-adapter': 'a small bottleneck branch beside each stage',
  bitfit: 'biases only',
  head: 'the decoder only, backbone frozen (fastest)',
  full: 'every weight (slow, the expensive baseline)',
};

function describeRunning({ progress, heldOutMiou }: RunningAdaptation): string {
  if (!progress) return 'queued';
  const eta = progress.etaSeconds !== undefined ? ` · ${Math.ceil(progress.etaSeconds)} s left` : '';
  const score = heldOutMiou !== undefined ? ` · held-out mIoU ${heldOutMiou.toFixed(3)}` : '';
  return `${progress.phase ?? 'working'} · ${progress.step} / ${progress.total}${score}${eta}`;
}

export function AdaptPanel({ store, engine, workspace, modelImport }: { store: AdaptStore; engine: EngineStore; workspace: Pick<WorkspaceSnapshot, 'projectId' | 'classes' | 'images'>; modelImport?: ModelImportStore }) {
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { status } = useSyncExternalStore(engine.subscribe, engine.getSnapshot);
  useEffect(() => void store.showProject(workspace.projectId), [store, workspace.projectId]);
  const { settings, running, versions, message, lossCurve } = snapshot;
  const startFrom = versions.find((v) => v.id === settings.startFrom);
  const blocker = store.blocker(status, workspace.classes, workspace.images);
  const busy = snapshot.starting || running !== null;
  const disabled = busy || blocker !== null;

  return (
    <section className="panel-section adapt-panel" aria-label="Adapt">
      <h2>Adapt</h2>
      <div className="adapt-buttons">
        <button type="button" disabled={disabled} title={blocker ?? undefined} onClick={() => void store.adapt()}>
          Adapt
        </button>{' '}
        <button type="button" disabled={disabled} title={blocker ?? undefined} onClick={() => void store.adapt(true)}>
          Quick (head)
        </button>
      </div>
      {blocker && !busy ? (
        <p className="adapt-reason" data-testid="adapt-reason">
          {blocker}
        </p>
      ) : null}
      <details className="adapt-advanced">
        <summary>Advanced</summary>
        <label>
          Method{' '}
          <select value={startFrom ? startFrom.method : settings.method} disabled={busy || startFrom !== undefined} onChange={(e) => store.changeSettings({ method: e.target.value as MethodName })}>
            {METHOD_NAMES.map((name) => (
              <option key={name} value={name}>
                {name}
                {name === DEFAULT_METHOD ? ' (default)' : ''} — {METHOD_DESCRIPTIONS[name]}
                {describeTrainable(status?.trainableCounts, name, workspace.classes.length)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Steps{' '}
          <input type="number" min={1} placeholder="auto" value={settings.steps} disabled={busy} onChange={(e) => store.changeSettings({ steps: e.target.value })} />
        </label>
        <label>
          Start from{' '}
          <select value={startFrom?.id ?? ''} disabled={busy} onChange={(e) => store.changeSettings({ startFrom: e.target.value })}>
            <option value="">the base model (fresh)</option>
            {versions.map((version) => (
              <option key={version.id} value={version.id}>
                {version.name} ({version.method}), continue training
              </option>
            ))}
          </select>
        </label>
        <label title="The adapted model labels up to 50 images nobody labeled, and training continues on its confident pixels too. Better masks, about twice the time. Quick never does it.">
          <input type="checkbox" checked={settings.selfTraining} disabled={busy} onChange={(e) => store.changeSettings({ selfTraining: e.target.checked })} /> Also learn from unlabeled images (self-training)
        </label>
        <label>
          Input size{' '}
          <input type="number" min={64} step={32} placeholder="model's" value={settings.size} disabled={busy} onChange={(e) => store.changeSettings({ size: e.target.value })} />
        </label>
      </details>
      {running ? (
        <div className="adapt-running" data-testid="adapt-running">
          <progress max={running.progress?.total || 1} value={running.progress?.step ?? 0} />{' '}
          <button type="button" onClick={() => void store.cancel()}>
            Cancel
          </button>
          <p data-testid="adapt-progress">
            {running.modelName} ({running.method}): {describeRunning(running)}
          </p>
        </div>
      ) : null}
      {running || lossCurve.steps.length ? <LossChart steps={lossCurve.steps} losses={lossCurve.losses} /> : null}
      {message ? (
        <p className={message.kind === 'error' ? 'error' : 'info'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="adapt-message">
          {message.text}
        </p>
      ) : null}
      <h3 className="adapt-versions-heading">Model versions</h3>
      {modelImport ? <ImportModelButton store={modelImport} disabled={!workspace.projectId} /> : null}
      {versions.length ? (
        <ul className="model-versions" aria-label="Model versions">
          {versions.map((version) => {
            const storage = describeStorage(version, snapshot.storedModels);
            const missing = weightsMissing(version, snapshot.storedModels);
            return (
              <li key={version.id} data-testid="model-version" data-model-id={version.id}>
                <strong>{version.name}</strong> · {version.method} · {new Date(version.createdAt).toLocaleString()} · {describeScore(version)} · {version.labeledImageCount} labeled {version.labeledImageCount === 1 ? 'image' : 'images'}
                {storage ? <span className={missing ? 'error' : 'muted'} data-testid="model-storage"> · {storage}</span> : null}{' '}
                <button type="button" aria-label={`Rename ${version.name}`} onClick={() => void store.rename(version.id)}>
                  Rename
                </button>{' '}
                <button type="button" aria-label={`Adapt again from ${version.name}`} title="Continue training this version with the labels and corrections made since" disabled={disabled || missing} onClick={() => void store.adaptAgain(version.id)}>
                  Adapt again
                </button>{' '}
                <button type="button" aria-label={`Delete ${version.name}`} onClick={() => void store.remove(version.id)}>
                  Delete
                </button>{' '}
                <ModelExportButton engine={engine} version={version} />
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">None yet.</p>
      )}
      <VersionComparison versions={versions} />
    </section>
  );
}
