import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { saveEdit } from '../db/annotationRepository';
import { addClass } from '../db/classRepository';
import { createProject } from '../db/projectRepository';
import { acceptProposals, putImageProposals } from '../db/proposalRepository';
import { addTestImage, freshDatabaseName, SegAdaptDatabase } from '../db/testDatabase';
import { emptyTile } from '../masks/maskTiles';
import { loadTrainingSample } from './loadTrainingSample';

describe('loadTrainingSample', () => {
  it('gives the imported bytes, a mask at image resolution and the boxes of a stored image', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const project = await createProject(db, 'P');
    await addClass(db, project.id, 'a');
    await addClass(db, project.id, 'b');
    const image = await addTestImage(db, project.id, { width: 300, height: 20 });
    const tile = emptyTile();
    tile[5 * 256 + 7] = 1;
    await saveEdit(db, image.id, { type: 'mask', tiles: [{ classId: 2, tx: 1, ty: 0, before: null, after: tile }] }, 'forward');
    await saveEdit(db, image.id, { type: 'shapes', changes: [{ before: null, after: { id: 'box', classId: 1, geometry: { kind: 'box', x: 1, y: 2, w: 3, h: 4 } } }] }, 'forward');
    await saveEdit(db, image.id, { type: 'fullyLabeled', before: false, after: true }, 'forward');

    const sample = await loadTrainingSample(db, image.id);
    expect(sample.image).toEqual({ name: image.name, bytes: new Uint8Array([1, 2, 3]) });
    expect(sample.boxes).toEqual([{ classId: 1, x: 1, y: 2, w: 3, h: 4 }]);
    expect(sample.mask!.width * sample.mask!.height).toBe(6000);
    expect(sample.mask!.data[5 * 300 + 256 + 7]).toBe(2);
    expect(sample.mask!.data[0]).toBe(0);
    expect(sample.mask!.data[3 * 300 + 2]).toBe(255);
    db.close();
  });

  it('leaves out proposals until they are accepted', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const project = await createProject(db, 'P');
    await addClass(db, project.id, 'a');
    const image = await addTestImage(db, project.id, { width: 40, height: 30 });
    await putImageProposals(db, { imageId: image.id, modelVersionId: 'm1', instances: [{ classId: 1, score: 0.9, polygon: [2, 2, 20, 2, 20, 20, 2, 20] }], meanConfidence: 0.9 });

    const proposed = await loadTrainingSample(db, image.id);
    expect(proposed.mask).toBeUndefined();
    expect(proposed.boxes ?? []).toEqual([]);

    await acceptProposals(db, image.id);
    const accepted = await loadTrainingSample(db, image.id);
    expect(accepted.mask!.data[10 * 40 + 10]).toBe(1);
    db.close();
  });
});
