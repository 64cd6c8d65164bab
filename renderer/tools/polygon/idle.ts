import type { StateHandlers } from '../toolTypes';
import { deleteSelectedVertex, startVertexEdit } from '../vertexEditing';

export const polygonIdle: StateHandlers = {
  onPointerDown(state, input) {
    if (input.button !== 0) return { state };
    const vertexStep = startVertexEdit(state, input, 'polygon.editing');
    if (vertexStep) return vertexStep;
    if (state.activeClassId === null) return { state };
    return {
      state: { ...state, selectedShapeId: null, selectedVertex: null, interaction: { state: 'polygon.drawing', points: [input.image], cursor: input.image } },
    };
  },
  onKeyDown(state, input) {
    if (input.key === 'Delete' || input.key === 'Backspace') return deleteSelectedVertex(state);
    return null;
  },
};
