import { useEditorSelector } from '../editor/useEditorSelector';
import type { WorkspaceSnapshot, WorkspaceStore } from '../workspace/workspaceStore';

interface ClassListProps {
  workspace: WorkspaceStore;
  snapshot: WorkspaceSnapshot;
}

export function ClassList({ workspace, snapshot }: ClassListProps) {
  const { classes, projectId } = snapshot;
  const activeClassId = useEditorSelector(workspace.editor, (state) => state.activeClassId);
  return (
    <section className="panel-section" aria-label="Classes">
      <h2>Classes</h2>
      <ul className="class-list">
        {classes.map((cls, index) => {
          const active = activeClassId === cls.classId;
          return (
            <li key={cls.id} className={active ? 'active' : ''} data-testid="class-row">
              <input type="color" aria-label={`Colour of ${cls.name}`} value={cls.color} onChange={(event) => void workspace.changeClass(cls.id, { color: event.target.value })} />
              <button type="button" className="class-name" aria-pressed={active} title="Use this class" onClick={() => workspace.editor.setActiveClass(cls.classId)}>
                {index < 9 ? <kbd>{index + 1}</kbd> : null} {cls.name}
              </button>
              <input
                type="range"
                min={0}
                max={1}
                step={0.05}
                aria-label={`Opacity of ${cls.name}`}
                value={cls.opacity}
                onChange={(event) => void workspace.changeClass(cls.id, { opacity: Number(event.target.value) })}
              />
              <input type="checkbox" title="Show or hide" aria-label={`Show ${cls.name}`} checked={cls.visible} onChange={() => void workspace.changeClass(cls.id, { visible: !cls.visible })} />
              <button type="button" aria-label={`Rename ${cls.name}`} onClick={() => void workspace.renameClass(cls.id)}>
                ✎
              </button>
              <button type="button" className="danger" aria-label={`Delete ${cls.name}`} onClick={() => void workspace.deleteClass(cls.id)}>
                ✕
              </button>
            </li>
          );
        })}
      </ul>
      <button type="button" disabled={!projectId} onClick={() => void workspace.addClass()}>
        Add class
      </button>
    </section>
  );
}
