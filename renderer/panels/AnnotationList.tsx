import { useMemo } from 'react';
import type { Editor } from '../editor/editor';
import { useEditorSelector } from '../editor/useEditorSelector';

/** The open image's annotations, so the user (and tests) can see what is there without reading pixels. */
export function AnnotationList({ editor }: { editor: Editor }) {
  // Separate slices: panning and zooming change none of them, so a long list is not re-rendered then.
  const image = useEditorSelector(editor, (s) => s.image);
  const document = useEditorSelector(editor, (s) => s.document);
  const classes = useEditorSelector(editor, (s) => s.classes);
  const selectedShapeId = useEditorSelector(editor, (s) => s.selectedShapeId);
  const masksRevision = useEditorSelector(editor, (s) => s.masksRevision);
  const paintedClassIds = useMemo(() => (masksRevision >= 0 ? editor.masks.paintedClassIds() : []), [editor, masksRevision]);
  const items = useMemo(() => {
    const nameOf = (classId: number) => classes.find((c) => c.classId === classId)?.name ?? `class ${classId}`;
    return document.shapes.map((shape) => (
      <li key={shape.id} data-testid="annotation" data-kind={shape.geometry.kind} className={shape.id === selectedShapeId ? 'selected' : ''}>
        {shape.geometry.kind === 'box' ? 'Box' : `Polygon (${shape.geometry.points.length / 2} vertices)`} · {nameOf(shape.classId)}
        {shape.assisted ? <span className="muted" data-testid="model-assisted"> · model-assisted</span> : null}
      </li>
    ));
  }, [document.shapes, classes, selectedShapeId]);
  if (!image) return null;
  return (
    <section className="panel-section" aria-label="Annotations">
      <h2>Annotations</h2>
      <p className="muted">
        {image.width} × {image.height} px{document.fullyLabeled ? ' · fully labeled' : ''}
      </p>
      <ul className="annotation-list" data-testid="annotation-list">
        {items}
        {classes
          .filter((cls) => paintedClassIds.includes(cls.classId))
          .map((cls) => (
            <li key={`mask-${cls.classId}`} data-testid="annotation" data-kind="mask">
              Brush mask · {cls.name}
            </li>
          ))}
      </ul>
    </section>
  );
}
