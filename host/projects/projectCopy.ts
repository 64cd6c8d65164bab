// The host's durable copy of the renderer's project store, in `<data dir>/projects/`:
//   snapshot.bin  every row as of some seq (written whole, then renamed in: always one whole snapshot)
//   journal.log   each acknowledged push after it, one synced record each (a torn last one is dropped)
//   blobs/        image bytes and thumbnails, one file per SHA-256
// A push is acknowledged only once its journal record is synced, and applied in memory only then; after
// enough pushes the rows are written as a new snapshot and the journal emptied. Opening replays the
// snapshot and then the journal records with a larger seq.

import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../contract/api';
import { ROW_PAGE_BYTES } from '../../contract/projectCopy';
import type { ProjectCopyStatus, PullPage, PullRequest, PushResult, RowChange } from '../../contract/projectCopy';
import { decodeFrame, encodeFrame } from '../../contract/wireCodec';
import { BlobStore } from './blobStore';
import type { BlobStep } from './blobStore';
import { HeldRows } from './heldRows';
import type { HeldRow } from './heldRows';
import { takeHostLock } from './hostLock';
import { Journal } from './journal';
import type { JournalStep } from './journal';
import { readSnapshot, removeSnapshotLeftovers, writeSnapshot } from './snapshotFile';
import type { SnapshotStep } from './snapshotFile';
import { packBytes, unpackBytes } from './packedBytes';
import { forEachBlobRef, keyId, validateChanges } from './validateChanges';

export type CopyStep = JournalStep | SnapshotStep | BlobStep | 'acknowledged' | 'snapshot-done';

export interface ProjectCopyOptions {
  /** Tests stop the host at each step of a write. */
  onStep?: (step: CopyStep) => void;
  /** A snapshot is written once the journal is this large... */
  snapshotAfterBytes?: number;
  /** ...or holds this many pushes. */
  snapshotAfterPushes?: number;
  /** Unreferenced blobs younger than this are kept (their rows may still be on the way). */
  blobGraceMs?: number;
}

type SnapshotPage =
  | { kind: 'header'; format: 1; storeId: string; seq: number }
  | { kind: 'rows'; rows: HeldRow[] }
  | { kind: 'end'; rows: number };

interface JournalEntry {
  seq: number;
  changes: RowChange[];
}

const SNAPSHOT_PAGE_BYTES = 8 * 1024 * 1024;

export class ProjectCopy {
  private queue: Promise<unknown> = Promise.resolve();
  private pushesSinceSnapshot = 0;
  private closed = false;

  private constructor(
    private readonly folder: string,
    readonly blobs: BlobStore,
    private readonly journal: Journal,
    private readonly held: HeldRows,
    private storeId: string,
    private seq: number,
    private readonly releaseLock: () => Promise<void>,
    private readonly options: ProjectCopyOptions,
  ) {}

  static async open(folder: string, options: ProjectCopyOptions = {}): Promise<ProjectCopy> {
    await mkdir(folder, { recursive: true });
    const releaseLock = await takeHostLock(path.join(folder, 'host.lock'));
    try {
      await removeSnapshotLeftovers(folder);
      const held = new HeldRows();
      let storeId: string | null = null;
      let seq = 0;
      const snapshot = await readSnapshot(folder);
      if (snapshot) {
        const pages = snapshot.map((record) => decodeFrame(record) as SnapshotPage);
        const header = pages[0];
        const end = pages[pages.length - 1];
        if (header?.kind !== 'header' || end?.kind !== 'end') throw new Error(`${path.join(folder, 'snapshot.bin')} is incomplete`);
        storeId = header.storeId;
        seq = header.seq;
        for (const page of pages) if (page.kind === 'rows') for (const row of page.rows) held.restore(row);
      }
      const { journal, records } = await Journal.open(path.join(folder, 'journal.log'));
      const blobs = new BlobStore(path.join(folder, 'blobs'), options.onStep);
      await blobs.open();
      const copy = new ProjectCopy(folder, blobs, journal, held, storeId ?? randomUUID(), seq, releaseLock, options);
      for (const record of records) copy.replay(decodeFrame(record) as JournalEntry);
      // A new copy gets its id on disk before any push is acknowledged.
      if (!snapshot) await copy.writeSnapshotNow();
      return copy;
    } catch (error) {
      await releaseLock();
      throw error;
    }
  }

  private replay(entry: JournalEntry): void {
    if (entry.seq <= this.seq) return; // already in the snapshot (killed between the snapshot and clearing the journal)
    if (entry.seq !== this.seq + 1) throw new Error(`the journal in ${this.folder} jumps from seq ${this.seq} to ${entry.seq}`);
    for (const change of entry.changes) this.held.apply(change, entry.seq);
    this.seq = entry.seq;
    this.pushesSinceSnapshot++;
  }

  /** Runs writes one at a time, in order. */
  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  status(): ProjectCopyStatus {
    const projects = new Map<string, { id: string; name: string; revision: number; images: number }>();
    for (const row of this.held.values()) {
      if (row.table === 'projects' && row.value !== null && typeof row.key === 'string') {
        const value = row.value as { name?: unknown };
        projects.set(row.key, { id: row.key, name: typeof value.name === 'string' ? value.name : row.key, revision: 0, images: 0 });
      }
    }
    for (const row of this.held.values()) {
      const project = row.projectId ? projects.get(row.projectId) : undefined;
      if (!project) continue;
      project.revision = Math.max(project.revision, row.seq);
      if (row.table === 'images' && row.value !== null) project.images++;
    }
    return { storeId: this.storeId, seq: this.seq, projects: [...projects.values()].sort((a, b) => a.name.localeCompare(b.name)) };
  }

