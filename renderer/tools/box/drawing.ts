import { addShapeEdit } from '../../editor/document';
import { imagePoint, rectFromCorners, type ImagePoint } from '../../geometry/points';
import type { OpenImage } from '../../editor/editorState';
import type { StateHandlers } from '../toolTypes';

const IDLE = { state: 'box.idle' } as const;
/** Smaller drags are clicks, not boxes. */
const MIN_BOX_SCREEN_PX = 3;

function clampToImage(p: ImagePoint, image: OpenImage | null): ImagePoint {
  if (!image) return p;
  return imagePoint(Math.max(0, Math.min(image.width, p.x)), Math.max(0, Math.min(image.height, p.y)));
}

export const boxDrawing: StateHandlers = {
  onPointerMove(state, input) {
    if (state.interaction.state !== 'box.drawing') return { state };
    return { state: { ...state, interaction: { ...state.interaction, current: clampToImage(input.image, state.image) } } };
  },
  onPointerUp(state, input, ctx) {
    if (state.interaction.state !== 'box.drawing' || state.activeClassId === null) return { state: { ...state, interaction: IDLE } };
    const rect = rectFromCorners(clampToImage(state.interaction.start, state.image), clampToImage(input.image, state.image));
    const minSize = MIN_BOX_SCREEN_PX / state.viewport.scale;
    if (rect.w < minSize || rect.h < minSize) return { state: { ...state, interaction: IDLE } };
    const shape = { id: ctx.newId(), classId: state.activeClassId, geometry: { kind: 'box' as const, ...rect } };
    return { state: { ...state, interaction: IDLE, selectedShapeId: shape.id, selectedVertex: null }, edit: addShapeEdit(shape) };
  },
  onKeyDown(state, input) {
    if (input.key !== 'Escape') return null;
    return { state: { ...state, interaction: IDLE } };
  },
};
