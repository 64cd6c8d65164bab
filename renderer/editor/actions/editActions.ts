import { removeShapeEdit } from '../document';
import { selectedShape } from '../editorState';
import { deleteSelectedVertex } from '../../tools/vertexEditing';
import type { EditorAction } from './action';

const MIN_BRUSH_RADIUS = 1;
const MAX_BRUSH_RADIUS = 200;

export const editActions: EditorAction[] = [
  { name: 'undo', label: 'Undo', keys: ['mod+z'], group: 'Edit', perform: (state) => (state.history.undo.length ? { state, history: 'undo' } : null) },
  {
    name: 'redo',
    label: 'Redo',
    keys: ['mod+shift+z', 'mod+y'],
    group: 'Edit',
    perform: (state) => (state.history.redo.length ? { state, history: 'redo' } : null),
  },
  {
    name: 'delete',
    label: 'Delete the selected vertex or shape',
    keys: ['delete', 'backspace'],
    group: 'Edit',
    perform(state) {
      const vertexStep = deleteSelectedVertex(state);
      if (vertexStep) return vertexStep;
      const shape = selectedShape(state);
      if (!shape) return null;
      return { state: { ...state, selectedShapeId: null, selectedVertex: null }, edit: removeShapeEdit(shape) };
    },
  },
  {
    name: 'deselect',
    label: 'Cancel / deselect / close help',
    keys: ['escape'],
    group: 'Edit',
    perform: (state) => ({ state: state.helpOpen ? { ...state, helpOpen: false } : { ...state, selectedShapeId: null, selectedVertex: null } }),
  },
  {
    name: 'brush.smaller',
    label: 'Smaller brush',
    keys: ['['],
    group: 'Tools',
    perform: (state) => ({ state: { ...state, brushRadius: Math.max(MIN_BRUSH_RADIUS, Math.round(state.brushRadius / 1.25)) } }),
  },
  {
    name: 'brush.larger',
    label: 'Larger brush',
    keys: [']'],
    group: 'Tools',
    perform: (state) => ({ state: { ...state, brushRadius: Math.min(MAX_BRUSH_RADIUS, Math.max(state.brushRadius + 1, Math.round(state.brushRadius * 1.25))) } }),
  },
  {
    name: 'image.fullyLabeled',
    label: 'Toggle “fully labeled” (unpainted pixels are background)',
    keys: ['l'],
    group: 'Image',
    perform: (state) =>
      state.image ? { state, edit: { type: 'fullyLabeled', before: state.document.fullyLabeled, after: !state.document.fullyLabeled } } : null,
  },
];
