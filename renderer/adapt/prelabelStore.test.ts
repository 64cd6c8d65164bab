import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ImagePrediction, PredictJobSpec } from '../../contract/jobs';
import { saveEdit } from '../db/annotationRepository';
import { addClass } from '../db/classRepository';
import { createProject } from '../db/projectRepository';
import type { ModelVersionRecord } from '../db/records';
import { addTestImage, freshDatabaseName, SegAdaptDatabase } from '../db/testDatabase';
import { EngineStore } from '../jobs/engineStore';
import { fakeApi, READY } from './fakeEngineApi.testSupport';
import { PRELABEL_BATCH, prelabelBlocker, PrelabelStore } from './prelabelStore';


const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};
const version = { id: 'm1', name: 'Version 1' } as ModelVersionRecord;
const prediction = (name: string, classId = 1): ImagePrediction => ({
  name,
  mask: { width: 1, height: 1, data: new Uint8Array(1) },
  confidence: 0.75,
  instances: [{ classId, score: 0.6, polygon: [1, 1, 9, 1, 9, 9], box: { x: 1, y: 1, w: 8, h: 8 } }],
});

async function setup(imageCount: number) {
  const db = new SegAdaptDatabase(freshDatabaseName());
  const project = await createProject(db, 'P');
  await addClass(db, project.id, 'cell');
  const labeled = await addTestImage(db, project.id, { addedAt: 0 });
  await saveEdit(db, labeled.id, { type: 'shapes', changes: [{ before: null, after: { id: 's', classId: 1, geometry: { kind: 'box', x: 1, y: 1, w: 2, h: 2 } } }] }, 'forward');
  const images = [];
  for (let i = 0; i < imageCount; i++) images.push(await addTestImage(db, project.id, { addedAt: i + 1 }));
  const engine = fakeApi();
  const engineStore = new EngineStore(engine.api);
  await settle();
  const changed: string[][] = [];
  const reloaded: string[] = [];
  const store = new PrelabelStore({
    db,
    engine: engineStore,
    flushed: async () => undefined,
    imagesChanged: async (ids) => void changed.push(ids),
    annotationsChanged: async (id) => void reloaded.push(id),
  });
  store.showProject(project.id);
  return { db, project, labeled, images, engine, store, changed, reloaded };
}

describe('pre-labeling', () => {
  it('says why it cannot start', () => {
    const image = { status: 'unlabeled', annotationCount: 0, fullyLabeled: false } as never;
    expect(prelabelBlocker(null, version, [image])).toMatch(/engine/);
    expect(prelabelBlocker(READY, null, [image])).toBe('Adapt a model version first');
    expect(prelabelBlocker(READY, version, [])).toBe('No unlabeled image to pre-label');
    expect(prelabelBlocker(READY, version, [image])).toBeNull();
  });

  it('sends the unlabeled images in batches, stores each batch as it ends, and accepts or rejects the open image', async () => {
    const { db, labeled, images, engine, store, changed, reloaded } = await setup(PRELABEL_BATCH + 2);
    await store.showImage(images[0].id);
    const run = store.prelabel(version);
    await settle();
    expect(engine.started).toHaveLength(1);
    const first = engine.started[0] as PredictJobSpec;
    expect(first).toMatchObject({ kind: 'predict', modelId: 'm1' });
    expect(first.images).toHaveLength(PRELABEL_BATCH);
    expect(first.images.map((i) => i.name)).not.toContain(labeled.name);

    engine.emit({ type: 'jobProgress', progress: { jobId: 'job-1', kind: 'predict', step: 3, total: PRELABEL_BATCH } });
    expect(store.getSnapshot().running).toMatchObject({ done: 0, total: PRELABEL_BATCH + 2, progress: { step: 3 } });
    engine.emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'done', result: { kind: 'predict', predictions: first.images.map((i) => prediction(i.name)) } });
    await settle();
    expect(await db.proposals.count()).toBe(PRELABEL_BATCH);
    expect(store.getSnapshot().openProposals).toMatchObject({ imageId: images[0].id, modelVersionId: 'm1', meanConfidence: 0.75 });
    expect(changed[0]).toHaveLength(PRELABEL_BATCH);

    expect(engine.started).toHaveLength(2);
    const second = engine.started[1] as PredictJobSpec;
    expect(second.images).toHaveLength(2);
    // The second batch finds nothing in one image.
    engine.emit({ type: 'jobFinished', jobId: 'job-2', outcome: 'done', result: { kind: 'predict', predictions: [prediction('a'), { ...prediction('b'), instances: [] }] } });
    await run;
    expect(store.getSnapshot().running).toBeNull();
    expect(store.getSnapshot().message?.text).toBe(`Pre-labeled: ${PRELABEL_BATCH + 1} of ${PRELABEL_BATCH + 2} images got proposals from Version 1`);
    expect((await db.images.get(images[0].id))!.status).toBe('pre-labeled');
    expect((await db.images.get(images.at(-1)!.id))!.status).toBe('unlabeled');
    expect(await db.annotations.count()).toBe(1);

    await store.acceptAll();
    expect(reloaded).toEqual([images[0].id]);
    expect(store.getSnapshot().openProposals).toBeNull();
    expect((await db.annotations.where('imageId').equals(images[0].id).toArray()).map((a) => a.source)).toEqual(['predicted']);

    await store.showImage(images[1].id);
    expect(store.getSnapshot().openProposals).not.toBeNull();
    await store.reject();
    expect(await db.proposals.get(images[1].id)).toBeUndefined();
    expect(await db.annotations.where('imageId').equals(images[1].id).count()).toBe(0);
  });

  it('cancels: the running job is cancelled, no further batch starts, the stored batches stay', async () => {
    const { db, engine, store } = await setup(PRELABEL_BATCH + 1);
    const run = store.prelabel(version);
    await settle();
    await store.cancel();
    expect(engine.cancelled).toEqual(['job-1']);
    engine.emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'cancelled' });
    await run;
    expect(engine.started).toHaveLength(1);
    expect(store.getSnapshot().message?.text).toMatch(/^Pre-labeling was cancelled/);
    expect(await db.proposals.count()).toBe(0);
  });

  it('says so when the engine fails', async () => {
    const { engine, store } = await setup(1);
    const run = store.prelabel(version);
    await settle();
    engine.emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'failed', error: 'engine exited' });
    await run;
    expect(store.getSnapshot().message).toEqual({ kind: 'error', text: 'Pre-labeling failed: engine exited' });
  });
});
