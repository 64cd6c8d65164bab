import type { StateHandlers } from '../toolTypes';
import { dragVertex, finishVertexDrag } from '../vertexEditing';

const IDLE = { state: 'polygon.idle' } as const;

/** Dragging a vertex of the selected polygon (or one just inserted on an edge). */
export const polygonEditing: StateHandlers = {
  onPointerMove: (state, input) => dragVertex(state, input.image, IDLE),
  onPointerUp: (state) => finishVertexDrag(state, IDLE),
  onKeyDown(state, input) {
    if (input.key !== 'Escape') return null;
    return { state: { ...state, interaction: IDLE } };
  },
};
