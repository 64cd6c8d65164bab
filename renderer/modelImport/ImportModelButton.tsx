import { useRef, useSyncExternalStore } from 'react';
import { readPicked, type ModelImportStore } from './modelImportStore';

/** "Import model…" in the Adapt panel: pick an exported zip or a model folder's files; progress and the outcome in one line. */
export function ImportModelButton({ store, disabled }: { store: ModelImportStore; disabled: boolean }) {
  const { running, message } = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="model-import">
      <button type="button" disabled={disabled || running !== null} data-menu-command="importModel" title="An adapter exported from SegAdapt (its zip, or adapter.bin, decoder.bin, adapted.json and segadapt.json), for this base model and these classes" onClick={() => input.current?.click()}>
        Import model…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept=".zip,.json,.bin"
        data-testid="import-model"
        onChange={(event) => {
          const files = [...(event.currentTarget.files ?? [])];
          event.currentTarget.value = '';
          if (files.length) void readPicked(files).then((picked) => store.importPicked(picked));
        }}
      />
      {running ? (
        <p className="muted" data-testid="model-import-progress">
          Importing {running.source}: {running.progress?.phase ?? 'queued'}
        </p>
      ) : null}
      {message ? (
        <p className={message.kind === 'error' ? 'error' : 'info'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="model-import-message">
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
