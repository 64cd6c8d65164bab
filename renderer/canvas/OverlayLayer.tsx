import { Circle, Layer, Line, Rect } from 'react-konva';
import type { Shape } from '../editor/document';
import { classById, selectedShape, type EditorState } from '../editor/editorState';
import { rectFromCorners } from '../geometry/points';

const HANDLE_PX = 4;
const SELECTION_COLOR = '#ffffff';

/** What the editor is doing right now: the shape being drawn or moved, selection handles, brush outline. */
export function OverlayLayer({ state }: { state: EditorState }) {
  const scale = state.viewport.scale;
  const handle = HANDLE_PX / scale;
  const interaction = state.interaction;
  const colorOf = (classId: number | null) => (classId === null ? '#ffffff' : (classById(state, classId)?.color ?? '#ffffff'));
  const preview = 'preview' in interaction ? interaction.preview : null;
  const selected = preview ?? selectedShape(state);
  return (
    <Layer listening={false}>
      {selected ? <ShapeOutline shape={selected} color={colorOf(selected.classId)} /> : null}
      {selected ? <Handles shape={selected} size={handle} selectedVertex={state.selectedVertex} /> : null}
      {interaction.state === 'box.drawing' ? <DrawingBox {...rectFromCorners(interaction.start, interaction.current)} color={colorOf(state.activeClassId)} /> : null}
      {interaction.state === 'polygon.drawing' ? (
        <>
          <Line
            points={[...interaction.points.flatMap((p) => [p.x, p.y]), ...(interaction.cursor ? [interaction.cursor.x, interaction.cursor.y] : [])]}
            stroke={colorOf(state.activeClassId)}
            strokeWidth={2}
            strokeScaleEnabled={false}
            listening={false}
          />
          {interaction.points.map((p, i) => (
            <Circle key={i} x={p.x} y={p.y} radius={i === 0 ? handle * 1.6 : handle} fill={i === 0 ? SELECTION_COLOR : colorOf(state.activeClassId)} stroke="#000" strokeWidth={1} strokeScaleEnabled={false} listening={false} />
          ))}
        </>
      ) : null}
      {(state.tool === 'brush' || state.tool === 'eraser') && state.pointer ? (
        <Circle x={state.pointer.x} y={state.pointer.y} radius={state.brushRadius} stroke={state.tool === 'eraser' ? '#ffffff' : colorOf(state.activeClassId)} strokeWidth={1.5} dash={state.tool === 'eraser' ? [4, 4] : undefined} strokeScaleEnabled={false} listening={false} />
      ) : null}
    </Layer>
  );
}

function ShapeOutline({ shape, color }: { shape: Shape; color: string }) {
  const g = shape.geometry;
  if (g.kind === 'box') return <Rect x={g.x} y={g.y} width={g.w} height={g.h} stroke={SELECTION_COLOR} strokeWidth={2} strokeScaleEnabled={false} fill={color} opacity={0.45} listening={false} />;
  return <Line points={g.points} closed stroke={SELECTION_COLOR} strokeWidth={2} strokeScaleEnabled={false} fill={color} opacity={0.45} listening={false} />;
}

function DrawingBox({ x, y, w, h, color }: { x: number; y: number; w: number; h: number; color: string }) {
  return <Rect x={x} y={y} width={w} height={h} stroke={color} strokeWidth={2} dash={[6, 4]} strokeScaleEnabled={false} listening={false} />;
}

function Handles({ shape, size, selectedVertex }: { shape: Shape; size: number; selectedVertex: number | null }) {
  const g = shape.geometry;
  const points =
    g.kind === 'box'
      ? [g.x, g.y, g.x + g.w, g.y, g.x, g.y + g.h, g.x + g.w, g.y + g.h]
      : g.points;
  const handles = [];
  for (let i = 0; i < points.length / 2; i++) {
    const selected = g.kind === 'polygon' && i === selectedVertex;
    handles.push(
      <Rect key={i} x={points[2 * i] - size} y={points[2 * i + 1] - size} width={2 * size} height={2 * size} fill={selected ? '#ffd400' : SELECTION_COLOR} stroke="#000" strokeWidth={1} strokeScaleEnabled={false} listening={false} />,
    );
  }
  return <>{handles}</>;
}
