import { addShapeEdit } from '../../editor/document';
import { grabTolerance, type EditorState } from '../../editor/editorState';
import { distance } from '../../geometry/points';
import { flatten } from '../../geometry/polygon';
import type { StateHandlers, ToolContext, ToolStep } from '../toolTypes';

const IDLE = { state: 'polygon.idle' } as const;
const MIN_VERTICES = 3;

function close(state: EditorState, ctx: ToolContext): ToolStep {
  if (state.interaction.state !== 'polygon.drawing' || state.activeClassId === null) return { state };
  const { points } = state.interaction;
  if (points.length < MIN_VERTICES) return { state };
  const shape = { id: ctx.newId(), classId: state.activeClassId, geometry: { kind: 'polygon' as const, points: flatten(points) } };
  return { state: { ...state, interaction: IDLE, selectedShapeId: shape.id, selectedVertex: null }, edit: addShapeEdit(shape) };
}

export const polygonDrawing: StateHandlers = {
  onPointerDown(state, input, ctx) {
    if (state.interaction.state !== 'polygon.drawing' || input.button !== 0) return { state };
    const { points } = state.interaction;
    // Clicking the first vertex again closes the polygon.
    if (points.length >= MIN_VERTICES && distance(points[0], input.image) <= grabTolerance(state)) return close(state, ctx);
    return { state: { ...state, interaction: { ...state.interaction, points: [...points, input.image], cursor: input.image } } };
  },
  onPointerMove(state, input) {
    if (state.interaction.state !== 'polygon.drawing') return { state };
    return { state: { ...state, interaction: { ...state.interaction, cursor: input.image } } };
  },
  onKeyDown(state, input, ctx) {
    if (state.interaction.state !== 'polygon.drawing') return null;
    if (input.key === 'Enter') return close(state, ctx);
    if (input.key === 'Escape') return { state: { ...state, interaction: IDLE } };
    if (input.key === 'Backspace' || input.key === 'Delete') {
      const points = state.interaction.points.slice(0, -1);
      return { state: { ...state, interaction: points.length ? { ...state.interaction, points } : IDLE } };
    }
    return null;
  },
};
