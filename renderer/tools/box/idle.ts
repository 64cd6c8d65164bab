import type { StateHandlers } from '../toolTypes';

export const boxIdle: StateHandlers = {
  onPointerDown(state, input) {
    if (state.activeClassId === null || input.button !== 0) return { state };
    return { state: { ...state, interaction: { state: 'box.drawing', start: input.image, current: input.image } } };
  },
};
