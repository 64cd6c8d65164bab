import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { saveEdit } from './annotationRepository';
import { addClass } from './classRepository';
import { createProject, deleteProject } from './projectRepository';
import { deleteVersionProposals, listImageProposals, listProjectProposals, proposedInstances, putImageProposals } from './proposalRepository';
import { openVersion1Database, openVersion4Database } from './segAdaptDatabase';
import { addTestImage, freshDatabaseName, SegAdaptDatabase } from './testDatabase';
import { readProposal } from './validateRecords';

const square = (x: number, y: number, side = 10): number[] => [x, y, x + side, y, x + side, y + side, x, y + side];
const instance = (classId: number, score: number, x = 0) => ({ classId, score, polygon: square(x, x) });
const withId = <T,>(value: T) => ({ ...value, id: expect.any(String) as unknown as string });

async function setUp() {
  const db = new SegAdaptDatabase(freshDatabaseName());
  const project = await createProject(db, 'P');
  await addClass(db, project.id, 'a');
  await addClass(db, project.id, 'b');
  return { db, project };
}

describe('proposals', () => {
  it('are stored per image apart from the annotations; a new run replaces them and never touches a human shape', async () => {
    const { db, project } = await setUp();
    const image = await addTestImage(db, project.id);
    await saveEdit(db, image.id, { type: 'shapes', changes: [{ before: null, after: { id: 'human', classId: 1, geometry: { kind: 'box', x: 1, y: 2, w: 3, h: 4 } } }] }, 'forward');
    const blank = await addTestImage(db, project.id);

    await putImageProposals(db, { imageId: blank.id, modelVersionId: 'm1', instances: [instance(1, 0.9), instance(2, 0.4, 20)], meanConfidence: 0.8, createdAt: 5 });
    expect(await listImageProposals(db, blank.id)).toEqual([
      { v: 2, imageId: blank.id, projectId: project.id, modelVersionId: 'm1', instances: [withId(instance(1, 0.9)), withId(instance(2, 0.4, 20))], meanConfidence: 0.8, createdAt: 5 },
    ]);
    const ids = (await listImageProposals(db, blank.id))[0].instances.map((i) => i.id);
    expect(new Set(ids).size).toBe(2);
    expect((await db.images.get(blank.id))!.status).toBe('pre-labeled');
    expect(await db.annotations.where('imageId').equals(blank.id).count()).toBe(0);

    await putImageProposals(db, { imageId: blank.id, modelVersionId: 'm2', instances: [instance(2, 0.7)], meanConfidence: 0.6 });
    expect((await listImageProposals(db, blank.id)).map((p) => [p.modelVersionId, p.instances.length])).toEqual([['m2', 1]]);

    // An image with human labels keeps them, and its status, beside the proposals.
    await putImageProposals(db, { imageId: image.id, modelVersionId: 'm2', instances: [instance(1, 0.5)], meanConfidence: 0.5 });
    expect((await db.images.get(image.id))!.status).toBe('labeled');
    expect((await db.annotations.where('imageId').equals(image.id).toArray()).map((a) => [a.id, a.source])).toEqual([['human', 'manual']]);
    expect((await listProjectProposals(db, project.id)).map((p) => p.imageId).sort()).toEqual([blank.id, image.id].sort());

    // A run that finds nothing clears the image's old proposals.
    await putImageProposals(db, { imageId: blank.id, modelVersionId: 'm3', instances: [], meanConfidence: 0.9 });
    expect(await listImageProposals(db, blank.id)).toEqual([]);
    expect((await db.images.get(blank.id))!.status).toBe('unlabeled');
    db.close();
  });

  it('of one version are deleted as a whole, and with their project', async () => {
    const { db, project } = await setUp();
    const [a, b, c] = [await addTestImage(db, project.id), await addTestImage(db, project.id), await addTestImage(db, project.id)];
    await putImageProposals(db, { imageId: a.id, modelVersionId: 'm1', instances: [instance(1, 0.9)], meanConfidence: 0.9 });
    await putImageProposals(db, { imageId: b.id, modelVersionId: 'm1', instances: [instance(1, 0.9)], meanConfidence: 0.9 });
    await putImageProposals(db, { imageId: c.id, modelVersionId: 'm2', instances: [instance(1, 0.9)], meanConfidence: 0.9 });
    expect(await deleteVersionProposals(db, 'm1')).toBe(2);
    expect((await listProjectProposals(db, project.id)).map((p) => p.modelVersionId)).toEqual(['m2']);
    expect((await db.images.get(a.id))!.status).toBe('unlabeled');
    expect((await db.images.get(c.id))!.status).toBe('pre-labeled');
    await deleteProject(db, project.id);
    expect(await db.proposals.count()).toBe(0);
    db.close();
  });

  it('keep only the instances that can be stored, and refuse a broken row', () => {
    expect(
      proposedInstances({
        instances: [
          { classId: 1, score: 1.2, polygon: square(0, 0), box: { x: 0, y: 0, w: 10, h: 10 } },
          { classId: 0, score: 0.5, polygon: square(0, 0), box: { x: 0, y: 0, w: 10, h: 10 } },
          { classId: 1, score: 0.5, polygon: [0, 0, 1, 1], box: { x: 0, y: 0, w: 1, h: 1 } },
        ],
      }),
    ).toEqual([{ classId: 1, score: 1, polygon: square(0, 0) }]);
    const good = { v: 2, imageId: 'i', projectId: 'p', modelVersionId: 'm', instances: [{ ...instance(1, 0.5), id: 'p1' }], meanConfidence: 0.5, createdAt: 1 };
    expect(() => readProposal(good)).not.toThrow();
    expect(() => readProposal({ ...good, instances: [instance(1, 0.5)] })).toThrow(/instances/);
    expect(() => readProposal({ ...good, instances: [{ classId: 1, score: 0.5, polygon: [1, 2] }] })).toThrow(/instances/);
    expect(() => readProposal({ ...good, meanConfidence: 2 })).toThrow(/meanConfidence/);
  });

  it('an older database is upgraded to hold proposals', async () => {
    const name = freshDatabaseName();
    const old = openVersion1Database(name);
    await old.open();
    old.close();
    const db = new SegAdaptDatabase(name);
    await db.open();
    expect(db.tables.map((t) => t.name)).toContain('proposals');
    expect(db.verno).toBe(5);
    db.close();
  });

  it('a version 4 database is upgraded: proposals gain instance ids (the same on every read), jobs the interrupted outcome', async () => {
    const name = freshDatabaseName();
    const old = openVersion4Database(name);
    await old.open();
    await old.table('proposals').add({ v: 1, imageId: 'i', projectId: 'p', modelVersionId: 'm', instances: [instance(1, 0.5), instance(1, 0.7)], meanConfidence: 0.5, createdAt: 36 });
    await old.table('jobs').add({ v: 1, id: 'j', projectId: 'p', kind: 'adapt', label: 'Adapt', startedAt: 1, finishedAt: null, outcome: null });
    old.close();
    const db = new SegAdaptDatabase(name);
    const [upgraded] = await listImageProposals(db, 'i');
    expect(upgraded.v).toBe(2);
    expect(upgraded.instances.map((i) => i.id)).toEqual(['i.10.0', 'i.10.1']);
    expect(await db.jobs.get('j')).toMatchObject({ v: 2, engineJobId: null, detail: null });
    expect(db.tables.map((t) => t.name)).toEqual(expect.arrayContaining(['reviewDecisions', 'labelingTime']));
    db.close();
  });
});
