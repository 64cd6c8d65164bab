import { panBy } from '../../geometry/viewport';
import type { StateHandlers, ToolDefinition } from '../toolTypes';

const panIdle: StateHandlers = {
  onPointerDown: (state, input) => ({ state: { ...state, interaction: { state: 'pan.panning', last: input.screen } } }),
};

const panPanning: StateHandlers = {
  onPointerMove(state, input) {
    if (state.interaction.state !== 'pan.panning') return { state };
    const { last } = state.interaction;
    const viewport = panBy(state.viewport, input.screen.x - last.x, input.screen.y - last.y);
    return { state: { ...state, viewport, interaction: { state: 'pan.panning', last: input.screen } } };
  },
  onPointerUp: (state) => ({ state: { ...state, interaction: { state: 'pan.idle' } } }),
};

export const panTool: ToolDefinition = {
  name: 'pan',
  idle: { state: 'pan.idle' },
  states: { idle: panIdle, panning: panPanning },
};
