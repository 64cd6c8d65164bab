import type { EditorState } from '../editorState';
import type { ToolContext, ToolStep } from '../../tools/toolTypes';

/** A user command: named, labelled for the help overlay, bound to keys, pure over the editor state. */
export interface EditorAction {
  name: string;
  label: string;
  /** Bindings like 'mod+z', 'shift+mod+z', 'f', '?'. */
  keys: string[];
  group: 'Tools' | 'Classes' | 'Edit' | 'View' | 'Image';
  /** Null when the action does not apply now. */
  perform(state: EditorState, ctx: ToolContext): ToolStep | null;
}
