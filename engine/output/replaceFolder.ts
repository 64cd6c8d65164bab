// Writes a folder whole, next to where it goes, and swaps it in with renames, so that a kill at any point
// leaves the old folder or the new one under the name. POSIX has no atomic swap of two non-empty folders,
// so between two renames the old folder sits in a sibling `.NAME.previous-*`; recoverInterruptedWrite, run
// before every read and write of the name, moves it back. Leftovers of dead writers are removed.

import { existsSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export interface FolderFile {
  name: string;
  data: Uint8Array;
}

/** Where a write stands; tests stop a writer at each one. */
export type WriteStep = 'partial-created' | 'file-written' | 'old-moved-aside' | 'new-moved-in' | 'old-removed';

// Also matches `.NAME.staging-PID`, the predict staging folder of earlier versions.
const LEFTOVER = /^\.(.+)\.(partial|previous|staging)-(\d+)(?:-[a-z0-9]+-[a-z0-9]+)?$/;

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sibling(folder: string, kind: 'partial' | 'previous'): string {
  const stamp = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return path.join(path.dirname(folder), `.${path.basename(folder)}.${kind}-${stamp}`);
}

/**
 * Puts back a folder left aside by a writer that died between its two renames, and removes the partial
 * folders of writers that are no longer running. Folders of live writers are left alone.
 */
export async function recoverInterruptedWrite(folder: string): Promise<void> {
  const target = path.resolve(folder);
  const parent = path.dirname(target);
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  const leftovers = names
    .map((name) => ({ name, match: LEFTOVER.exec(name) }))
    .filter((entry) => entry.match && entry.match[1] === path.basename(target) && !isAlive(Number(entry.match[3])))
    .sort((a, b) => b.name.localeCompare(a.name));
  const previous = leftovers.filter((entry) => entry.match![2] === 'previous');
  if (previous.length > 0 && !existsSync(target)) await rename(path.join(parent, previous[0].name), target);
  for (const entry of leftovers) {
    const full = path.join(parent, entry.name);
    if (existsSync(full)) await rm(full, { recursive: true, force: true });
  }
}

async function writeDurably(file: string, data: Uint8Array): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes `files` as the whole content of `folder`, replacing what was there only once all of it is on disk. */
export async function writeFolderAtomically(folder: string, files: FolderFile[], onStep: (step: WriteStep) => void = () => {}): Promise<void> {
  const target = path.resolve(folder);
  await mkdir(path.dirname(target), { recursive: true });
  await recoverInterruptedWrite(target);
  const partial = sibling(target, 'partial');
  const previous = sibling(target, 'previous');
  let movedAside = false;
  try {
    await mkdir(partial);
    onStep('partial-created');
    for (const file of files) {
      const destination = path.join(partial, file.name);
      await mkdir(path.dirname(destination), { recursive: true });
      await writeDurably(destination, file.data);
      onStep('file-written');
    }
    if (existsSync(target)) {
      await rename(target, previous);
      movedAside = true;
      onStep('old-moved-aside');
    }
    await rename(partial, target);
    onStep('new-moved-in');
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    if (movedAside && !existsSync(target)) await rename(previous, target);
    throw error;
  }
  if (movedAside) {
    await rm(previous, { recursive: true, force: true });
    onStep('old-removed');
  }
}
