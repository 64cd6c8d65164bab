import type { ImageRecord, ImageStatus } from './records';
import type { SegAdaptDatabase } from './segAdaptDatabase';

/** Labeled when it has annotations; a pre-labeled or reviewed image keeps that status. */
export function nextStatus(current: ImageStatus, annotationCount: number): ImageStatus {
  if (current === 'pre-labeled' || current === 'reviewed') return current;
  return annotationCount > 0 ? 'labeled' : 'unlabeled';
}

/** Recomputes each image's class ids, annotation count and status from what is stored. Call inside a transaction. */
export async function refreshImageSummaries(db: SegAdaptDatabase, imageIds: string[]): Promise<void> {
  for (const imageId of imageIds) {
    const image = await db.images.get(imageId);
    if (!image) continue;
    const annotations = await db.annotations.where('imageId').equals(imageId).toArray();
    const tiles = await db.maskTiles.where('imageId').equals(imageId).toArray();
    const maskClassIds = new Set(tiles.map((t) => t.classId));
    const classIds = [...new Set([...annotations.map((a) => a.classId), ...maskClassIds])].sort((a, b) => a - b);
    const annotationCount = annotations.length + maskClassIds.size;
    const updated: ImageRecord = { ...image, classIds, annotationCount, status: nextStatus(image.status, annotationCount), updatedAt: Date.now() };
    await db.images.put(updated);
  }
}
