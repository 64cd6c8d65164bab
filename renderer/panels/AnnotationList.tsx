import type { EditorState } from '../editor/editorState';

/** The open image's annotations, so the user (and tests) can see what is there without reading pixels. */
export function AnnotationList({ state, paintedClassIds }: { state: EditorState; paintedClassIds: number[] }) {
  if (!state.image) return null;
  const nameOf = (classId: number) => state.classes.find((c) => c.classId === classId)?.name ?? `class ${classId}`;
  const painted = state.classes.filter((c) => paintedClassIds.includes(c.classId));
  return (
    <section className="panel-section" aria-label="Annotations">
      <h2>Annotations</h2>
      <p className="muted">
        {state.image.width} × {state.image.height} px{state.document.fullyLabeled ? ' · fully labeled' : ''}
      </p>
      <ul className="annotation-list" data-testid="annotation-list">
        {state.document.shapes.map((shape) => (
          <li key={shape.id} data-testid="annotation" data-kind={shape.geometry.kind} className={shape.id === state.selectedShapeId ? 'selected' : ''}>
            {shape.geometry.kind === 'box' ? 'Box' : `Polygon (${shape.geometry.points.length / 2} vertices)`} · {nameOf(shape.classId)}
          </li>
        ))}
        {painted.map((cls) => (
          <li key={`mask-${cls.classId}`} data-testid="annotation" data-kind="mask">
            Brush mask · {cls.name}
          </li>
        ))}
      </ul>
    </section>
  );
}
