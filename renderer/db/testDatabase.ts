// For tests: a fresh database (fake-indexeddb) and an image record to annotate.
import type { ImageRecord } from './records';
import { SegAdaptDatabase } from './segAdaptDatabase';

let counter = 0;

export function freshDatabaseName(): string {
  return `segadapt-test-${Date.now()}-${counter++}`;
}

export async function addTestImage(db: SegAdaptDatabase, projectId: string, overrides: Partial<ImageRecord> = {}): Promise<ImageRecord> {
  const id = overrides.id ?? `image-${counter++}`;
  const record: ImageRecord = {
    v: 2,
    id,
    projectId,
    name: `${id}.png`,
    contentHash: (id.replace(/[^0-9a-f]/g, '') + '0'.repeat(64)).slice(0, 64),
    mimeType: 'image/png',
    byteLength: 3,
    width: 400,
    height: 300,
    status: 'unlabeled',
    fullyLabeled: false,
    classIds: [],
    annotationCount: 0,
    thumbnail: new Blob([new Uint8Array([1])]),
    addedAt: Date.now(),
    updatedAt: Date.now(),
    ...overrides,
  };
  await db.images.add(record);
  await db.imageBlobs.add({ imageId: id, blob: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }) });
  return record;
}

export { SegAdaptDatabase };
