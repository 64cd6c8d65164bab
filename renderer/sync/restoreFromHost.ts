// At startup, before the app reads its store: brings the browser's store level with the host copy.
//  - store empty (new port, new browser profile, cleared or corrupted database): pull everything;
//  - store synced with this copy before: pull what changed after the seq it reached;
//  - store with rows the copy may lack (unsent writes, or never synced with this copy): push the whole
//    store first (its rows win), then pull everything else.

import type { SegAdaptApi } from '../../contract/api';
import type { BlobRef, StoredRowChange } from '../../contract/projectCopy';
import { ROW_PAGE_BYTES } from '../../contract/projectCopy';
import type Dexie from 'dexie';
import { downloadBlob } from './blobTransfer';
import type { CapturedChange } from './captureCommits';
import { pushChanges } from './pushChanges';
import { checkRow } from './rowValidators';
import { hasUnsentWrites, readMarker, setUnsentWrites, writeMarker } from './syncMarker';
import type { MarkerStorage } from './syncMarker';
import { blobRefsIn, fromWire } from './wireRows';

export type RestoreApi = Pick<SegAdaptApi, 'projectCopyStatus' | 'projectCopyPull' | 'projectCopyGetBlob' | 'projectCopyMissingBlobs' | 'projectCopyPutBlob' | 'projectCopyPush'>;

export interface RestoreReport {
  /** What happened, for the notice: nothing to do, a restore into an empty store, or catching up. */
  kind: 'level' | 'restored' | 'caught-up';
  projects: number;
  images: number;
  rowsApplied: number;
  rowsPushed: number;
  /** Rows the validators refused (left out), with why. */
  refused: string[];
  /** Tables the host copy has and this build does not (rows of a newer build), left in the host copy. */
  skippedTables: string[];
  milliseconds: number;
}

async function countRows(db: Dexie): Promise<number> {
  let total = 0;
  for (const table of db.tables) total += await table.count();
  return total;
}

/** Every row of every table, as changes, for a whole-store push. */
async function wholeStore(db: Dexie): Promise<CapturedChange[]> {
  const changes: CapturedChange[] = [];
  for (const table of db.tables) {
    await db.transaction('r', table, async () => {
      const keys = await table.toCollection().primaryKeys();
      const rows = await table.toArray();
      keys.forEach((key, index) => changes.push({ table: table.name, key: key as CapturedChange['key'], value: rows[index] }));
    });
  }
  return changes;
}

/** Blob bytes held at once while restoring: rows are written in batches whose blobs fit in this. */
const RESTORE_BATCH_BLOB_BYTES = 64 * 1024 * 1024;
const PARALLEL_DOWNLOADS = 4;

async function applyBatch(db: Dexie, api: RestoreApi, changes: StoredRowChange[], report: RestoreReport): Promise<void> {
  const refs = new Map<string, BlobRef>();
  for (const change of changes) for (const ref of blobRefsIn(change.value)) refs.set(ref.$blob, ref);
  const blobs = new Map<string, Blob>();
  // A few downloads at once: each is a round trip to the host.
  const queue = [...refs.values()];
  const worker = async () => {
    for (let ref = queue.shift(); ref; ref = queue.shift()) blobs.set(ref.$blob, await downloadBlob(api, ref));
  };
  await Promise.all(Array.from({ length: PARALLEL_DOWNLOADS }, worker));
  const byTable = new Map<string, { puts: unknown[]; putKeys: unknown[]; deletes: unknown[] }>();
  for (const change of changes) {
    const entry = byTable.get(change.table) ?? { puts: [], putKeys: [], deletes: [] };
    byTable.set(change.table, entry);
    if (change.value === null) {
      entry.deletes.push(change.key);
      continue;
    }
    const checked = checkRow(change.table, fromWire(change.value, (ref: BlobRef) => blobs.get(ref.$blob)!));
    if (!checked.ok) {
      report.refused.push(checked.reason);
      continue;
    }
    entry.puts.push(checked.value);
    entry.putKeys.push(change.key);
  }
  if (byTable.size === 0) return;
  await db.transaction('rw', [...byTable.keys()], async () => {
    for (const [name, entry] of byTable) {
      const table = db.table(name);
      if (entry.deletes.length) await table.bulkDelete(entry.deletes as never[]);
      if (entry.puts.length) {
        if (table.schema.primKey.keyPath) await table.bulkPut(entry.puts);
        else await table.bulkPut(entry.puts, entry.putKeys as never[]);
      }
      report.rowsApplied += entry.deletes.length + entry.puts.length;
    }
  });
}

