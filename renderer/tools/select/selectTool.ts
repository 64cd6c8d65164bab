import type { ToolDefinition } from '../toolTypes';
import { selectDraggingVertex } from './draggingVertex';
import { selectIdle } from './idle';
import { selectMoving } from './moving';
import { selectResizing } from './resizing';

/** Select a shape, move it, resize a box by its corners, edit a polygon's vertices. */
export const selectTool: ToolDefinition = {
  name: 'select',
  idle: { state: 'select.idle' },
  states: { idle: selectIdle, moving: selectMoving, resizing: selectResizing, draggingVertex: selectDraggingVertex },
};
