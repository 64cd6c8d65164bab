import { boxTool } from './box/boxTool';
import { brushTool, eraserTool } from './brush/brushTool';
import { panTool } from './pan/panTool';
import { polygonTool } from './polygon/polygonTool';
import { selectTool } from './select/selectTool';
import type { Interaction, StateHandlers, ToolDefinition, ToolName } from './toolTypes';

export const TOOLS: Record<ToolName, ToolDefinition> = {
  select: selectTool,
  box: boxTool,
  polygon: polygonTool,
  brush: brushTool,
  eraser: eraserTool,
  pan: panTool,
};

export function handlersFor(tool: ToolName, interaction: Interaction): StateHandlers {
  const stateName = interaction.state.split('.')[1];
  return TOOLS[tool].states[stateName] ?? {};
}
