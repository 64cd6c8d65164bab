// What a push must look like before the copy journals it. The renderer's record validators know each
// table's shape; the host checks only what keeps the copy sound for every table, present or future:
// names, keys, plain objects, and that every blob a row names is already stored.

import { ApiError } from '../../contract/api';
import { isBlobHash } from '../../contract/projectCopy';
import type { BlobRef, RowChange, RowKey } from '../../contract/projectCopy';

export const MAX_CHANGES_PER_PUSH = 200_000;
const TABLE_NAME = /^[A-Za-z_$][\w$]{0,63}$/;
const MAX_KEY_LENGTH = 2048;
const MAX_DEPTH = 32;

function isRowKey(key: unknown, depth = 0): key is RowKey {
  if (typeof key === 'string') return key.length <= MAX_KEY_LENGTH;
  if (typeof key === 'number') return Number.isFinite(key);
  return Array.isArray(key) && depth < 3 && key.length > 0 && key.length <= 16 && key.every((part) => isRowKey(part, depth + 1));
}

export const keyId = (table: string, key: RowKey): string => `${table}\u0000${JSON.stringify(key)}`;

export function isBlobRef(value: unknown): value is BlobRef {
  if (typeof value !== 'object' || value === null || !('$blob' in value)) return false;
  const ref = value as BlobRef;
  return isBlobHash(ref.$blob) && typeof ref.type === 'string' && Number.isSafeInteger(ref.size) && ref.size >= 0;
}

/** Calls `visit` with every blob ref inside a row value. */
export function forEachBlobRef(value: unknown, visit: (ref: BlobRef) => void, depth = 0): void {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return;
  if (depth > MAX_DEPTH) throw new ApiError('bad-request', `a row is nested more than ${MAX_DEPTH} deep`);
  if ('$blob' in value) {
    if (!isBlobRef(value)) throw new ApiError('bad-request', 'a row holds a malformed blob reference');
    visit(value);
    return;
  }
  for (const item of Array.isArray(value) ? value : Object.values(value)) forEachBlobRef(item, visit, depth + 1);
}

/** The changes of a push, checked; `hasBlob` says whether a named blob is stored. */
export function validateChanges(raw: unknown, hasBlob: (hash: string) => boolean): RowChange[] {
  if (!Array.isArray(raw)) throw new ApiError('bad-request', 'projectCopyPush needs a list of changes');
  if (raw.length > MAX_CHANGES_PER_PUSH) throw new ApiError('bad-request', `a push holds at most ${MAX_CHANGES_PER_PUSH} changes, not ${raw.length}`);
  return raw.map((item: unknown, index) => {
    const change = item as Partial<RowChange> | null;
    const where = `change ${index}`;
    if (typeof change !== 'object' || change === null) throw new ApiError('bad-request', `${where} is not an object`);
    if (typeof change.table !== 'string' || !TABLE_NAME.test(change.table)) throw new ApiError('bad-request', `${where}: ${JSON.stringify(change.table)} is not a table name`);
    if (!isRowKey(change.key)) throw new ApiError('bad-request', `${where} (${change.table}): the key is not a string, number or list of them`);
    const value = change.value;
    if (value !== null && (typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array)) {
      throw new ApiError('bad-request', `${where} (${change.table}): a row must be an object, or null for a deletion`);
    }
    forEachBlobRef(value, (ref) => {
      if (!hasBlob(ref.$blob)) throw new ApiError('bad-request', `${where} (${change.table}) names blob ${ref.$blob.slice(0, 12)}, which was not uploaded`);
    });
    return { table: change.table, key: change.key, value: value ?? null };
  });
}
