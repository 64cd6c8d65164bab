import type { EditorState } from '../../editor/editorState';
import type { StateHandlers, ToolContext } from '../toolTypes';

function idleOf(state: EditorState) {
  return state.tool === 'eraser' ? ({ state: 'eraser.idle' } as const) : ({ state: 'brush.idle' } as const);
}

function cancelStroke(state: EditorState, ctx: ToolContext): EditorState {
  const interaction = state.interaction;
  if (interaction.state === 'brush.painting' || interaction.state === 'eraser.painting') interaction.stroke.cancel();
  return { ...state, interaction: idleOf(state), masksRevision: ctx.masks.revision };
}

export const brushPainting: StateHandlers = {
  onPointerMove(state, input, ctx) {
    const interaction = state.interaction;
    if (interaction.state !== 'brush.painting' && interaction.state !== 'eraser.painting') return { state };
    interaction.stroke.paintSegment(interaction.last, input.image);
    return { state: { ...state, pointer: input.image, interaction: { ...interaction, last: input.image }, masksRevision: ctx.masks.revision } };
  },
  onPointerUp(state, input, ctx) {
    const interaction = state.interaction;
    if (interaction.state !== 'brush.painting' && interaction.state !== 'eraser.painting') return { state };
    const edit = interaction.stroke.finish();
    const next = { ...state, interaction: idleOf(state), lastBrushPoint: input.image, masksRevision: ctx.masks.revision };
    return edit ? { state: next, edit } : { state: next };
  },
  onKeyDown(state, input, ctx) {
    if (input.key !== 'Escape') return null;
    return { state: cancelStroke(state, ctx) };
  },
  onCancel: cancelStroke,
};
