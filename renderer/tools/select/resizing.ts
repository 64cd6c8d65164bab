import { replaceShapeEdit } from '../../editor/document';
import type { StateHandlers } from '../toolTypes';

export const selectResizing: StateHandlers = {
  onPointerMove(state, input) {
    const interaction = state.interaction;
    if (interaction.state !== 'select.resizing' || interaction.original.geometry.kind !== 'box') return { state };
    const g = interaction.original.geometry;
    // The corner opposite the dragged one stays put.
    const fixedX = interaction.corner.endsWith('w') ? g.x + g.w : g.x;
    const fixedY = interaction.corner.startsWith('n') ? g.y + g.h : g.y;
    const geometry = {
      kind: 'box' as const,
      x: Math.min(fixedX, input.image.x),
      y: Math.min(fixedY, input.image.y),
      w: Math.abs(input.image.x - fixedX),
      h: Math.abs(input.image.y - fixedY),
    };
    return { state: { ...state, interaction: { ...interaction, preview: { ...interaction.original, geometry } } } };
  },
  onPointerUp(state) {
    const interaction = state.interaction;
    if (interaction.state !== 'select.resizing') return { state };
    const next = { ...state, interaction: { state: 'select.idle' as const } };
    return interaction.preview === interaction.original ? { state: next } : { state: next, edit: replaceShapeEdit(interaction.original, interaction.preview) };
  },
  onKeyDown(state, input) {
    if (input.key !== 'Escape') return null;
    return { state: { ...state, interaction: { state: 'select.idle' } } };
  },
};