  /** Journals a push and acknowledges it once it is on disk. */
  push(raw: unknown): Promise<PushResult> {
    return this.enqueue(async () => {
      if (this.closed) throw new ApiError('internal', 'the project copy is closed');
      const changes = validateChanges(raw, (hash) => this.blobs.has(hash)).map((change) => ({ ...change, value: packBytes(change.value) }));
      const previousSeq = this.seq;
      if (changes.length === 0) return { seq: previousSeq, previousSeq };
      const entry: JournalEntry = { seq: previousSeq + 1, changes };
      await this.journal.append(encodeFrame(entry), this.options.onStep);
      this.replay(entry);
      this.options.onStep?.('acknowledged');
      if (this.journal.byteLength > (this.options.snapshotAfterBytes ?? 64 * 1024 * 1024) || this.pushesSinceSnapshot >= (this.options.snapshotAfterPushes ?? 5000)) {
        // After the acknowledgement, still inside the queue: the next push waits for it.
        void this.enqueue(() => this.writeSnapshotNow());
      }
      return { seq: this.seq, previousSeq };
    });
  }

  /** Rows changed after `afterSeq`, in seq order, a page at a time. Deletions are left out of a full pull. */
  pull(request: PullRequest): PullPage {
    const afterSeq = Number.isSafeInteger(request?.afterSeq) && request.afterSeq > 0 ? request.afterSeq : 0;
    const maxBytes = Number.isSafeInteger(request?.maxBytes) && request.maxBytes > 0 ? Math.min(request.maxBytes, ROW_PAGE_BYTES) : ROW_PAGE_BYTES;
    let after: [number, string] | null = null;
    if (request?.cursor != null) {
      try {
        after = JSON.parse(request.cursor) as [number, string];
      } catch {
        throw new ApiError('bad-request', 'projectCopyPull: unreadable cursor');
      }
    }
    const candidates: { row: HeldRow; id: string }[] = [];
    for (const row of this.held.values()) {
      if (row.seq <= afterSeq || (afterSeq === 0 && row.value === null)) continue;
      const id = keyId(row.table, row.key);
      if (after && (row.seq < after[0] || (row.seq === after[0] && id <= after[1]))) continue;
      candidates.push({ row, id });
    }
    candidates.sort((a, b) => a.row.seq - b.row.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const changes: PullPage['changes'] = [];
    let bytes = 0;
    let last: { row: HeldRow; id: string } | null = null;
    for (const candidate of candidates) {
      if (changes.length > 0 && bytes + candidate.row.bytes > maxBytes) break;
      const { table, key, value, seq } = candidate.row;
      changes.push({ table, key, value: unpackBytes(value), seq });
      bytes += candidate.row.bytes;
      last = candidate;
    }
    const more = last !== null && changes.length < candidates.length;
    return { changes, cursor: more ? JSON.stringify([last!.row.seq, last!.id]) : null, seq: this.seq };
  }

  private *snapshotPages(): Generator<Uint8Array> {
    yield encodeFrame({ kind: 'header', format: 1, storeId: this.storeId, seq: this.seq } satisfies SnapshotPage);
    let page: HeldRow[] = [];
    let bytes = 0;
    let count = 0;
    for (const row of this.held.values()) {
      page.push(row);
      bytes += row.bytes;
      count++;
      if (bytes >= SNAPSHOT_PAGE_BYTES) {
        yield encodeFrame({ kind: 'rows', rows: page } satisfies SnapshotPage);
        page = [];
        bytes = 0;
      }
    }
    if (page.length) yield encodeFrame({ kind: 'rows', rows: page } satisfies SnapshotPage);
    yield encodeFrame({ kind: 'end', rows: count } satisfies SnapshotPage);
  }

  private async writeSnapshotNow(): Promise<void> {
    await writeSnapshot(this.folder, this.snapshotPages(), this.options.onStep);
    await this.journal.clear(this.options.onStep);
    this.pushesSinceSnapshot = 0;
    this.options.onStep?.('snapshot-done');
  }

  /**
   * Writes a snapshot and removes blobs no row names that are older than the grace period (a blob is
   * uploaded before the push that names it). Run at a clean shutdown, so the next start replays little.
   */
  compact(): Promise<void> {
    return this.enqueue(async () => {
      await this.writeSnapshotNow();
      const referenced = new Set<string>();
      for (const row of this.held.values()) forEachBlobRef(row.value, (ref) => referenced.add(ref.$blob));
      await this.blobs.removeUnreferenced(referenced, this.options.blobGraceMs ?? 60 * 60 * 1000);
    });
  }

  async close(): Promise<void> {
    await this.enqueue(async () => {
      this.closed = true;
    });
    await this.blobs.close();
    await this.journal.close();
    await this.releaseLock();
  }

  /** For tests: a row as a renderer would pull it. */
  row(table: string, key: RowChange['key']): HeldRow | undefined {
    const row = this.held.get(table, key);
    return row && { ...row, value: unpackBytes(row.value) };
  }
}
