import type { DocumentEdit, EditDirection, EditorDocument, Shape } from '../editor/document';
import { isEmptyTile, TILE_SIZE } from '../masks/maskTiles';
import { maskTileId, type AnnotationRecord, type MaskTileRecord } from './records';
import type { SegAdaptDatabase } from './segAdaptDatabase';
import { refreshImageSummaries } from './imageSummary';
import { listImageDecisions, saveReviewEdit } from './reviewRepository';
import { readAnnotation, readImage, readMaskTile } from './validateRecords';

export interface StoredImageAnnotations {
  document: EditorDocument;
  tiles: { classId: number; tx: number; ty: number; data: Uint8Array }[];
}

export function shapeFromRecord(record: AnnotationRecord): Shape {
  return { id: record.id, classId: record.classId, geometry: record.geometry, ...(record.source === 'predicted' ? { assisted: true as const } : {}) };
}

export async function loadImageAnnotations(db: SegAdaptDatabase, imageId: string): Promise<StoredImageAnnotations> {
  return db.transaction('r', [db.images, db.annotations, db.maskTiles, db.reviewDecisions], async () => {
    const image = await db.images.get(imageId);
    if (!image) throw new Error('That image no longer exists');
    const annotations = (await db.annotations.where('imageId').equals(imageId).toArray()).map(readAnnotation);
    annotations.sort((a, b) => a.updatedAt - b.updatedAt);
    const tiles = (await db.maskTiles.where('imageId').equals(imageId).toArray()).map(readMaskTile);
    const decisions = await listImageDecisions(db, imageId);
    return {
      document: { shapes: annotations.map(shapeFromRecord), fullyLabeled: readImage(image).fullyLabeled, decisions },
      tiles: tiles.map(({ classId, tx, ty, data }) => ({ classId, tx, ty, data })),
    };
  });
}

/**
 * Writes one edit (or its undo) in a single transaction, with the image's status and class ids, so
 * the database always holds a whole edit or none of it.
 */
export async function saveEdit(db: SegAdaptDatabase, imageId: string, edit: DocumentEdit, direction: EditDirection): Promise<void> {
  if (edit.type === 'review') return saveReviewEdit(db, imageId, edit, direction);
  const forward = direction === 'forward';
  await db.transaction('rw', [db.images, db.annotations, db.maskTiles, db.reviewDecisions], async () => {
    const image = await db.images.get(imageId);
    if (!image) return;
    const now = Date.now();
    switch (edit.type) {
      case 'shapes':
        for (const change of edit.changes) {
          const target = forward ? change.after : change.before;
          const id = (change.after ?? change.before)!.id;
          if (!target) await db.annotations.delete(id);
          else {
            // A shape that came from an accepted proposal stays model-assisted when it is edited, or deleted and brought back by undo.
            const existing = await db.annotations.get(id);
            const assisted = existing ? existing.source === 'predicted' : (await db.reviewDecisions.where('annotationId').equals(id).count()) > 0;
            const record: AnnotationRecord = { v: 1, id, projectId: image.projectId, imageId, classId: target.classId, geometry: target.geometry, source: assisted ? 'predicted' : 'manual', updatedAt: now };
            await db.annotations.put(readAnnotation(record));
          }
        }
        break;
      case 'mask':
        for (const tile of edit.tiles) {
          const data = forward ? tile.after : tile.before;
          const id = maskTileId(imageId, tile.classId, tile.tx, tile.ty);
          if (!data || isEmptyTile(data)) await db.maskTiles.delete(id);
          else {
            // A copy: the editor keeps painting into its own arrays.
            const record: MaskTileRecord = { v: 1, id, projectId: image.projectId, imageId, classId: tile.classId, tx: tile.tx, ty: tile.ty, size: TILE_SIZE, data: data.slice() };
            await db.maskTiles.put(record);
          }
        }
        break;
      case 'fullyLabeled':
        await db.images.update(imageId, { fullyLabeled: forward ? edit.after : edit.before });
        break;
    }
    await refreshImageSummaries(db, [imageId]);
  });
}
