import { useEffect } from 'react';
import { isTyping } from '../canvas/useKeyboardRouting';
import type { WorkspaceStore } from '../workspace/workspaceStore';

/** Page Down / Page Up open the next / previous image of the filtered list, as in most labeling tools' image strip. */
export const NEXT_IMAGE_KEY = 'PageDown';
export const PREVIOUS_IMAGE_KEY = 'PageUp';

export function useImageNavigationKeys(workspace: WorkspaceStore): void {
  useEffect(() => {
    const down = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key !== NEXT_IMAGE_KEY && event.key !== PREVIOUS_IMAGE_KEY) return;
      event.preventDefault();
      void workspace.openAdjacentImage(event.key === NEXT_IMAGE_KEY ? 1 : -1);
    };
    window.addEventListener('keydown', down);
    return () => window.removeEventListener('keydown', down);
  }, [workspace]);
}
