// Wires the host copy into the app at startup: every SegAdaptDatabase opened from here on (the app's
// own included) forwards its committed writes to the host, and the store is first brought level with
// the host copy (restored when empty, caught up when behind, rebuilt when it cannot be opened).

import Dexie from 'dexie';
import type { SegAdaptApi } from '../../contract/api';
import { DATABASE_NAME, SegAdaptDatabase } from '../db/segAdaptDatabase';
import { captureCommits } from './captureCommits';
import { HostOutbox } from './hostOutbox';
import { restoreFromHost } from './restoreFromHost';
import type { RestoreApi, RestoreReport } from './restoreFromHost';
import { hasUnsentWrites } from './syncMarker';
import type { MarkerStorage } from './syncMarker';

export interface ProjectSync {
  outbox: HostOutbox;
  /** What the start-up restore did, or why it could not run (the app then works from the browser's store alone). */
  restore: (RestoreReport & { rebuiltBecause?: string }) | { error: string };
}

let installed: HostOutbox | null = null;

/** Captures the writes of every database named `name` created after this call, into `outbox`. */
export function forwardWritesOfDatabases(outbox: HostOutbox, name = DATABASE_NAME): void {
  if (installed) throw new Error('the host copy is already wired in');
  installed = outbox;
  Dexie.addons.push((db: Dexie) => {
    if (db.name === name) captureCommits(db, outbox);
  });
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** An IndexedDB that cannot be opened for another reason than a newer schema (a corrupted backing store, a failed upgrade). */
function isUnopenable(error: unknown): boolean {
  const failure = error as { name?: string; inner?: { name?: string } } | null;
  return failure?.name === 'OpenFailedError' && failure.inner?.name !== 'VersionError';
}

/**
 * Opens the store; one that cannot be opened is deleted and rebuilt from the host copy, but only when
 * the host holds projects and every write of this browser was acknowledged (then nothing is lost).
 */
async function openOrRebuild(api: RestoreApi, storage: MarkerStorage, open: () => SegAdaptDatabase): Promise<{ db: SegAdaptDatabase; rebuiltBecause?: string }> {
  const db = open();
  try {
    await db.open();
    return { db };
  } catch (error) {
    if (!isUnopenable(error) || hasUnsentWrites(storage) || (await api.projectCopyStatus()).projects.length === 0) throw error;
    db.close();
    await Dexie.delete(db.name);
    const fresh = open();
    await fresh.open();
    return { db: fresh, rebuiltBecause: messageOf(error) };
  }
}

export interface ProjectSyncOptions {
  /** The database to bring level (tests); the app's own by default. */
  database?: () => SegAdaptDatabase;
  /** Whether databases opened later forward their writes (off in tests, which wire their own). */
  forwardWrites?: boolean;
}

export async function startProjectSync(api: SegAdaptApi, storage: MarkerStorage, options: ProjectSyncOptions = {}): Promise<ProjectSync> {
  const outbox = new HostOutbox(api, storage);
  if (options.forwardWrites ?? true) forwardWritesOfDatabases(outbox);
  let db: SegAdaptDatabase | null = null;
  try {
    const opened = await openOrRebuild(api, storage, options.database ?? (() => new SegAdaptDatabase()));
    db = opened.db;
    const restore = await restoreFromHost(db, api, storage, (paused) => (outbox.paused = paused));
    return { outbox, restore: opened.rebuiltBecause ? { ...restore, rebuiltBecause: opened.rebuiltBecause } : restore };
  } catch (error) {
    return { outbox, restore: { error: messageOf(error) } };
  } finally {
    db?.close();
  }
}
