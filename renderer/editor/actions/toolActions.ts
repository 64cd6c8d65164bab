import { TOOLS } from '../../tools/toolRegistry';
import type { ToolContext, ToolName } from '../../tools/toolTypes';
import type { EditorState } from '../editorState';
import { handlersFor } from '../../tools/toolRegistry';
import type { EditorAction } from './action';

/** Switching tools cancels what the current tool was in the middle of. */
export function switchTool(state: EditorState, tool: ToolName, ctx: ToolContext): EditorState {
  const cancelled = handlersFor(state.tool, state.interaction).onCancel?.(state, ctx) ?? state;
  return { ...cancelled, tool, interaction: TOOLS[tool].idle };
}

const toolKeys: [ToolName, string, string][] = [
  ['select', 'v', 'Select, move and resize'],
  ['box', 'r', 'Box'],
  ['polygon', 'p', 'Polygon'],
  ['brush', 'b', 'Brush'],
  ['eraser', 'e', 'Eraser'],
  ['pan', 'h', 'Pan'],
];

export const toolActions: EditorAction[] = toolKeys.map(([tool, key, label]) => ({
  name: `tool.${tool}`,
  label,
  keys: [key],
  group: 'Tools',
  perform: (state, ctx) => ({ state: switchTool(state, tool, ctx) }),
}));
