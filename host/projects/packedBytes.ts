// Large byte arrays in rows (mask tiles: 64 KiB of 0/1 each) are held deflated, in memory, in the
// journal and in snapshots, and inflated again when a renderer pulls them: a painted project costs the
// host a few percent of its raw size.

import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Smaller arrays are held as they are. */
const PACK_FROM_BYTES = 1024;

interface Packed {
  $deflated: Uint8Array;
  length: number;
}

const isPacked = (value: object): value is Packed =>
  '$deflated' in value && (value as Packed).$deflated instanceof Uint8Array && Number.isSafeInteger((value as Packed).length) && Object.keys(value).length === 2;

const asPlain = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

/** The value with its large byte arrays deflated (a new value; the given one is left alone). */
export function packBytes(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    if (value.byteLength < PACK_FROM_BYTES) return value;
    const packed = asPlain(deflateRawSync(value, { level: 1 }));
    return packed.byteLength < value.byteLength ? ({ $deflated: packed, length: value.byteLength } satisfies Packed) : value;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(packBytes);
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, packBytes(item)]));
}

/** The value as the renderer wrote it. */
export function unpackBytes(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(unpackBytes);
  if (isPacked(value)) {
    const bytes = asPlain(inflateRawSync(value.$deflated));
    if (bytes.byteLength !== value.length) throw new Error(`a packed byte array inflates to ${bytes.byteLength} bytes, not ${value.length}`);
    return bytes;
  }
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, unpackBytes(item)]));
}
