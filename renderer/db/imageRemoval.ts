import type { SegAdaptDatabase } from './segAdaptDatabase';

/**
 * Removes images from their project with everything stored per image (blob, annotations, mask tiles,
 * proposals, and any later table keyed or indexed by `imageId`), in one transaction: a failure leaves
 * the project as it was. Model versions keep their record of which images they were trained on.
 */
export async function removeImages(db: SegAdaptDatabase, projectId: string, imageIds: string[]): Promise<number> {
  const perImage = db.tables.filter((table) => table.name !== 'images' && (table.schema.primKey.name === 'imageId' || table.schema.indexes.some((index) => index.name === 'imageId')));
  return db.transaction('rw', [db.images, db.projects, ...perImage], async () => {
    const rows = await db.images.bulkGet(imageIds);
    const ids = rows.filter((row) => row !== undefined && row.projectId === projectId).map((row) => row!.id);
    if (!ids.length) return 0;
    for (const table of perImage) {
      if (table.schema.primKey.name === 'imageId') await table.bulkDelete(ids);
      else await table.where('imageId').anyOf(ids).delete();
    }
    await db.images.bulkDelete(ids);
    await db.projects.update(projectId, { updatedAt: Date.now() });
    return ids.length;
  });
}
