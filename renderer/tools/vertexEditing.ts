// Vertex editing of the selected polygon, shared by the select tool and the polygon tool:
// drag a vertex, Alt+click a vertex to delete it, double-click an edge to insert one.
import { grabTolerance, selectedShape, type EditorState } from '../editor/editorState';
import { replaceShapeEdit } from '../editor/document';
import { insertVertex, moveVertex, removeVertex, vertexCount } from '../geometry/polygon';
import type { ImagePoint } from '../geometry/points';
import { polygonEdgeAt, polygonVertexAt } from './hitTest';
import type { Interaction, PointerInput, StateHandlers, ToolStep } from './toolTypes';

type DragState = 'select.draggingVertex' | 'polygon.editing';

/** A step when the pointer went down on the selected polygon's vertex or edge, else null. */
export function startVertexEdit(state: EditorState, input: PointerInput, dragState: DragState): ToolStep | null {
  const shape = selectedShape(state);
  if (!shape || shape.geometry.kind !== 'polygon') return null;
  const tolerance = grabTolerance(state);
  const vertex = polygonVertexAt(shape, input.image, tolerance);
  if (vertex >= 0) {
    if (input.alt) {
      if (vertexCount(shape.geometry.points) <= 3) return { state };
      const after = { ...shape, geometry: { kind: 'polygon' as const, points: removeVertex(shape.geometry.points, vertex) } };
      return { state: { ...state, selectedVertex: null }, edit: replaceShapeEdit(shape, after) };
    }
    const interaction = { state: dragState, index: vertex, original: shape, preview: shape } as Interaction;
    return { state: { ...state, selectedVertex: vertex, interaction } };
  }
  const edge = input.clickCount >= 2 ? polygonEdgeAt(shape, input.image, tolerance) : -1;
  if (edge >= 0) {
    const preview = { ...shape, geometry: { kind: 'polygon' as const, points: insertVertex(shape.geometry.points, edge, input.image) } };
    const interaction = { state: dragState, index: edge + 1, original: shape, preview } as Interaction;
    return { state: { ...state, selectedVertex: edge + 1, interaction } };
  }
  return null;
}

export function dragVertex(state: EditorState, p: ImagePoint, idle: Interaction): ToolStep {
  const interaction = state.interaction;
  if (interaction.state !== 'select.draggingVertex' && interaction.state !== 'polygon.editing') return { state: { ...state, interaction: idle } };
  const { original, index } = interaction;
  if (original.geometry.kind !== 'polygon') return { state };
  const previewPoints = interaction.preview.geometry.kind === 'polygon' ? interaction.preview.geometry.points : original.geometry.points;
  const preview = { ...original, geometry: { kind: 'polygon' as const, points: moveVertex(previewPoints, index, p) } };
  return { state: { ...state, interaction: { ...interaction, preview } } };
}

export function finishVertexDrag(state: EditorState, idle: Interaction): ToolStep {
  const interaction = state.interaction;
  const next = { ...state, interaction: idle };
  if (interaction.state !== 'select.draggingVertex' && interaction.state !== 'polygon.editing') return { state: next };
  const changed = JSON.stringify(interaction.preview.geometry) !== JSON.stringify(interaction.original.geometry);
  return changed ? { state: next, edit: replaceShapeEdit(interaction.original, interaction.preview) } : { state: next };
}

/** Delete/Backspace with a vertex selected removes it (a polygon keeps at least three). */
export function deleteSelectedVertex(state: EditorState): ToolStep | null {
  const shape = selectedShape(state);
  if (!shape || shape.geometry.kind !== 'polygon' || state.selectedVertex === null) return null;
  if (vertexCount(shape.geometry.points) <= 3) return { state };
  const after = { ...shape, geometry: { kind: 'polygon' as const, points: removeVertex(shape.geometry.points, state.selectedVertex) } };
  return { state: { ...state, selectedVertex: null }, edit: replaceShapeEdit(shape, after) };
}

/** The state of a tool while a vertex is dragged: moves follow the pointer, release stores, Esc abandons. */
export function vertexDraggingState(idle: Interaction): StateHandlers {
  return {
    onPointerMove: (state, input) => dragVertex(state, input.image, idle),
    onPointerUp: (state) => finishVertexDrag(state, idle),
    onKeyDown(state, input) {
      if (input.key !== 'Escape') return null;
      return { state: { ...state, interaction: idle } };
    },
  };
}
