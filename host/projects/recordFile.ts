// Framed records in a file, as the journal and the snapshots hold them:
// [u32 magic][u32 payload length][u32 CRC-32 of the payload][payload], little-endian.
// A record cut short by a crash, or with a wrong checksum, ends what can be read: records are only ever
// appended, so everything after it was never acknowledged.

import { crc32 } from 'node:zlib';
import { readFile } from 'node:fs/promises';

const MAGIC = 0x5347_4a31; // "SGJ1"
export const RECORD_HEADER_BYTES = 12;

export function frameRecord(payload: Uint8Array): Uint8Array {
  const framed = new Uint8Array(RECORD_HEADER_BYTES + payload.byteLength);
  const view = new DataView(framed.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, payload.byteLength, true);
  view.setUint32(8, crc32(payload), true);
  framed.set(payload, RECORD_HEADER_BYTES);
  return framed;
}

export interface ReadRecords {
  records: Uint8Array[];
  /** Bytes up to the end of the last whole record. */
  validBytes: number;
  /** Bytes after it (a torn or damaged tail); 0 for a clean file. */
  tailBytes: number;
}

export function parseRecords(file: Uint8Array): ReadRecords {
  // A plain view, not a Buffer: Buffer's slice() and toJSON() would leak into decoded rows.
  const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: Uint8Array[] = [];
  let offset = 0;
  while (offset + RECORD_HEADER_BYTES <= bytes.byteLength) {
    if (view.getUint32(offset, true) !== MAGIC) break;
    const length = view.getUint32(offset + 4, true);
    const end = offset + RECORD_HEADER_BYTES + length;
    if (end > bytes.byteLength) break;
    const payload = bytes.subarray(offset + RECORD_HEADER_BYTES, end);
    if (crc32(payload) !== view.getUint32(offset + 8, true)) break;
    records.push(payload);
    offset = end;
  }
  return { records, validBytes: offset, tailBytes: bytes.byteLength - offset };
}

/** The records of a file; a missing file has none. */
export async function readRecordFile(file: string): Promise<ReadRecords> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], validBytes: 0, tailBytes: 0 };
    throw error;
  }
  return parseRecords(bytes);
}
