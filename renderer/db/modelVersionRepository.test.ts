import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { AdaptJobResult } from '../../contract/jobs';
import { addModelVersion, deleteModelVersion, heldOutScore, listModelVersions, renameModelVersion } from './modelVersionRepository';
import { createProject, deleteProject } from './projectRepository';
import { openVersion1Database } from './segAdaptDatabase';
import { freshDatabaseName, SegAdaptDatabase } from './testDatabase';
import { readModelVersion } from './validateRecords';

const result = (modelId: string, metrics: Record<string, number> = {}): AdaptJobResult => ({ kind: 'adapt', modelId, method: 'head', trainableParams: 1234, seconds: 2.5, backend: 'wasm', metrics });
const classes = [
  { id: 0, name: 'background' },
  { id: 1, name: 'cell', color: '#e6194b' },
];

describe('model versions', () => {
  it('are added from a finished job, listed newest first, renamed, deleted, and kept after the database is reopened', async () => {
    const name = freshDatabaseName();
    let db = new SegAdaptDatabase(name);
    const project = await createProject(db, 'P');
    const other = await createProject(db, 'Q');
    const first = await addModelVersion(db, { projectId: project.id, name: 'v1', classes, labeledImageIds: ['a', 'b'], result: result('m1', { heldOutMiou: 0.5, trainLoss: 0.3 }), createdAt: 1000 });
    expect(first).toMatchObject({ id: 'm1', method: 'head', labeledImageCount: 2, seconds: 2.5, backend: 'wasm', trainableParams: 1234, classes });
    await addModelVersion(db, { projectId: project.id, name: 'v2', classes, labeledImageIds: ['a'], result: result('m2'), createdAt: 2000 });
    await addModelVersion(db, { projectId: other.id, name: 'elsewhere', classes, labeledImageIds: ['c'], result: result('m3'), createdAt: 3000 });
    db.close();

    db = new SegAdaptDatabase(name);
    const listed = await listModelVersions(db, project.id);
    expect(listed.map((v) => v.name)).toEqual(['v2', 'v1']);
    expect(listed.map(heldOutScore)).toEqual([null, 0.5]);

    await renameModelVersion(db, 'm1', '  cells, first try ');
    await deleteModelVersion(db, 'm2');
    expect((await listModelVersions(db, project.id)).map((v) => [v.id, v.name])).toEqual([['m1', 'cells, first try']]);
    await expect(renameModelVersion(db, 'm1', '  ')).rejects.toThrow(/name/);

    await deleteProject(db, project.id);
    expect(await db.modelVersions.count()).toBe(1);
    db.close();
  });

  it('an older database is upgraded to hold model versions, and loses the never-written models table', async () => {
    const name = freshDatabaseName();
    const old = openVersion1Database(name);
    await old.open();
    old.close();
    const db = new SegAdaptDatabase(name);
    await db.open();
    expect(db.tables.map((t) => t.name)).toContain('modelVersions');
    expect(db.tables.map((t) => t.name)).not.toContain('models');
    expect(db.verno).toBe(5);
    db.close();
  });

  it('refuses a stored version whose shape is broken', () => {
    const good = { v: 1, id: 'm', projectId: 'p', name: 'n', method: 'head', classes, labeledImageIds: ['a'], labeledImageCount: 1, createdAt: 1, seconds: 1, backend: 'wasm', metrics: {}, trainableParams: 1 };
    expect(() => readModelVersion(good)).not.toThrow();
    expect(() => readModelVersion({ ...good, labeledImageCount: 2 })).toThrow(/labeled images/);
    expect(() => readModelVersion({ ...good, metrics: { miou: 'high' } })).toThrow(/metrics/);
    expect(() => readModelVersion({ ...good, v: 2 })).toThrow(/newer than this build/);
  });
});
