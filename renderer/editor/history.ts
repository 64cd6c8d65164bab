import type { DocumentEdit } from './document';

const MAX_UNDO = 500;

/** Undo and redo stacks of document edits. Immutable: each change returns a new history. */
export interface History {
  undo: readonly DocumentEdit[];
  redo: readonly DocumentEdit[];
}

export const EMPTY_HISTORY: History = { undo: [], redo: [] };

export function pushEdit(history: History, edit: DocumentEdit): History {
  return { undo: [...history.undo.slice(-(MAX_UNDO - 1)), edit], redo: [] };
}

export function popUndo(history: History): { edit: DocumentEdit; history: History } | null {
  const edit = history.undo.at(-1);
  if (!edit) return null;
  return { edit, history: { undo: history.undo.slice(0, -1), redo: [...history.redo, edit] } };
}

export function popRedo(history: History): { edit: DocumentEdit; history: History } | null {
  const edit = history.redo.at(-1);
  if (!edit) return null;
  return { edit, history: { undo: [...history.undo, edit], redo: history.redo.slice(0, -1) } };
}
