import type { EditorAction } from './action';
import { classActions } from './classActions';
import { editActions } from './editActions';
import { toolActions } from './toolActions';
import { viewActions } from './viewActions';

export const EDITOR_ACTIONS: EditorAction[] = [...toolActions, ...classActions, ...editActions, ...viewActions];

const byBinding = new Map<string, EditorAction>(EDITOR_ACTIONS.flatMap((action) => action.keys.map((key) => [key, action] as const)));
const byName = new Map(EDITOR_ACTIONS.map((action) => [action.name, action]));

export const actionForBinding = (binding: string): EditorAction | undefined => byBinding.get(binding);
export const actionNamed = (name: string): EditorAction | undefined => byName.get(name);
