import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ImagePrediction, PredictJobSpec } from '../../contract/jobs';
import { saveEdit } from '../db/annotationRepository';
import { interruptOpenJobs } from '../db/jobRepository';
import { addClass } from '../db/classRepository';
import { createProject } from '../db/projectRepository';
import type { ModelVersionRecord } from '../db/records';
import { addTestImage, freshDatabaseName, SegAdaptDatabase } from '../db/testDatabase';
import { EngineStore } from '../jobs/engineStore';
import { fakeApi, READY } from './fakeEngineApi.testSupport';
import { prelabelTargetIds, PRELABEL_BATCH, prelabelBlocker, PrelabelStore } from './prelabelStore';
import { readImage } from '../db/validateRecords';


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
  const proposed: string[][] = [];
  const makeStore = () =>
    new PrelabelStore({
      db,
      engine: engineStore,
      imagesChanged: async (ids) => void changed.push(ids),
      proposalsChanged: async (ids) => void proposed.push(ids),
    });
  const store = makeStore();
  await store.showProject(project.id);
  return { db, project, labeled, images, engine, engineStore, store, makeStore, changed, proposed };
}

describe('pre-labeling', () => {
  it('says why it cannot start', () => {
    const image = { status: 'unlabeled', annotationCount: 0, fullyLabeled: false } as never;
    expect(prelabelBlocker(null, version, [image])).toMatch(/engine/);
    expect(prelabelBlocker(READY, null, [image])).toBe('Adapt a model version first');
    expect(prelabelBlocker(READY, version, [])).toBe('No unlabeled image to pre-label');
    expect(prelabelBlocker(READY, version, [image])).toBeNull();
  });

  it('targets all unlabeled images, those of the filtered list, or the open one; never a labeled image', async () => {
    const { db, labeled, images, engine, store } = await setup(3);
    const all = (await db.images.toArray()).map(readImage);
    const view = (status: 'all' | 'unlabeled' | 'labeled', openImageId: string | null, selected: string[] = []) => ({ filter: { status, classId: null }, openImageId, selection: { ids: selected } });
    expect(prelabelTargetIds(all, 'all', view('all', null)).sort()).toEqual(images.map((i) => i.id).sort());
    expect(prelabelTargetIds(all, 'filtered', view('labeled', null))).toEqual([]);
    expect(prelabelTargetIds(all, 'open', view('all', images[1].id))).toEqual([images[1].id]);
    expect(prelabelTargetIds(all, 'open', view('all', labeled.id))).toEqual([]);
    expect(prelabelTargetIds(all, 'selected', view('all', null, [images[0].id, labeled.id, images[2].id])).sort()).toEqual([images[0].id, images[2].id].sort());

    const run = store.prelabel(version, [images[1].id, labeled.id]);
    await settle();
    expect((engine.started[0] as PredictJobSpec).images.map((i) => i.name)).toEqual([images[1].name]);
    engine.emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'done', result: { kind: 'predict', predictions: [prediction(images[1].name)] } });
    await run;
    expect(store.getSnapshot().message?.text).toBe('Pre-labeled: 1 of 1 image got proposals from Version 1');
    db.close();
  });

  it('sends the unlabeled images in batches, stores each image as its prediction arrives, apart from the annotations', async () => {
    const { db, labeled, images, engine, store, changed, proposed } = await setup(PRELABEL_BATCH + 2);
    const run = store.prelabel(version);
    await settle();
    expect(engine.started).toHaveLength(1);
    const first = engine.started[0] as PredictJobSpec;
    expect(first).toMatchObject({ kind: 'predict', modelId: 'm1' });
    expect(first.images).toHaveLength(PRELABEL_BATCH);
    expect(first.images.map((i) => i.name)).not.toContain(labeled.name);

    // Two images done: both stored and shown before the job ends.
    engine.emit({ type: 'jobPartialResult', jobId: 'job-1', partial: { kind: 'predict', index: 0, prediction: prediction(first.images[0].name) } });
    engine.emit({ type: 'jobPartialResult', jobId: 'job-1', partial: { kind: 'predict', index: 1, prediction: prediction(first.images[1].name) } });
    engine.emit({ type: 'jobProgress', progress: { jobId: 'job-1', kind: 'predict', step: 2, total: PRELABEL_BATCH } });
    await settle();
    expect(await db.proposals.count()).toBe(2);
    expect(await db.proposals.get(images[0].id)).toMatchObject({ imageId: images[0].id, modelVersionId: 'm1', meanConfidence: 0.75 });
    expect(changed.flat()).toEqual([images[0].id, images[1].id]);
    expect(proposed.flat()).toEqual(changed.flat());
    expect(store.getSnapshot().running).toMatchObject({ done: 2, proposed: 2, total: PRELABEL_BATCH + 2, progress: { step: 2 } });
    expect(store.getSnapshot().running?.etaSeconds).toBeGreaterThanOrEqual(0);

    // The end: the final result fills the images whose partial result did not come, once each.
    engine.emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'done', result: { kind: 'predict', predictions: first.images.map((i) => prediction(i.name)) } });
    await settle();
    expect(await db.proposals.count()).toBe(PRELABEL_BATCH);
    expect(new Set(changed.flat()).size).toBe(PRELABEL_BATCH);
    expect(changed.flat()).toHaveLength(PRELABEL_BATCH);

    expect(engine.started).toHaveLength(2);
    const second = engine.started[1] as PredictJobSpec;
    expect(second.images).toHaveLength(2);
    // The second batch finds nothing in one image.
    engine.emit({ type: 'jobFinished', jobId: 'job-2', outcome: 'done', result: { kind: 'predict', predictions: [prediction(second.images[0].name), { ...prediction(second.images[1].name), instances: [] }] } });
    await run;
    expect(store.getSnapshot().running).toBeNull();
    expect(store.getSnapshot().message?.text).toBe(`Pre-labeled: ${PRELABEL_BATCH + 1} of ${PRELABEL_BATCH + 2} images got proposals from Version 1`);
    expect((await db.images.get(images[0].id))!.status).toBe('pre-labeled');
    expect((await db.images.get(images.at(-1)!.id))!.status).toBe('unlabeled');
    expect(await db.annotations.count()).toBe(1);
    expect((await db.jobs.toArray()).map((j) => [j.kind, j.outcome, j.detail])).toEqual([['prelabel', 'done', store.getSnapshot().message?.text]]);
  });

  it('a prediction whose name does not match its image, or an index out of range, stores nothing', async () => {
    const { db, engine, store } = await setup(2);
    const run = store.prelabel(version);
    await settle();
    engine.emit({ type: 'jobPartialResult', jobId: 'job-1', partial: { kind: 'predict', index: 0, prediction: prediction('someone-else.png') } });
    engine.emit({ type: 'jobPartialResult', jobId: 'job-1', partial: { kind: 'predict', index: 5, prediction: prediction('x') } });
    engine.emit({ type: 'jobPartialResult', jobId: 'job-2', partial: { kind: 'predict', index: 0, prediction: prediction('x') } });
    await settle();
    expect(await db.proposals.count()).toBe(0);
    engine.emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'cancelled' });
    await run;
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

  it('when the engine dies mid-run, says so in one line, keeps the batches stored, and the next run works', async () => {
    const { db, images, engine, store } = await setup(PRELABEL_BATCH + 1);
    const run = store.prelabel(version);
    await settle();
    const first = engine.started[0] as PredictJobSpec;
    engine.emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'done', result: { kind: 'predict', predictions: first.images.map((i) => prediction(i.name)) } });
    await settle();
    // The last image's prediction arrived just before the engine died: it is kept too.
    const second = engine.started[1] as PredictJobSpec;
    engine.emit({ type: 'jobPartialResult', jobId: 'job-2', partial: { kind: 'predict', index: 0, prediction: prediction(second.images[0].name) } });
    engine.emit({ type: 'jobFinished', jobId: 'job-2', outcome: 'failed', error: 'the engine process was killed (SIGKILL) while running this job; it is being restarted and your labels are safe' });
    await run;
    const text = store.getSnapshot().message?.text ?? '';
    expect(text).toBe(`Pre-labeling failed: the engine process was killed (SIGKILL) while running this job; it is being restarted and your labels are safe (the proposals of ${PRELABEL_BATCH + 1} images are kept)`);
    expect(text).not.toContain('\n');
    expect(await db.proposals.count()).toBe(PRELABEL_BATCH + 1);
    expect((await db.jobs.toArray()).map((j) => j.outcome)).toEqual(['failed']);

    // The next run (images still without human labels, the last one among them) works.
    const again = store.prelabel(version);
    for (const jobId of ['job-3', 'job-4']) {
      await settle();
      const spec = engine.started.at(-1) as PredictJobSpec;
      engine.emit({ type: 'jobFinished', jobId, outcome: 'done', result: { kind: 'predict', predictions: spec.images.map((i) => prediction(i.name)) } });
    }
    await again;
    expect(engine.started.slice(2).flatMap((spec) => (spec as PredictJobSpec).images.map((i) => i.name))).toContain(images.at(-1)!.name);
    expect(store.getSnapshot().message?.kind).toBe('info');
    expect(await db.proposals.count()).toBe(PRELABEL_BATCH + 1);
  });

  it('a run cut off by a reload shows as interrupted, not running, and its engine job is cancelled', async () => {
    const { db, project, engine, store, makeStore } = await setup(PRELABEL_BATCH + 1);
    void store.prelabel(version);
    await settle();
    const first = engine.started[0] as PredictJobSpec;
    engine.emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'done', result: { kind: 'predict', predictions: first.images.map((i) => prediction(i.name)) } });
    await settle();
    expect(engine.started).toHaveLength(2);

    // Another window running it keeps it running.
    const [record] = await db.jobs.toArray();
    expect(await interruptOpenJobs(db, project.id, 'prelabel', new Set([record.id]))).toEqual([]);

    // The page reloads: a new store over the same database, and nothing ever ends the old run.
    const reloaded = makeStore();
    await reloaded.showProject(project.id);
    expect(reloaded.getSnapshot().running).toBeNull();
    expect(reloaded.getSnapshot().message).toEqual({ kind: 'error', text: `Pre-labeling was interrupted (the app was reloaded or closed): ${PRELABEL_BATCH} of ${PRELABEL_BATCH + 1} images pre-labeled; stored proposals are kept` });
    expect(engine.cancelled).toEqual(['job-2']);
    expect((await db.jobs.toArray()).map((j) => j.outcome)).toEqual(['interrupted']);
    expect(await db.proposals.count()).toBe(PRELABEL_BATCH);
    // Seen once: the next load says nothing.
    const again = makeStore();
    await again.showProject(project.id);
    expect(again.getSnapshot().message).toBeNull();
  });
});
