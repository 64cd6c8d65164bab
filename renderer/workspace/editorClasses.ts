import type { ClassRecord } from '../db/records';
import type { EditorClass } from '../editor/editorState';

export const toEditorClasses = (classes: readonly ClassRecord[]): EditorClass[] =>
  classes.map(({ classId, name, color, opacity, visible }) => ({ classId, name, color, opacity, visible }));
