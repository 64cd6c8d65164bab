import { replaceShapeEdit, type Shape } from '../../editor/document';
import { translate } from '../../geometry/polygon';
import type { StateHandlers } from '../toolTypes';

function translated(shape: Shape, dx: number, dy: number): Shape {
  const g = shape.geometry;
  return g.kind === 'box'
    ? { ...shape, geometry: { ...g, x: g.x + dx, y: g.y + dy } }
    : { ...shape, geometry: { kind: 'polygon', points: translate(g.points, dx, dy) } };
}

export const selectMoving: StateHandlers = {
  onPointerMove(state, input) {
    if (state.interaction.state !== 'select.moving') return { state };
    const { start, original } = state.interaction;
    const preview = translated(original, input.image.x - start.x, input.image.y - start.y);
    return { state: { ...state, interaction: { ...state.interaction, preview } } };
  },
  onPointerUp(state) {
    if (state.interaction.state !== 'select.moving') return { state };
    const { original, preview } = state.interaction;
    const next = { ...state, interaction: { state: 'select.idle' as const } };
    return preview === original ? { state: next } : { state: next, edit: replaceShapeEdit(original, preview) };
  },
  onKeyDown(state, input) {
    if (input.key !== 'Escape') return null;
    return { state: { ...state, interaction: { state: 'select.idle' } } };
  },
};
