import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { loadImageAnnotations, saveEdit } from './annotationRepository';
import { addClass } from './classRepository';
import { removeImages } from './imageRemoval';
import { createProject } from './projectRepository';
import { listImageProposals, putImageProposals } from './proposalRepository';
import { addTestImage, freshDatabaseName, SegAdaptDatabase } from './testDatabase';

const box = (id: string) => ({ id, classId: 1, geometry: { kind: 'box' as const, x: 1, y: 1, w: 5, h: 5 } });

describe('removing images', () => {
  it('removes the image with its blob, annotations, mask tiles and proposals, and leaves the other images alone', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const project = await createProject(db, 'P');
    await addClass(db, project.id, 'car');
    const doomed = await addTestImage(db, project.id);
    const kept = await addTestImage(db, project.id);
    for (const image of [doomed, kept]) {
      await saveEdit(db, image.id, { type: 'shapes', changes: [{ before: null, after: box(`s-${image.id}`) }] }, 'forward');
      await db.maskTiles.add({ v: 1, id: `${image.id}:1:0,0`, imageId: image.id, projectId: project.id, classId: 1, tx: 0, ty: 0, size: 2, data: new Uint8Array(4) });
      await putImageProposals(db, { imageId: image.id, modelVersionId: 'mv', instances: [{ classId: 1, score: 0.5, polygon: [0, 0, 5, 0, 5, 5] }], meanConfidence: 0.5 });
    }

    expect(await removeImages(db, project.id, [doomed.id])).toBe(1);

    expect(await db.images.get(doomed.id)).toBeUndefined();
    expect(await db.imageBlobs.get(doomed.id)).toBeUndefined();
    expect(await db.annotations.where('imageId').equals(doomed.id).count()).toBe(0);
    expect(await db.maskTiles.where('imageId').equals(doomed.id).count()).toBe(0);
    expect(await listImageProposals(db, doomed.id)).toEqual([]);
    expect(await db.images.get(kept.id)).toBeDefined();
    expect(await db.imageBlobs.get(kept.id)).toBeDefined();
    expect((await loadImageAnnotations(db, kept.id)).document.shapes).toHaveLength(1);
    expect(await db.maskTiles.where('imageId').equals(kept.id).count()).toBe(1);
  });

  it('does not remove an image of another project', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const mine = await createProject(db, 'mine');
    const theirs = await createProject(db, 'theirs');
    const image = await addTestImage(db, theirs.id);
    expect(await removeImages(db, mine.id, [image.id])).toBe(0);
    expect(await db.images.get(image.id)).toBeDefined();
  });
});
