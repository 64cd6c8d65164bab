import { useEffect } from 'react';
import { isTyping } from '../canvas/useKeyboardRouting';
import type { Editor } from '../editor/editor';
import { reviewCommandFor, type ReviewCommand } from './reviewKeys';
import type { ReviewStore } from './reviewStore';

function run(store: ReviewStore, command: ReviewCommand): void {
  switch (command) {
    case 'accept':
      store.accept();
      break;
    case 'reject':
      store.reject();
      break;
    case 'edit':
      store.edit();
      break;
    case 'acceptAllShown':
      store.acceptAllShown();
      break;
    case 'next':
      store.focusStep(1);
      break;
    case 'previous':
      store.focusStep(-1);
      break;
    case 'nextImage':
      void store.nextImage();
      break;
  }
}

/**
 * Routes the review keys (A, X, E, Tab, Shift+A, Enter/N) to the review store. It listens in the
 * capture phase, so a key it uses (E while a proposal waits) never reaches the editor's tools.
 */
export function useReviewKeys(store: ReviewStore, editor: Editor, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const down = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      // Enter on a focused button presses the button.
      if (event.key === 'Enter' && event.target instanceof HTMLElement && event.target.closest('button, a, [role="button"]')) return;
      const { review, queue } = store.getSnapshot();
      const state = editor.getState();
      const command = reviewCommandFor(
        { key: event.key, shift: event.shiftKey, alt: event.altKey, mod: event.ctrlKey || event.metaKey },
        { hasShown: !!review?.shown.length, queued: queue.some((q) => q.pending > 0), idle: state.interaction.state.endsWith('.idle') && !state.helpOpen && !state.panDrag },
      );
      if (!command) return;
      event.preventDefault();
      event.stopPropagation();
      if (event.repeat && command !== 'next' && command !== 'previous') return;
      run(store, command);
    };
    window.addEventListener('keydown', down, true);
    return () => window.removeEventListener('keydown', down, true);
  }, [store, editor, enabled]);
}