async function applyPage(db: Dexie, api: RestoreApi, changes: StoredRowChange[], report: RestoreReport): Promise<void> {
  // Rows of a table this build does not have (written by a newer one) stay in the host copy only.
  const known = new Set(db.tables.map((table) => table.name));
  let batch: StoredRowChange[] = [];
  let blobBytes = 0;
  for (const change of changes) {
    if (!known.has(change.table)) {
      if (!report.skippedTables.includes(change.table)) report.skippedTables.push(change.table);
      continue;
    }
    const size = blobRefsIn(change.value).reduce((sum, ref) => sum + ref.size, 0);
    if (batch.length && blobBytes + size > RESTORE_BATCH_BLOB_BYTES) {
      await applyBatch(db, api, batch, report);
      batch = [];
      blobBytes = 0;
    }
    batch.push(change);
    blobBytes += size;
  }
  if (batch.length) await applyBatch(db, api, batch, report);
}

/**
 * Runs before the app opens its store; `pause` turns off the capture of writes while restored rows
 * are written (they came from the host).
 */
export async function restoreFromHost(db: Dexie, api: RestoreApi, storage: MarkerStorage, pause: (paused: boolean) => void): Promise<RestoreReport> {
  const started = performance.now();
  const report: RestoreReport = { kind: 'level', projects: 0, images: 0, rowsApplied: 0, rowsPushed: 0, refused: [], skippedTables: [], milliseconds: 0 };
  const status = await api.projectCopyStatus();
  const marker = readMarker(storage);
  const localRows = await countRows(db);
  // A build that now has a table an earlier pull had to skip pulls everything again.
  const gainedTables = (marker?.skippedTables ?? []).some((name) => db.tables.some((table) => table.name === name));
  const synced = marker !== null && marker.storeId === status.storeId && localRows > 0;
  if (localRows > 0 && (!synced || hasUnsentWrites(storage))) {
    const changes = await wholeStore(db);
    const { uncopyable } = await pushChanges(api, changes);
    report.rowsPushed = changes.length - uncopyable.length;
    // They stay in this store only; pushing the store again at every start would not change that.
    if (uncopyable.length) console.warn(`SegAdapt: ${uncopyable.length} row(s) cannot be copied to the host: ${uncopyable[0]}`);
    setUnsentWrites(storage, false);
  }
  const afterSeq = synced && !gainedTables ? marker.seq : 0;
  const localProjects = new Set((await db.table('projects').toCollection().primaryKeys()) as string[]);
  let seq = status.seq;
  if (status.seq > afterSeq || afterSeq === 0) {
    pause(true);
    try {
      let cursor: string | null = null;
      do {
        const page = await api.projectCopyPull({ afterSeq, cursor, maxBytes: ROW_PAGE_BYTES });
        await applyPage(db, api, page.changes, report);
        cursor = page.cursor;
        seq = page.seq;
      } while (cursor);
    } finally {
      pause(false);
    }
  }
  writeMarker(storage, { storeId: status.storeId, seq, ...(report.skippedTables.length ? { skippedTables: report.skippedTables } : {}) });
  if (report.rowsApplied > 0) {
    const after = await api.projectCopyStatus();
    // New to this store, or changed elsewhere since it last synced (not merely pulled again).
    const changed = after.projects.filter((project) => !localProjects.has(project.id) || (synced && project.revision > marker.seq));
    report.kind = localRows === 0 ? 'restored' : changed.length ? 'caught-up' : 'level';
    report.projects = changed.length;
    report.images = changed.reduce((sum, project) => sum + project.images, 0);
  }
  report.milliseconds = Math.round(performance.now() - started);
  return report;
}
