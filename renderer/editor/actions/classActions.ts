import type { EditorAction } from './action';
import { replaceShapeEdit } from '../document';
import { selectedShape } from '../editorState';

/** 1-9 pick the class at that position; a selected shape moves to it too. */
export const classActions: EditorAction[] = Array.from({ length: 9 }, (_, index) => ({
  name: `class.${index + 1}`,
  label: `Class ${index + 1}`,
  keys: [String(index + 1)],
  group: 'Classes' as const,
  perform(state) {
    const chosen = state.classes[index];
    if (!chosen) return null;
    const next = { ...state, activeClassId: chosen.classId };
    const shape = selectedShape(state);
    if (!shape || shape.classId === chosen.classId) return { state: next };
    return { state: next, edit: replaceShapeEdit(shape, { ...shape, classId: chosen.classId }) };
  },
}));
