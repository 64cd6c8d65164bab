// For the project copy's tests: pushes whose rows can be recognised after a crash.

import { createHash } from 'node:crypto';
import type { RowChange } from '../../contract/projectCopy';

/** The image bytes push `n` uploads before its rows. */
export function testBlob(n: number): { hash: string; bytes: Uint8Array } {
  const bytes = new TextEncoder().encode(`image ${n} `.repeat(1000 + n));
  return { hash: createHash('sha256').update(bytes).digest('hex'), bytes };
}

/** Push number `n` (1-based): a project rename, an image naming blob n, an annotation and a mask tile of its own, and the deletion of push n-1's annotation. */
export function testPush(n: number): RowChange[] {
  const tile = new Uint8Array(4096).fill(n % 251);
  const blob = testBlob(n);
  return [
    { table: 'projects', key: 'p1', value: { v: 1, id: 'p1', name: `Streets ${n}`, createdAt: 1, updatedAt: n } },
    { table: 'images', key: `i${n}`, value: { v: 2, id: `i${n}`, projectId: 'p1', name: `${n}.png`, thumbnail: { $blob: blob.hash, type: 'image/png', size: blob.bytes.byteLength } } },
    { table: 'annotations', key: `a${n}`, value: { v: 1, id: `a${n}`, projectId: 'p1', imageId: `i${n}`, classId: 1, geometry: { kind: 'box', x: n, y: 0, w: 5, h: 5 }, source: 'manual', updatedAt: n } },
    { table: 'maskTiles', key: `i${n}:1:0,0`, value: { v: 1, id: `i${n}:1:0,0`, projectId: 'p1', imageId: `i${n}`, classId: 1, tx: 0, ty: 0, size: 64, data: tile } },
    ...(n > 1 ? [{ table: 'annotations', key: `a${n - 1}`, value: null }] : []),
  ];
}
