import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Editor } from '../editor/editor';
import { TestEditor } from '../editor/testEditor';
import { loadImageAnnotations } from './annotationRepository';
import { addClass } from './classRepository';
import { EditWriter } from './editWriter';
import { createProject } from './projectRepository';
import { addTestImage, freshDatabaseName, SegAdaptDatabase } from './testDatabase';

const opened: SegAdaptDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

async function setup() {
  const name = freshDatabaseName();
  const db = new SegAdaptDatabase(name);
  opened.push(db);
  const project = await createProject(db, 'Nuclei');
  await addClass(db, project.id, 'nucleus');
  await addClass(db, project.id, 'debris');
  const image = await addTestImage(db, project.id);
  return { name, db, project, image };
}

/** A TestEditor whose edits go to Dexie through the app's writer. */
function editorWritingTo(db: SegAdaptDatabase, imageId: string) {
  const failures: unknown[] = [];
  const writer = new EditWriter(db, () => {}, (error) => failures.push(error));
  const t = new TestEditor({ id: imageId, width: 400, height: 300 }, undefined, writer);
  return { t, writer: { flushed: async () => {
    await writer.flushed();
    expect(failures).toEqual([]);
  } } };
}

describe('annotations in Dexie', () => {
  it('a polygon drawn and the database reopened keeps its vertices', async () => {
    const { name, db, image } = await setup();
    const { t, writer } = editorWritingTo(db, image.id);
    t.key('p').click(10, 10).click(100, 10).click(100, 100).click(10, 100).key('Enter');
    await writer.flushed();
    db.close();

    const reopened = new SegAdaptDatabase(name);
    opened.push(reopened);
    const stored = await loadImageAnnotations(reopened, image.id);
    expect(stored.document.shapes).toEqual([{ id: t.shapes[0].id, classId: 1, geometry: { kind: 'polygon', points: [10, 10, 100, 10, 100, 100, 10, 100] } }]);
    const storedImage = await reopened.images.get(image.id);
    expect(storedImage).toMatchObject({ status: 'labeled', classIds: [1], annotationCount: 1 });
  });

  it('undo is saved too: after undo and reopen the shape is gone and the image unlabeled again', async () => {
    const { db, image } = await setup();
    const { t, writer } = editorWritingTo(db, image.id);
    t.key('r').drag([10, 10], [50, 50]).undo();
    await writer.flushed();
    expect((await loadImageAnnotations(db, image.id)).document.shapes).toEqual([]);
    expect(await db.images.get(image.id)).toMatchObject({ status: 'unlabeled', classIds: [] });
  });

  it('brush strokes are stored as tiles and load back into an editor pixel for pixel', async () => {
    const { db, image } = await setup();
    const { t, writer } = editorWritingTo(db, image.id);
    t.key('b').drag([250, 100], [270, 120]).key('2').key('b').drag([20, 20], [30, 30]).key('l');
    await writer.flushed();
    const stored = await loadImageAnnotations(db, image.id);
    expect(stored.document.fullyLabeled).toBe(true);
    const fresh = new Editor({ save() {} });
    fresh.openImage({ id: image.id, width: 400, height: 300 }, stored.document, stored.tiles);
    for (const classId of [1, 2]) {
      for (const tile of t.editor.masks.tilesOf(classId)) expect(fresh.masks.getTile(classId, tile.tx, tile.ty)).toEqual(tile.data);
    }
    expect(stored.tiles.map((tile) => tile.classId).sort()).toEqual([1, 1, 2]);
    expect(await db.images.get(image.id)).toMatchObject({ classIds: [1, 2] });
  });

  it('a stroke still in progress is not stored: the previous state stays intact', async () => {
    const { db, image } = await setup();
    const { t, writer } = editorWritingTo(db, image.id);
    t.key('b').drag([20, 20], [40, 20]);
    await writer.flushed();
    const before = await loadImageAnnotations(db, image.id);
    t.pointerDown(20, 100).pointerMove(200, 100).pointerMove(200, 200);
    await writer.flushed();
    const during = await loadImageAnnotations(db, image.id);
    expect(during.tiles).toEqual(before.tiles);
  });
});
