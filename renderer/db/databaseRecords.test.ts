import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { addClass, deleteClass, listClasses, updateClass } from './classRepository';
import { createProject, deleteProject, listProjects, renameProject } from './projectRepository';
import { openVersion1Database } from './segAdaptDatabase';
import { saveEdit } from './annotationRepository';
import { addTestImage, freshDatabaseName, SegAdaptDatabase } from './testDatabase';
import { readClass, readImage } from './validateRecords';

const box = (id: string, classId: number) => ({ id, classId, geometry: { kind: 'box' as const, x: 1, y: 1, w: 5, h: 5 } });

describe('database records', () => {
  it('a version 1 database is upgraded: its images gain the fully labeled flag', async () => {
    const name = freshDatabaseName();
    const old = openVersion1Database(name);
    await old.open();
    const { fullyLabeled: _notInV1, ...v1Image } = baseImage();
    await old.table('images').add({ ...v1Image, v: 1 });
    old.close();
    const db = new SegAdaptDatabase(name);
    const upgraded = await db.images.get('old-image');
    expect(upgraded).toMatchObject({ v: 2, fullyLabeled: false, name: 'old.png' });
    expect(() => readImage(upgraded)).not.toThrow();
    db.close();
  });

  it('records that break their shape are refused with the reason', () => {
    expect(() => readClass({ v: 1, id: 'c', projectId: 'p', classId: 255, name: 'x', color: '#ffffff', opacity: 1, visible: true, order: 0 })).toThrow(/classId/);
    expect(() => readImage({ ...baseImage(), v: 9 })).toThrow(/newer than this build/);
  });

  it('projects are created, renamed, listed by name and deleted with everything in them', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const a = await createProject(db, 'Zebra');
    const b = await createProject(db, 'Apples');
    await renameProject(db, a.id, 'Cells');
    expect((await listProjects(db)).map((p) => p.name)).toEqual(['Apples', 'Cells']);
    await addClass(db, a.id, 'nucleus');
    const image = await addTestImage(db, a.id);
    await saveEdit(db, image.id, { type: 'shapes', changes: [{ before: null, after: box('s1', 1) }] }, 'forward');
    await deleteProject(db, a.id);
    expect((await listProjects(db)).map((p) => p.id)).toEqual([b.id]);
    expect(await db.images.count()).toBe(0);
    expect(await db.imageBlobs.count()).toBe(0);
    expect(await db.annotations.count()).toBe(0);
    expect(await db.classes.count()).toBe(0);
    db.close();
  });

  it('classes get ids from 1, the free id after a deletion, and keep their colour changes', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const project = await createProject(db, 'P');
    const first = await addClass(db, project.id, 'a');
    const second = await addClass(db, project.id, 'b');
    expect([first.classId, second.classId]).toEqual([1, 2]);
    await updateClass(db, second.id, { color: '#123456', name: 'bee', opacity: 0.3 });
    await deleteClass(db, first.id, { annotations: 'delete' });
    const third = await addClass(db, project.id, 'c');
    expect(third.classId).toBe(1);
    expect((await listClasses(db, project.id)).map((c) => [c.name, c.color])).toEqual([
      ['bee', '#123456'],
      ['c', third.color],
    ]);
    db.close();
  });

  it('deleting a class either deletes its annotations or moves them to another class', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const project = await createProject(db, 'P');
    const keep = await addClass(db, project.id, 'keep');
    const drop = await addClass(db, project.id, 'drop');
    const moved = await addClass(db, project.id, 'moved');
    const image = await addTestImage(db, project.id);
    const tile = new Uint8Array(256 * 256).fill(1);
    await saveEdit(db, image.id, { type: 'shapes', changes: [{ before: null, after: box('k', keep.classId) }, { before: null, after: box('d', drop.classId) }, { before: null, after: box('m', moved.classId) }] }, 'forward');
    await saveEdit(db, image.id, { type: 'mask', tiles: [{ classId: moved.classId, tx: 0, ty: 0, before: null, after: tile }] }, 'forward');

    await deleteClass(db, drop.id, { annotations: 'delete' });
    expect((await db.annotations.toArray()).map((a) => a.id).sort()).toEqual(['k', 'm']);

    await deleteClass(db, moved.id, { annotations: 'reassign', toClassId: keep.classId });
    expect((await db.annotations.toArray()).map((a) => a.classId)).toEqual([keep.classId, keep.classId]);
    expect((await db.maskTiles.toArray()).map((t) => t.classId)).toEqual([keep.classId]);
    expect(await db.images.get(image.id)).toMatchObject({ classIds: [keep.classId], status: 'labeled' });
    db.close();
  });
});

function baseImage() {
  return {
    v: 2,
    id: 'old-image',
    projectId: 'p',
    name: 'old.png',
    contentHash: 'a'.repeat(64),
    mimeType: 'image/png',
    byteLength: 10,
    width: 10,
    height: 10,
    status: 'unlabeled',
    fullyLabeled: false,
    classIds: [],
    annotationCount: 0,
    thumbnail: new Blob([]),
    addedAt: 0,
    updatedAt: 0,
  };
}
