// The images selected in the image list: a click selects one, Ctrl/Cmd+click adds or removes one,
// Shift+click selects the run of the list (as filtered) from the last clicked image.

export interface ImageSelection {
  ids: readonly string[];
  /** Where a Shift+click range starts: the image clicked last without Shift. */
  anchorId: string | null;
}

export const NO_SELECTION: ImageSelection = { ids: [], anchorId: null };

export type SelectionClick = 'single' | 'toggle' | 'range';

/** Just `imageId`, which also anchors the next Shift+click. */
export function singleSelection(imageId: string): ImageSelection {
  return { ids: [imageId], anchorId: imageId };
}

export function selectionClickOf(event: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }): SelectionClick {
  if (event.shiftKey) return 'range';
  if (event.ctrlKey || event.metaKey) return 'toggle';
  return 'single';
}

/** The selection after clicking `clickedId` in `listIds` (the list in the order shown). */
export function clickSelection(selection: ImageSelection, clickedId: string, click: SelectionClick, listIds: readonly string[]): ImageSelection {
  if (click === 'toggle') {
    const ids = selection.ids.includes(clickedId) ? selection.ids.filter((id) => id !== clickedId) : [...selection.ids, clickedId];
    return { ids, anchorId: clickedId };
  }
  if (click === 'range' && selection.anchorId !== null) {
    const from = listIds.indexOf(selection.anchorId);
    const to = listIds.indexOf(clickedId);
    if (from >= 0 && to >= 0) {
      const run = listIds.slice(Math.min(from, to), Math.max(from, to) + 1);
      return { ids: [...selection.ids.filter((id) => !run.includes(id)), ...run], anchorId: selection.anchorId };
    }
  }
  return singleSelection(clickedId);
}

/** The selection without images that are gone. */
export function keepExisting(selection: ImageSelection, existingIds: ReadonlySet<string>): ImageSelection {
  const ids = selection.ids.filter((id) => existingIds.has(id));
  const anchorId = selection.anchorId !== null && existingIds.has(selection.anchorId) ? selection.anchorId : null;
  return ids.length === selection.ids.length && anchorId === selection.anchorId ? selection : { ids, anchorId };
}
