import type { EditorAction } from './action';

/** 1-9 pick the class at that position in the list for the next shape or stroke. */
export const classActions: EditorAction[] = Array.from({ length: 9 }, (_, index) => ({
  name: `class.${index + 1}`,
  label: `Use class ${index + 1}`,
  keys: [String(index + 1)],
  group: 'Classes' as const,
  perform(state) {
    const chosen = state.classes[index];
    return chosen ? { state: { ...state, activeClassId: chosen.classId } } : null;
  },
}));
