import { useEffect } from 'react';
import type { Editor } from '../editor/editor';
import { isMacPlatform } from './platform';

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'number', 'email', 'password', 'url', 'tel']);

/** Keys typed into a text field or a dialog are theirs; a checkbox, slider or colour well keeps the shortcuts working. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return TEXT_INPUT_TYPES.has(target.type);
  return target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName) || !!target.closest('[data-modal]');
}

/** Sends key presses to the editor unless the user is typing in a field or a dialog is open. */
export function useKeyboardRouting(editor: Editor, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const mac = isMacPlatform();
    const input = (event: KeyboardEvent) => ({ key: event.key, shift: event.shiftKey, alt: event.altKey, mod: mac ? event.metaKey : event.ctrlKey });
    const down = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      if (editor.keyDown(input(event))) event.preventDefault();
    };
    const up = (event: KeyboardEvent) => editor.keyUp(input(event));
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
    };
  }, [editor, enabled]);
}
