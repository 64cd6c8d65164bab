import type { ToolDefinition } from '../toolTypes';
import { polygonDrawing } from './drawing';
import { polygonEditing } from './editing';
import { polygonIdle } from './idle';

/** Click vertices; close on the first vertex or Enter; Esc cancels; edit vertices of the selected polygon. */
export const polygonTool: ToolDefinition = {
  name: 'polygon',
  idle: { state: 'polygon.idle' },
  states: { idle: polygonIdle, drawing: polygonDrawing, editing: polygonEditing },
};
