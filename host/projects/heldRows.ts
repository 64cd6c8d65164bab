// The copy's rows in memory, as the journal and the snapshot rebuild them: per table and key the
// latest value (null once deleted, kept so that a renderer that is behind learns of the deletion) and
// the seq of the push that wrote it.

import type { RowChange, RowKey, StoredRowChange } from '../../contract/projectCopy';
import { keyId } from './validateChanges';

export interface HeldRow extends StoredRowChange {
  /** The project the row belongs to (kept for deletions too), for status(). */
  projectId: string | null;
  /** Roughly its size on the wire (inflated), for paging. */
  bytes: number;
}

function approximateBytes(value: unknown): number {
  if (value === null || value === undefined) return 4;
  if (value instanceof Uint8Array) return value.byteLength + 24;
  if (typeof value === 'string') return value.length + 2;
  if (typeof value !== 'object') return 8;
  // A deflated byte array (packedBytes.ts) travels inflated.
  const packed = value as { $deflated?: unknown; length?: unknown };
  if (packed.$deflated instanceof Uint8Array && typeof packed.length === 'number') return packed.length + 24;
  let total = 2;
  for (const [name, item] of Object.entries(value)) total += name.length + 3 + approximateBytes(item);
  return total;
}

function projectOf(change: RowChange, previous: HeldRow | undefined, rows: Map<string, HeldRow>): string | null {
  if (change.table === 'projects' && typeof change.key === 'string') return change.key;
  const value = change.value as Record<string, unknown> | null;
  if (value && typeof value.projectId === 'string') return value.projectId;
  if (value && typeof value.imageId === 'string') return rows.get(keyId('images', value.imageId))?.projectId ?? null;
  return previous?.projectId ?? null;
}

export class HeldRows {
  readonly rows = new Map<string, HeldRow>();

  apply(change: RowChange, seq: number): void {
    const id = keyId(change.table, change.key);
    const previous = this.rows.get(id);
    if (change.value === null && !previous) return;
    this.rows.set(id, { table: change.table, key: change.key, value: change.value, seq, projectId: projectOf(change, previous, this.rows), bytes: 32 + change.table.length + JSON.stringify(change.key).length + approximateBytes(change.value) });
  }

  /** Puts back a row as a snapshot holds it, deletions included. */
  restore(row: HeldRow): void {
    this.rows.set(keyId(row.table, row.key), row);
  }

  get(table: string, key: RowKey): HeldRow | undefined {
    return this.rows.get(keyId(table, key));
  }

  values(): IterableIterator<HeldRow> {
    return this.rows.values();
  }
}
