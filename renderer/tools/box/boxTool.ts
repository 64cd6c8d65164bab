import type { ToolDefinition } from '../toolTypes';
import { boxDrawing } from './drawing';
import { boxIdle } from './idle';

export const boxTool: ToolDefinition = {
  name: 'box',
  idle: { state: 'box.idle' },
  states: { idle: boxIdle, drawing: boxDrawing },
};
