import type { StateHandlers } from '../toolTypes';
import { dragVertex, finishVertexDrag } from '../vertexEditing';

const IDLE = { state: 'select.idle' } as const;

export const selectDraggingVertex: StateHandlers = {
  onPointerMove: (state, input) => dragVertex(state, input.image, IDLE),
  onPointerUp: (state) => finishVertexDrag(state, IDLE),
  onKeyDown(state, input) {
    if (input.key !== 'Escape') return null;
    return { state: { ...state, interaction: IDLE } };
  },
};
