import { useEffect } from 'react';
import type { EditWriter } from '../db/editWriter';

/** Asks before the window closes while an edit is still being written (it takes milliseconds). */
export function useUnsavedGuard(writer: EditWriter): void {
  useEffect(() => {
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (writer.hasPending) event.preventDefault();
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => window.removeEventListener('beforeunload', beforeUnload);
  }, [writer]);
}
