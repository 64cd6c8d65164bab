// A snapshot of the whole copy: framed records (a header, pages of rows, an end mark) written to a
// temporary file, synced, then renamed over the previous snapshot, so the name always holds one whole
// snapshot: the old one or the new one.

import { open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { renameDurably } from './durableFiles';
import { frameRecord, readRecordFile } from './recordFile';

export const SNAPSHOT_NAME = 'snapshot.bin';
const TEMPORARY = /^snapshot\.bin\.tmp-\d+$/;

/** Where a snapshot write stands; tests kill the host at each one. */
export type SnapshotStep = 'snapshot-page-written' | 'snapshot-synced' | 'snapshot-renamed';

export async function writeSnapshot(folder: string, pages: Iterable<Uint8Array>, onStep: (step: SnapshotStep) => void = () => {}): Promise<void> {
  const temporary = path.join(folder, `${SNAPSHOT_NAME}.tmp-${process.pid}`);
  const handle = await open(temporary, 'w');
  try {
    let position = 0;
    for (const page of pages) {
      const framed = frameRecord(page);
      let written = 0;
      while (written < framed.byteLength) {
        const { bytesWritten } = await handle.write(framed, written, framed.byteLength - written, position + written);
        written += bytesWritten;
      }
      position += framed.byteLength;
      onStep('snapshot-page-written');
    }
    await handle.sync();
    onStep('snapshot-synced');
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await renameDurably(temporary, path.join(folder, SNAPSHOT_NAME));
  onStep('snapshot-renamed');
}

/** The snapshot's records, or null when there is none yet. A damaged snapshot is an error, never read in part. */
export async function readSnapshot(folder: string): Promise<Uint8Array[] | null> {
  const file = path.join(folder, SNAPSHOT_NAME);
  const { records, validBytes, tailBytes } = await readRecordFile(file);
  if (validBytes === 0 && tailBytes === 0) return null;
  if (tailBytes > 0) throw new Error(`${file} is damaged after byte ${validBytes}; the journal beside it cannot be replayed without it`);
  return records;
}

/** Removes temporary snapshots of writers that died before renaming them. */
export async function removeSnapshotLeftovers(folder: string): Promise<void> {
  for (const name of await readdir(folder)) if (TEMPORARY.test(name)) await rm(path.join(folder, name), { force: true });
}
