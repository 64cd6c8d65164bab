import { useCallback } from 'react';
import { Layer, Shape as KonvaShape } from 'react-konva';
import type Konva from 'konva';
import type { Shape } from '../editor/document';
import type { EditorClass } from '../editor/editorState';
import type { Rect } from '../geometry/points';
import { drawShapes } from './drawShapes';

interface ShapesLayerProps {
  shapes: readonly Shape[];
  classes: readonly EditorClass[];
  visible: Rect;
  scale: number;
  /** The shape being moved or edited is drawn by the overlay instead. */
  hiddenShapeId: string | null;
}

/** All finished boxes and polygons, drawn in one custom shape (no Konva node per annotation). */
export function ShapesLayer({ shapes, classes, visible, scale, hiddenShapeId }: ShapesLayerProps) {
  const sceneFunc = useCallback(
    (context: Konva.Context) => {
      drawShapes(context._context, shapes, classes, visible, scale, hiddenShapeId);
    },
    [shapes, classes, visible, scale, hiddenShapeId],
  );
  return (
    <Layer listening={false}>
      <KonvaShape sceneFunc={sceneFunc} perfectDrawEnabled={false} listening={false} />
    </Layer>
  );
}
