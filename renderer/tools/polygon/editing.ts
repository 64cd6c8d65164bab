import { vertexDraggingState } from '../vertexEditing';

/** Dragging a vertex of the selected polygon (or one just inserted on an edge). */
export const polygonEditing = vertexDraggingState({ state: 'polygon.idle' });
