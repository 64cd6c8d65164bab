// What this browser profile (origin) knows of the host copy, in localStorage beside the database:
// the copy it last synced with and up to which seq, and whether it may hold writes the host has not
// acknowledged (then the whole store is pushed again at the next start).

export type MarkerStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface SyncMarker {
  storeId: string;
  seq: number;
  /** Tables the last pull skipped (unknown to this build). */
  skippedTables?: string[];
}

const MARKER_KEY = 'segadapt.hostCopy.synced';
const UNSENT_KEY = 'segadapt.hostCopy.unsent';

export function readMarker(storage: MarkerStorage): SyncMarker | null {
  try {
    const marker = JSON.parse(storage.getItem(MARKER_KEY) ?? 'null') as Partial<SyncMarker> | null;
    if (!marker || typeof marker.storeId !== 'string' || !Number.isSafeInteger(marker.seq)) return null;
    const skipped = Array.isArray(marker.skippedTables) ? marker.skippedTables.filter((name): name is string => typeof name === 'string') : [];
    return { storeId: marker.storeId, seq: marker.seq!, ...(skipped.length ? { skippedTables: skipped } : {}) };
  } catch {
    return null;
  }
}

export function writeMarker(storage: MarkerStorage, marker: SyncMarker): void {
  storage.setItem(MARKER_KEY, JSON.stringify(marker));
}

export const hasUnsentWrites = (storage: MarkerStorage): boolean => storage.getItem(UNSENT_KEY) === '1';

export function setUnsentWrites(storage: MarkerStorage, unsent: boolean): void {
  if (unsent) storage.setItem(UNSENT_KEY, '1');
  else storage.removeItem(UNSENT_KEY);
}
