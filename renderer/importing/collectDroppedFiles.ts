import type { ImportCandidate } from './importImages';

/** Files from a drop, descending into dropped folders (names keep their folder path). */
export async function collectDroppedFiles(dataTransfer: DataTransfer): Promise<ImportCandidate[]> {
  const entries = Array.from(dataTransfer.items)
    .map((item) => item.webkitGetAsEntry?.())
    .filter((entry): entry is FileSystemEntry => !!entry);
  if (!entries.length) return Array.from(dataTransfer.files, (file) => ({ name: file.name, file }));
  const candidates: ImportCandidate[] = [];
  for (const entry of entries) await collectEntry(entry, candidates);
  return candidates;
}

async function collectEntry(entry: FileSystemEntry, into: ImportCandidate[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    into.push({ name: entry.fullPath.replace(/^\//, ''), file });
    return;
  }
  if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns the listing in batches until it returns none.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (!batch.length) break;
      for (const child of batch) await collectEntry(child, into);
    }
  }
}

export function candidatesFromInput(files: FileList | null): ImportCandidate[] {
  return Array.from(files ?? [], (file) => ({ name: file.webkitRelativePath || file.name, file }));
}
