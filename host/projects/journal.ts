// The append-only journal of acknowledged pushes: one framed record each, synced to disk before the
// push is acknowledged. A torn last record (the host killed mid-write, before the acknowledgement) is cut
// off when the journal is opened.

import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { syncFolder } from './durableFiles';
import { frameRecord, readRecordFile } from './recordFile';

/** Where a journal write stands; tests kill the host at each one. */
export type JournalStep = 'journal-written' | 'journal-synced' | 'journal-cleared';

export class Journal {
  private constructor(
    private readonly handle: FileHandle,
    private size: number,
  ) {}

  /** Opens (or creates) the journal and reads its whole records; a torn tail is truncated away. */
  static async open(file: string): Promise<{ journal: Journal; records: Uint8Array[] }> {
    const { records, validBytes, tailBytes } = await readRecordFile(file);
    const created = validBytes === 0 && tailBytes === 0;
    const handle = await open(file, 'a+').then(async (appendHandle) => {
      await appendHandle.close();
      return open(file, 'r+');
    });
    if (tailBytes > 0) {
      await handle.truncate(validBytes);
      await handle.sync();
    }
    if (created) await syncFolder(path.dirname(file));
    return { journal: new Journal(handle, validBytes), records };
  }

  get byteLength(): number {
    return this.size;
  }

  async append(payload: Uint8Array, onStep: (step: JournalStep) => void = () => {}): Promise<void> {
    const framed = frameRecord(payload);
    let written = 0;
    while (written < framed.byteLength) {
      const { bytesWritten } = await this.handle.write(framed, written, framed.byteLength - written, this.size + written);
      written += bytesWritten;
    }
    onStep('journal-written');
    await this.handle.datasync();
    this.size += framed.byteLength;
    onStep('journal-synced');
  }

  /** Empties the journal once a snapshot holds everything in it. */
  async clear(onStep: (step: JournalStep) => void = () => {}): Promise<void> {
    await this.handle.truncate(0);
    await this.handle.sync();
    this.size = 0;
    onStep('journal-cleared');
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
