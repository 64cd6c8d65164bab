import { useEffect, type RefObject } from 'react';
import type { Editor, RawPointer } from '../editor/editor';
import { screenPoint } from '../geometry/points';
import { createClickCounter } from './clickCounter';
import { isMacPlatform } from './platform';

const LINE_HEIGHT_PX = 16;

/** Forwards pointer and wheel events on the canvas element to the editor, in stage coordinates. */
export function usePointerRouting(element: RefObject<HTMLElement | null>, editor: Editor): void {
  useEffect(() => {
    const target = element.current;
    if (!target) return;
    const countClick = createClickCounter();
    const mac = isMacPlatform();
    const toRaw = (event: PointerEvent, clickCount = 1): RawPointer => {
      const bounds = target.getBoundingClientRect();
      return {
        screen: screenPoint(event.clientX - bounds.left, event.clientY - bounds.top),
        button: event.button,
        clickCount,
        shift: event.shiftKey,
        alt: event.altKey,
        mod: mac ? event.metaKey : event.ctrlKey,
      };
    };
    const down = (event: PointerEvent) => {
      if (event.button === 2) return;
      event.preventDefault();
      // preventDefault keeps focus where it was; drawing means the keys are for the canvas again.
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
      target.setPointerCapture(event.pointerId);
      const raw = toRaw(event);
      editor.pointerDown({ ...raw, clickCount: countClick(raw.screen.x, raw.screen.y, event.timeStamp) });
    };
    const move = (event: PointerEvent) => editor.pointerMove({ ...toRaw(event), button: 0 });
    const up = (event: PointerEvent) => {
      if (target.hasPointerCapture(event.pointerId)) target.releasePointerCapture(event.pointerId);
      editor.pointerUp(toRaw(event));
    };
    const wheel = (event: WheelEvent) => {
      event.preventDefault();
      const bounds = target.getBoundingClientRect();
      const delta = event.deltaMode === 1 ? event.deltaY * LINE_HEIGHT_PX : event.deltaY;
      editor.wheel(screenPoint(event.clientX - bounds.left, event.clientY - bounds.top), delta);
    };
    const noMenu = (event: Event) => event.preventDefault();
    target.addEventListener('pointerdown', down);
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
    target.addEventListener('pointercancel', up);
    target.addEventListener('wheel', wheel, { passive: false });
    target.addEventListener('contextmenu', noMenu);
    return () => {
      target.removeEventListener('pointerdown', down);
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
      target.removeEventListener('pointercancel', up);
      target.removeEventListener('wheel', wheel);
      target.removeEventListener('contextmenu', noMenu);
    };
  }, [element, editor]);
}
