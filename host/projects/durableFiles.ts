// fsync helpers: a file is on disk once its data is synced, a new name once its folder is synced too.

import { open, rename } from 'node:fs/promises';
import path from 'node:path';

/** Syncs a folder's entries (new or renamed names); Windows cannot open folders, and there it is a no-op. */
export async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch {
    // EISDIR/EPERM where folders cannot be synced: the rename is still atomic, only its durability is the OS's.
  } finally {
    await handle.close();
  }
}

/** Renames `from` to `to` (replacing it) and syncs the folder, so the new name survives a power cut. */
export async function renameDurably(from: string, to: string): Promise<void> {
  await rename(from, to);
  await syncFolder(path.dirname(to));
}
