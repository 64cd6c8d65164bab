import { useEffect, useState } from 'react';
import { collectDroppedFiles } from '../importing/collectDroppedFiles';
import type { ImportCandidate } from '../importing/importImages';

/** Files and folders dropped anywhere on the window; returns whether a drag is over it now. */
export function useFileDrop(onDrop: (candidates: ImportCandidate[]) => void): boolean {
  const [over, setOver] = useState(false);
  useEffect(() => {
    const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const dragOver = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      setOver(true);
    };
    const dragLeave = (event: DragEvent) => {
      if (!event.relatedTarget) setOver(false);
    };
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event) || !event.dataTransfer) return;
      event.preventDefault();
      setOver(false);
      void collectDroppedFiles(event.dataTransfer).then(onDrop);
    };
    window.addEventListener('dragover', dragOver);
    window.addEventListener('dragleave', dragLeave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', dragOver);
      window.removeEventListener('dragleave', dragLeave);
      window.removeEventListener('drop', drop);
    };
  }, [onDrop]);
  return over;
}
