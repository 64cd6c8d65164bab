import { useEffect } from 'react';
import { isTyping } from '../canvas/useKeyboardRouting';
import type { PrelabelStore } from './prelabelStore';

/** A accepts all the open image's proposals, X rejects them; only while it has some (the editor binds neither key). */
export const ACCEPT_KEY = 'a';
export const REJECT_KEY = 'x';

export function usePrelabelKeys(store: PrelabelStore, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const down = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.repeat) return;
      if (!store.getSnapshot().openProposals) return;
      const key = event.key.toLowerCase();
      if (key !== ACCEPT_KEY && key !== REJECT_KEY) return;
      event.preventDefault();
      void (key === ACCEPT_KEY ? store.acceptAll() : store.reject());
    };
    window.addEventListener('keydown', down);
    return () => window.removeEventListener('keydown', down);
  }, [store, enabled]);
}
