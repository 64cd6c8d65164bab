import { useSyncExternalStore } from 'react';
import type { Editor } from './editor';
import type { EditorState } from './editorState';

/**
 * One slice of the editor state; the component re-renders only when that slice changes (the
 * selector must return a primitive or a reference the state keeps, not a new object).
 */
export function useEditorSelector<T>(editor: Editor, selector: (state: EditorState) => T): T {
  return useSyncExternalStore(editor.subscribe, () => selector(editor.getState()));
}
