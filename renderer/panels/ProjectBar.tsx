import type { WorkspaceSnapshot, WorkspaceStore } from '../workspace/workspaceStore';

export function ProjectBar({ workspace, snapshot }: { workspace: WorkspaceStore; snapshot: WorkspaceSnapshot }) {
  const { projects, projectId } = snapshot;
  return (
    <section className="panel-section" aria-label="Project">
      <h2>Project</h2>
      <div className="row">
        <select aria-label="Current project" value={projectId ?? ''} disabled={!projects.length} onChange={(event) => void workspace.switchProject(event.target.value)}>
          {projects.length ? null : <option value="">No project yet</option>}
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="row">
        <button type="button" onClick={() => void workspace.createProject()}>
          New project
        </button>
        <button type="button" disabled={!projectId} onClick={() => void workspace.renameProject()}>
          Rename
        </button>
        <button type="button" className="danger" disabled={!projectId} onClick={() => void workspace.deleteProject()}>
          Delete
        </button>
      </div>
    </section>
  );
}
