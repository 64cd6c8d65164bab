import { BrushStroke } from '../../masks/brushStroke';
import type { StateHandlers } from '../toolTypes';

export const brushIdle: StateHandlers = {
  onPointerDown(state, input, ctx) {
    if (state.activeClassId === null || !state.image || input.button !== 0) return { state };
    const erase = state.tool === 'eraser';
    // The eraser clears what is under it in every visible class, not only the active one.
    const classes = erase ? state.classes.filter((c) => c.visible).map((c) => c.classId) : state.activeClassId;
    const stroke = new BrushStroke(ctx.masks, classes, state.brushRadius, erase, state.image.width, state.image.height);
    // Shift+click paints a straight line from where the last stroke ended.
    const from = input.shift && state.lastBrushPoint ? state.lastBrushPoint : input.image;
    stroke.paintSegment(from, input.image);
    const interaction = erase
      ? ({ state: 'eraser.painting', stroke, last: input.image } as const)
      : ({ state: 'brush.painting', stroke, last: input.image } as const);
    return { state: { ...state, interaction, masksRevision: ctx.masks.revision } };
  },
  onPointerMove(state, input) {
    return { state: { ...state, pointer: input.image } };
  },
};
