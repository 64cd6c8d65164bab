import { replaceShapeEdit } from '../document';
import { selectedShape } from '../editorState';
import type { EditorAction } from './action';

/**
 * 1-9 pick the class at that position in the list for the next shape or stroke. With the select tool and a
 * shape selected they also move that shape to the class (one undoable edit); while drawing, the shape just
 * drawn keeps its class, so picking the class for the next one never relabels the last.
 */
export const classActions: EditorAction[] = Array.from({ length: 9 }, (_, index) => ({
  name: `class.${index + 1}`,
  label: `Use class ${index + 1} (with the select tool: give it to the selected shape)`,
  keys: [String(index + 1)],
  group: 'Classes' as const,
  perform(state) {
    const chosen = state.classes[index];
    if (!chosen) return null;
    const next = { ...state, activeClassId: chosen.classId };
    const shape = selectedShape(state);
    if (state.tool !== 'select' || !shape || shape.classId === chosen.classId) return { state: next };
    return { state: next, edit: replaceShapeEdit(shape, { ...shape, classId: chosen.classId }) };
  },
}));
