import type { ToolDefinition } from '../toolTypes';
import { brushIdle } from './idle';
import { brushPainting } from './painting';

/** Paints the active class's mask at image resolution. */
export const brushTool: ToolDefinition = {
  name: 'brush',
  idle: { state: 'brush.idle' },
  states: { idle: brushIdle, painting: brushPainting },
};

/** Same states as the brush; the stroke clears the active class's mask instead. */
export const eraserTool: ToolDefinition = {
  name: 'eraser',
  idle: { state: 'eraser.idle' },
  states: { idle: brushIdle, painting: brushPainting },
};
