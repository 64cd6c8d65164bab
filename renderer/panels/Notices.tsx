import type { WorkspaceSnapshot, WorkspaceStore } from '../workspace/workspaceStore';

export function Notices({ workspace, snapshot }: { workspace: WorkspaceStore; snapshot: WorkspaceSnapshot }) {
  if (!snapshot.notices.length) return null;
  return (
    <section className="notices" aria-label="Messages">
      {snapshot.notices.map((n) => (
        <div key={n.id} className={`notice ${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'} data-testid={`notice-${n.kind}`}>
          <div className="notice-head">
            <span>{n.text}</span>
            <button type="button" aria-label="Dismiss" onClick={() => workspace.dismissNotice(n.id)}>
              ✕
            </button>
          </div>
          {n.details.length ? (
            <ul>
              {n.details.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ))}
    </section>
  );
}
