// Wires the host copy into the app at startup: every SegAdaptDatabase opened from here on (the app's
// own included) forwards its committed writes to the host, and the store is first brought level with
// the host copy (restored when empty, caught up when behind).

import Dexie from 'dexie';
import type { SegAdaptApi } from '../../contract/api';
import { DATABASE_NAME, SegAdaptDatabase } from '../db/segAdaptDatabase';
import { captureCommits } from './captureCommits';
import { HostOutbox } from './hostOutbox';
import { restoreFromHost } from './restoreFromHost';
import type { RestoreReport } from './restoreFromHost';
import type { MarkerStorage } from './syncMarker';

export interface ProjectSync {
  outbox: HostOutbox;
  /** What the start-up restore did, or why it could not run (the app then works from the browser's store alone). */
  restore: RestoreReport | { error: string };
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

export async function startProjectSync(api: SegAdaptApi, storage: MarkerStorage): Promise<ProjectSync> {
  const outbox = new HostOutbox(api, storage);
  forwardWritesOfDatabases(outbox);
  const db = new SegAdaptDatabase();
  try {
    await db.open();
    const restore = await restoreFromHost(db, api, storage, (paused) => (outbox.paused = paused));
    return { outbox, restore };
  } catch (error) {
    return { outbox, restore: { error: error instanceof Error ? error.message : String(error) } };
  } finally {
    db.close();
  }
}
