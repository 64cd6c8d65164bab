import { describe, expect, it } from 'vitest';
import { actionForBinding, EDITOR_ACTIONS } from './actionRegistry';
import { bindingOf, describeBinding } from './keyBinding';

const press = (key: string, mods: { shift?: boolean; alt?: boolean; mod?: boolean } = {}) => bindingOf({ key, shift: false, alt: false, mod: false, ...mods });

describe('key bindings', () => {
  it('normalise modifiers and leave shift out of printable symbols', () => {
    expect(press('Z', { mod: true, shift: true })).toBe('mod+shift+z');
    expect(press('?', { shift: true })).toBe('?');
    expect(press('Delete')).toBe('delete');
    expect(actionForBinding(press('z', { mod: true }))?.name).toBe('undo');
    expect(actionForBinding(press('Z', { mod: true, shift: true }))?.name).toBe('redo');
  });

  it('no two actions share a key', () => {
    const keys = EDITOR_ACTIONS.flatMap((a) => a.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('are shown the platform way', () => {
    expect(describeBinding('mod+shift+z', false)).toBe('Ctrl+Shift+Z');
    expect(describeBinding('mod+shift+z', true)).toBe('⌘⇧Z');
    expect(describeBinding('+', false)).toBe('+');
  });
});
