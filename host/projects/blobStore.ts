// Blobs of the copy (images, thumbnails), one file each named by the SHA-256 of its bytes, so an image
// is sent and stored once. An upload arrives in pieces into `incoming/`, and only a whole, synced file
// whose hash matches its name is renamed into place: a row never names a blob that is not all there.

import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../contract/api';
import { BLOB_CHUNK_BYTES, isBlobHash } from '../../contract/projectCopy';
import type { BlobChunk, BlobRange } from '../../contract/projectCopy';
import { renameDurably } from './durableFiles';

/** Largest blob the copy takes (an image file is far smaller). */
export const MAX_BLOB_BYTES = 2 ** 32;

export type BlobStep = 'blob-piece-written' | 'blob-synced' | 'blob-stored';

interface Upload {
  file: string;
  handle: FileHandle;
  size: number;
  total: number;
}

async function hashOfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(file)) hash.update(piece as Buffer);
  return hash.digest('hex');
}

export class BlobStore {
  private readonly uploads = new Map<string, Upload>();
  private readonly incoming: string;

  constructor(
    private readonly folder: string,
    private readonly onStep: (step: BlobStep) => void = () => {},
  ) {
    this.incoming = path.join(folder, 'incoming');
  }

  /** Creates the folders and removes pieces of uploads a dead host left. */
  async open(): Promise<void> {
    await rm(this.incoming, { recursive: true, force: true });
    await mkdir(this.incoming, { recursive: true });
  }

  pathOf(hash: string): string {
    return path.join(this.folder, hash.slice(0, 2), hash);
  }

  has(hash: string): boolean {
    return isBlobHash(hash) && existsSync(this.pathOf(hash));
  }

  missing(hashes: readonly string[]): string[] {
    return [...new Set(hashes)].filter((hash) => !this.has(hash));
  }

  async put(chunk: BlobChunk): Promise<{ stored: boolean }> {
    const { hash, offset, total, data } = chunk;
    if (this.has(hash)) {
      await this.dropUpload(hash);
      return { stored: true };
    }
    if (offset === 0) {
      await this.dropUpload(hash);
      const file = path.join(this.incoming, `${hash}.${randomBytes(6).toString('hex')}`);
      this.uploads.set(hash, { file, handle: await open(file, 'wx'), size: 0, total });
    }
    const upload = this.uploads.get(hash);
    if (!upload || upload.size !== offset || upload.total !== total) {
      throw new ApiError('bad-request', `blob ${hash.slice(0, 12)}: piece at ${offset} of ${total} does not follow the upload so far (${upload ? `${upload.size} of ${upload.total}` : 'none'}); start again at 0`);
    }
    if (offset + data.byteLength > total) throw new ApiError('bad-request', `blob ${hash.slice(0, 12)}: pieces run past its ${total} bytes`);
    let written = 0;
    while (written < data.byteLength) written += (await upload.handle.write(data, written, data.byteLength - written, offset + written)).bytesWritten;
    upload.size += data.byteLength;
    this.onStep('blob-piece-written');
    if (upload.size < total) return { stored: false };
    await upload.handle.sync();
    await upload.handle.close();
    this.uploads.delete(hash);
    this.onStep('blob-synced');
    const actual = await hashOfFile(upload.file);
    if (actual !== hash) {
      await rm(upload.file, { force: true });
      throw new ApiError('bad-request', `blob ${hash.slice(0, 12)}: the bytes sent hash to ${actual.slice(0, 12)}, not to their name`);
    }
    await mkdir(path.dirname(this.pathOf(hash)), { recursive: true });
    await renameDurably(upload.file, this.pathOf(hash));
    this.onStep('blob-stored');
    return { stored: true };
  }

  async read(range: BlobRange): Promise<Uint8Array> {
    if (!this.has(range.hash)) throw new ApiError('not-found', `the project copy has no blob ${range.hash.slice(0, 12)}`);
    const length = Math.min(range.length, BLOB_CHUNK_BYTES);
    const handle = await open(this.pathOf(range.hash), 'r');
    try {
      const bytes = new Uint8Array(Math.max(0, Math.min(length, (await handle.stat()).size - range.offset)));
      let read = 0;
      while (read < bytes.byteLength) {
        const { bytesRead } = await handle.read(bytes, read, bytes.byteLength - read, range.offset + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      return bytes;
    } finally {
      await handle.close();
    }
  }

  /** Removes blobs no row names any more, if older than `minAgeMs` (a blob is uploaded before the rows that name it). */
  async removeUnreferenced(referenced: ReadonlySet<string>, minAgeMs: number): Promise<number> {
    let removed = 0;
    const cutoff = Date.now() - minAgeMs;
    for (const prefix of await readdir(this.folder)) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      for (const name of await readdir(path.join(this.folder, prefix))) {
        if (!isBlobHash(name) || referenced.has(name)) continue;
        const file = path.join(this.folder, prefix, name);
        if ((await stat(file)).mtimeMs > cutoff) continue;
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  private async dropUpload(hash: string): Promise<void> {
    const upload = this.uploads.get(hash);
    if (!upload) return;
    this.uploads.delete(hash);
    await upload.handle.close().catch(() => undefined);
    await rm(upload.file, { force: true });
  }

  async close(): Promise<void> {
    for (const hash of [...this.uploads.keys()]) await this.dropUpload(hash);
  }
}
