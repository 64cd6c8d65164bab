import { describe, expect, it } from 'vitest';
import { clickSelection, keepExisting, NO_SELECTION, selectionClickOf } from './imageSelection';

const list = ['a', 'b', 'c', 'd', 'e'];

describe('image selection', () => {
  it('a click selects one image; Ctrl/Cmd+click adds or removes one; Shift+click selects the run from the last click', () => {
    let selection = clickSelection(NO_SELECTION, 'b', 'single', list);
    expect(selection.ids).toEqual(['b']);
    selection = clickSelection(selection, 'd', 'toggle', list);
    expect(selection.ids).toEqual(['b', 'd']);
    selection = clickSelection(selection, 'b', 'toggle', list);
    expect(selection.ids).toEqual(['d']);
    selection = clickSelection(selection, 'd', 'single', list);
    // The run from d (the last click) back to b.
    selection = clickSelection(selection, 'b', 'range', list);
    expect([...selection.ids].sort()).toEqual(['b', 'c', 'd']);
    // Another Shift+click extends from the same anchor.
    selection = clickSelection(selection, 'e', 'range', list);
    expect([...selection.ids].sort()).toEqual(['b', 'c', 'd', 'e']);
    expect(clickSelection(selection, 'a', 'single', list)).toEqual({ ids: ['a'], anchorId: 'a' });
  });

  it('Shift+click without an anchor in the list selects just the image', () => {
    expect(clickSelection(NO_SELECTION, 'c', 'range', list).ids).toEqual(['c']);
    expect(clickSelection({ ids: ['z'], anchorId: 'z' }, 'c', 'range', list).ids).toEqual(['c']);
  });

  it('maps modifier keys, and drops removed images', () => {
    expect(selectionClickOf({ shiftKey: true, ctrlKey: true, metaKey: false })).toBe('range');
    expect(selectionClickOf({ shiftKey: false, ctrlKey: false, metaKey: true })).toBe('toggle');
    expect(selectionClickOf({ shiftKey: false, ctrlKey: false, metaKey: false })).toBe('single');
    const selection = { ids: ['a', 'b'], anchorId: 'b' };
    expect(keepExisting(selection, new Set(['a', 'b']))).toBe(selection);
    expect(keepExisting(selection, new Set(['a']))).toEqual({ ids: ['a'], anchorId: null });
  });
});
