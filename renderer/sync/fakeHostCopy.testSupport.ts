// For tests: the projectCopy* calls answered from memory, as host/projects answers them (the renderer
// may not import the host). Values go through a structured clone, as they would over a wire.

import type { BlobRef, ProjectCopyStatus, PullPage, PushResult, RowChange, StoredRowChange } from '../../contract/projectCopy';
import type { RestoreApi } from './restoreFromHost';

export class FakeHostCopy implements RestoreApi {
  storeId = 'fake-copy-1';
  seq = 0;
  readonly rows = new Map<string, StoredRowChange>();
  readonly blobs = new Map<string, Uint8Array>();
  pushes = 0;
  blobUploads = 0;
  failNext: Error | null = null;
  private uploads = new Map<string, Uint8Array[]>();

  async projectCopyStatus(): Promise<ProjectCopyStatus> {
    const projects = [...this.rows.values()]
      .filter((row) => row.table === 'projects' && row.value !== null)
      .map((row) => ({
        id: row.key as string,
        name: (row.value as { name: string }).name,
        revision: Math.max(...[...this.rows.values()].filter((r) => r.key === row.key || (r.value as { projectId?: string } | null)?.projectId === row.key).map((r) => r.seq)),
        images: [...this.rows.values()].filter((r) => r.table === 'images' && (r.value as { projectId?: string } | null)?.projectId === row.key).length,
      }));
    return { storeId: this.storeId, seq: this.seq, projects };
  }

  async projectCopyMissingBlobs(hashes: string[]): Promise<string[]> {
    return hashes.filter((hash) => !this.blobs.has(hash));
  }

  async projectCopyPutBlob(chunk: { hash: string; offset: number; total: number; data: Uint8Array }): Promise<{ stored: boolean }> {
    const pieces = chunk.offset === 0 ? [] : (this.uploads.get(chunk.hash) ?? []);
    pieces.push(chunk.data.slice());
    this.uploads.set(chunk.hash, pieces);
    const size = pieces.reduce((sum, piece) => sum + piece.byteLength, 0);
    if (size < chunk.total) return { stored: false };
    const whole = new Uint8Array(size);
    let offset = 0;
    for (const piece of pieces) {
      whole.set(piece, offset);
      offset += piece.byteLength;
    }
    this.blobs.set(chunk.hash, whole);
    this.blobUploads++;
    return { stored: true };
  }

  async projectCopyGetBlob(range: { hash: string; offset: number; length: number }): Promise<Uint8Array> {
    return this.blobs.get(range.hash)!.slice(range.offset, range.offset + range.length);
  }

  async projectCopyPush(changes: RowChange[]): Promise<PushResult> {
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = null;
      throw error;
    }
    const previousSeq = this.seq;
    this.seq++;
    this.pushes++;
    for (const change of structuredClone(changes)) {
      for (const ref of refs(change.value)) if (!this.blobs.has(ref.$blob)) throw new Error(`blob ${ref.$blob} was not uploaded`);
      this.rows.set(`${change.table}\u0000${JSON.stringify(change.key)}`, { ...change, seq: this.seq });
    }
    return { seq: this.seq, previousSeq };
  }

  async projectCopyPull(request: { afterSeq: number; cursor: string | null; maxBytes: number }): Promise<PullPage> {
    const changes = [...this.rows.values()].filter((row) => row.seq > request.afterSeq && !(request.afterSeq === 0 && row.value === null)).sort((a, b) => a.seq - b.seq);
    return { changes: structuredClone(changes), cursor: null, seq: this.seq };
  }

  value(table: string, key: unknown): unknown {
    return this.rows.get(`${table}\u0000${JSON.stringify(key)}`)?.value;
  }
}

function refs(value: unknown, found: BlobRef[] = []): BlobRef[] {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return found;
  if ('$blob' in value) found.push(value as BlobRef);
  else for (const item of Object.values(value)) refs(item, found);
  return found;
}
