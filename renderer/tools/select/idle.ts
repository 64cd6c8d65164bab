import { grabTolerance, selectedShape } from '../../editor/editorState';
import { boxCornerAt, shapeAt } from '../hitTest';
import type { StateHandlers } from '../toolTypes';
import { startVertexEdit } from '../vertexEditing';

export const selectIdle: StateHandlers = {
  onPointerDown(state, input) {
    const tolerance = grabTolerance(state);
    const selected = selectedShape(state);
    if (selected) {
      const corner = boxCornerAt(selected, input.image, tolerance);
      if (corner) return { state: { ...state, interaction: { state: 'select.resizing', corner, original: selected, preview: selected } } };
      const vertexStep = startVertexEdit(state, input, 'select.draggingVertex');
      if (vertexStep) return vertexStep;
    }
    const hit = shapeAt(state, input.image, tolerance);
    if (!hit) return { state: { ...state, selectedShapeId: null, selectedVertex: null } };
    return {
      state: {
        ...state,
        selectedShapeId: hit.id,
        selectedVertex: null,
        interaction: { state: 'select.moving', start: input.image, original: hit, preview: hit },
      },
    };
  },
};
