import { useSyncExternalStore } from 'react';
import type { ExportFormat } from '../../contract/jobs';
import type { EngineStore } from '../jobs/engineStore';
import { hostSaveFile } from './hostSaveFile';
import { describeExportProgress, MODEL_EXPORT_FORMATS } from './modelExportArchive';
import { ModelExportStore, type ExportableVersion, type RunningExport } from './modelExportStore';

// One store per engine connection, shared by every version row, so an export keeps its progress when
// the list re-renders or the project changes under it.
const stores = new WeakMap<EngineStore, ModelExportStore>();

export function modelExportStoreFor(engine: EngineStore): ModelExportStore {
  let store = stores.get(engine);
  if (!store) stores.set(engine, (store = new ModelExportStore({ engine, saveFile: hostSaveFile })));
  return store;
}

function describeRunning(running: RunningExport): string {
  if (running.cancelRequested) return 'cancelling…';
  if (running.stage === 'zipping') return 'zipping';
  if (running.stage === 'saving') return 'saving';
  return describeExportProgress(running.progress);
}

/** "Export…" in a model version's row: the format, then the export's progress, Cancel and its outcome. */
export function ModelExportButton({ engine, version }: { engine: EngineStore; version: ExportableVersion }) {
  const store = modelExportStoreFor(engine);
  const { choosing, format, running, message } = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const mine = running?.versionId === version.id ? running : null;
  return (
    <>
      <button type="button" aria-label={`Export ${version.name}`} disabled={running !== null} onClick={() => (choosing === version.id ? store.close() : store.choose(version.id))}>
        Export…
      </button>
      {choosing === version.id && !running ? (
        <div className="row model-export" data-testid="model-export">
          <select aria-label="Model export format" value={format} onChange={(event) => store.changeFormat(event.target.value as ExportFormat)}>
            {MODEL_EXPORT_FORMATS.map((f) => (
              <option key={f.format} value={f.format} title={f.detail}>
                {f.label}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => void store.export(version)}>
            Export model
          </button>
          <button type="button" onClick={() => store.close()}>
            Close
          </button>
        </div>
      ) : null}
      {mine ? (
        <div className="row model-export-running" data-testid="model-export-running">
          <progress max={mine.progress?.total || 1} value={mine.stage === 'engine' ? (mine.progress?.step ?? 0) : (mine.progress?.total ?? 1)} />
          <button type="button" disabled={mine.cancelRequested || mine.stage === 'saving'} onClick={() => void store.cancel()}>
            Cancel
          </button>
          <span className="muted" data-testid="model-export-progress">
            {describeRunning(mine)}
          </span>
        </div>
      ) : null}
      {message?.versionId === version.id ? (
        <p className={message.kind} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="model-export-message">
          {message.text}
        </p>
      ) : null}
    </>
  );
}
