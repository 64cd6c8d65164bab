import { vertexDraggingState } from '../vertexEditing';

export const selectDraggingVertex = vertexDraggingState({ state: 'select.idle' });
