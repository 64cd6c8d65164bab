// Blob bytes to and from the host copy: hashed with SHA-256 (cached per Blob: Blobs never change),
// uploaded only when the host lacks them, in pieces under the message limit.

import type { BlobRef } from '../../contract/projectCopy';
import { BLOB_CHUNK_BYTES } from '../../contract/projectCopy';
import type { SegAdaptApi } from '../../contract/api';

export type BlobApi = Pick<SegAdaptApi, 'projectCopyMissingBlobs' | 'projectCopyPutBlob' | 'projectCopyGetBlob'>;

const hashes = new WeakMap<Blob, string>();
/** Per host connection, hashes it said it has (it keeps a blob while a row names it): no need to ask again. */
const knownOnHost = new WeakMap<object, Set<string>>();
function onHostOf(api: object): Set<string> {
  let known = knownOnHost.get(api);
  if (!known) knownOnHost.set(api, (known = new Set()));
  return known;
}

const toHex = (digest: ArrayBuffer) => Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');

export async function sha256OfBlob(blob: Blob): Promise<string> {
  const known = hashes.get(blob);
  if (known) return known;
  const hash = toHex(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
  hashes.set(blob, hash);
  return hash;
}

/** Hashes the blobs and uploads those the host does not have; returns each blob's hash. */
export async function uploadBlobs(api: Pick<BlobApi, 'projectCopyMissingBlobs' | 'projectCopyPutBlob'>, blobs: readonly Blob[]): Promise<Map<Blob, string>> {
  const onHost = onHostOf(api);
  const hashOf = new Map<Blob, string>();
  for (const blob of blobs) if (!hashOf.has(blob)) hashOf.set(blob, await sha256OfBlob(blob));
  const unknown = [...new Set(hashOf.values())].filter((hash) => !onHost.has(hash));
  if (unknown.length === 0) return hashOf;
  const missing = new Set(await api.projectCopyMissingBlobs(unknown));
  for (const hash of unknown) if (!missing.has(hash)) onHost.add(hash);
  for (const [blob, hash] of hashOf) {
    if (!missing.has(hash)) continue;
    missing.delete(hash);
    for (let offset = 0; offset < blob.size || offset === 0; offset += BLOB_CHUNK_BYTES) {
      const data = new Uint8Array(await blob.slice(offset, offset + BLOB_CHUNK_BYTES).arrayBuffer());
      await api.projectCopyPutBlob({ hash, offset, total: blob.size, data });
      if (blob.size === 0) break;
    }
    onHost.add(hash);
  }
  return hashOf;
}

/** Fetches a blob from the host copy, in pieces. */
export async function downloadBlob(api: BlobApi, ref: BlobRef): Promise<Blob> {
  const pieces: Uint8Array[] = [];
  for (let offset = 0; offset < ref.size; ) {
    const piece = await api.projectCopyGetBlob({ hash: ref.$blob, offset, length: Math.min(BLOB_CHUNK_BYTES, ref.size - offset) });
    if (piece.byteLength === 0) throw new Error(`the host copy's blob ${ref.$blob.slice(0, 12)} is shorter than ${ref.size} bytes`);
    pieces.push(piece);
    offset += piece.byteLength;
  }
  const blob = new Blob(pieces as Uint8Array<ArrayBuffer>[], { type: ref.type });
  hashes.set(blob, ref.$blob);
  onHostOf(api).add(ref.$blob);
  return blob;
}
