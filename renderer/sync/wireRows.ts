// Rows as they travel to the host copy and back: Blobs become BlobRefs (the bytes go separately, once
// per SHA-256), typed arrays other than Uint8Array, ArrayBuffers and Dates become tagged objects;
// everything else is what Dexie stored.

import type { BlobRef } from '../../contract/projectCopy';

type Tagged = { $typed: string; data: Uint8Array } | { $date: number };

const TYPED_ARRAYS: Record<string, new (buffer: ArrayBuffer) => ArrayBufferView> = {
  Int8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
};

/** A row the host copy cannot hold (a cycle, a class instance): it stays in the browser's store only. */
export class UncopyableRowError extends Error {
  override name = 'UncopyableRowError';
}

/** Deeper than this is taken for a cycle (IndexedDB stores cycles; JSON cannot carry them). */
const MAX_DEPTH = 64;

const isPlainObject = (value: object): boolean => {
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === Object.prototype || prototype === null;
};

/**
 * A copy of a value as it is being written, taken when Dexie hands it to IndexedDB: the caller may
 * change its arrays afterwards. Blobs are immutable and kept as they are.
 */
export function captureValue(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || value instanceof Blob) return value;
  if (depth > MAX_DEPTH) throw new UncopyableRowError(`a row nested deeper than ${MAX_DEPTH} levels (a cycle?) cannot be copied to the host`);
  if (value instanceof Date) return new Date(value.getTime());
  if (ArrayBuffer.isView(value)) return (value as Uint8Array).slice();
  if (value instanceof ArrayBuffer) return value.slice(0);
  if (Array.isArray(value)) return value.map((item) => captureValue(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, captureValue(item, depth + 1)]));
}

/** Every Blob inside a value. */
export function blobsIn(value: unknown, found: Blob[] = []): Blob[] {
  if (value instanceof Blob) found.push(value);
  else if (Array.isArray(value)) for (const item of value) blobsIn(item, found);
  else if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer) && !(value instanceof Date)) {
    for (const item of Object.values(value)) blobsIn(item, found);
  }
  return found;
}

/** The value for the wire; `hashOf` gives the SHA-256 of each Blob in it (hashed beforehand). */
export function toWire(value: unknown, hashOf: (blob: Blob) => string): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Blob) return { $blob: hashOf(value), type: value.type, size: value.size } satisfies BlobRef;
  if (value instanceof Date) return { $date: value.getTime() } satisfies Tagged;
  if (value instanceof Uint8Array && value.constructor === Uint8Array) return value;
  if (ArrayBuffer.isView(value)) {
    return { $typed: value.constructor.name, data: new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer) } satisfies Tagged;
  }
  if (value instanceof ArrayBuffer) return { $typed: 'ArrayBuffer', data: new Uint8Array(value.slice(0)) } satisfies Tagged;
  if (Array.isArray(value)) return value.map((item) => toWire(item, hashOf));
  if (!isPlainObject(value)) throw new UncopyableRowError(`a ${value.constructor?.name ?? 'value'} cannot be copied to the host`);
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, toWire(item, hashOf)]));
}

export function isWireBlobRef(value: unknown): value is BlobRef {
  return typeof value === 'object' && value !== null && typeof (value as BlobRef).$blob === 'string' && typeof (value as BlobRef).size === 'number';
}

/** Every blob ref inside a wire value. */
export function blobRefsIn(value: unknown, found: BlobRef[] = []): BlobRef[] {
  if (isWireBlobRef(value)) found.push(value);
  else if (Array.isArray(value)) for (const item of value) blobRefsIn(item, found);
  else if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) for (const item of Object.values(value)) blobRefsIn(item, found);
  return found;
}

/** A wire value back as Dexie stores it; `blobOf` gives the Blob of each ref (fetched beforehand). */
export function fromWire(value: unknown, blobOf: (ref: BlobRef) => Blob): unknown {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map((item) => fromWire(item, blobOf));
  if (isWireBlobRef(value)) return blobOf(value);
  const tagged = value as Partial<{ $typed: string; data: Uint8Array; $date: number }>;
  if (typeof tagged.$date === 'number' && Object.keys(value).length === 1) return new Date(tagged.$date);
  if (typeof tagged.$typed === 'string' && tagged.data instanceof Uint8Array && Object.keys(value).length === 2) {
    const buffer = tagged.data.slice().buffer as ArrayBuffer;
    if (tagged.$typed === 'ArrayBuffer') return buffer;
    const View = TYPED_ARRAYS[tagged.$typed];
    if (View) return new View(buffer);
  }
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, fromWire(item, blobOf)]));
}

/** Roughly how many bytes a wire value takes in a message. */
export function wireBytes(value: unknown): number {
  if (value === null || value === undefined) return 4;
  if (value instanceof Uint8Array) return value.byteLength + 24;
  if (typeof value === 'string') return value.length + 2;
  if (typeof value !== 'object') return 8;
  let total = 2;
  for (const [name, item] of Object.entries(value)) total += name.length + 3 + wireBytes(item);
  return total;
}

export const isRowKey = (key: unknown, depth = 0): key is string | number | unknown[] =>
  typeof key === 'string' || (typeof key === 'number' && Number.isFinite(key)) || (Array.isArray(key) && depth < 3 && key.length > 0 && key.every((part) => isRowKey(part, depth + 1)));
