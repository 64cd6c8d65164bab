import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { DialogStore, OpenDialog } from '../workspace/dialogStore';

export function DialogHost({ dialogs }: { dialogs: DialogStore }) {
  const dialog = useSyncExternalStore(dialogs.subscribe, dialogs.getSnapshot);
  if (!dialog) return null;
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-label={dialog.title} data-modal>
        <h2>{dialog.title}</h2>
        <DialogBody dialog={dialog} />
      </div>
    </div>
  );
}

function DialogBody({ dialog }: { dialog: OpenDialog }) {
  switch (dialog.kind) {
    case 'confirm':
      return (
        <>
          <p>{dialog.message}</p>
          <div className="modal-actions">
            <button type="button" onClick={() => dialog.resolve(false)}>
              Cancel
            </button>
            <button type="button" className="danger" autoFocus onClick={() => dialog.resolve(true)}>
              {dialog.confirmLabel}
            </button>
          </div>
        </>
      );
    case 'prompt':
      return <PromptBody dialog={dialog} />;
    case 'choose':
      return (
        <>
          <p>{dialog.message}</p>
          <div className="modal-choices">
            {dialog.choices.map((choice) => (
              <button key={choice.value} type="button" className={choice.danger ? 'danger' : ''} onClick={() => dialog.resolve(choice.value)}>
                {choice.label}
              </button>
            ))}
            <button type="button" onClick={() => dialog.resolve(null)}>
              Cancel
            </button>
          </div>
        </>
      );
  }
}

function PromptBody({ dialog }: { dialog: Extract<OpenDialog, { kind: 'prompt' }> }) {
  const [value, setValue] = useState(dialog.initial);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.select(), []);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        dialog.resolve(value);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') dialog.resolve(null);
      }}
    >
      <label>
        {dialog.label}
        <input ref={input} autoFocus value={value} onChange={(event) => setValue(event.target.value)} />
      </label>
      <div className="modal-actions">
        <button type="button" onClick={() => dialog.resolve(null)}>
          Cancel
        </button>
        <button type="submit" disabled={!value.trim()}>
          OK
        </button>
      </div>
    </form>
  );
}
