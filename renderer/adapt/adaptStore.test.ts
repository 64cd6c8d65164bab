import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { saveEdit } from '../db/annotationRepository';
import { addClass } from '../db/classRepository';
import { createProject } from '../db/projectRepository';
import { putImageProposals } from '../db/proposalRepository';
import { addTestImage, freshDatabaseName, SegAdaptDatabase } from '../db/testDatabase';
import { EngineStore } from '../jobs/engineStore';
import { DialogStore } from '../workspace/dialogStore';
import type { AdaptJobSpec } from '../../contract/jobs';
import { AdaptStore, describeStorage } from './adaptStore';
import { fakeApi } from './fakeEngineApi.testSupport';


async function labeledProject(db: SegAdaptDatabase) {
  const project = await createProject(db, 'P');
  await addClass(db, project.id, 'cell');
  const image = await addTestImage(db, project.id, { width: 32, height: 32 });
  const shape = { id: 's', classId: 1, geometry: { kind: 'polygon' as const, points: [2, 2, 12, 2, 12, 12] } };
  await saveEdit(db, image.id, { type: 'shapes', changes: [{ before: null, after: shape }] }, 'forward');
  await saveEdit(db, image.id, { type: 'fullyLabeled', before: false, after: true }, 'forward');
  return { projectId: project.id, imageId: image.id };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function setup() {
  const db = new SegAdaptDatabase(freshDatabaseName());
  const engine = fakeApi();
  const engineStore = new EngineStore(engine.api);
  await settle();
  const dialogs = new DialogStore();
  const proposalsDeleted: string[][] = [];
  const makeStore = () => new AdaptStore({ db, engine: engineStore, dialogs, flushed: async () => undefined, proposalsDeleted: async (ids) => void proposalsDeleted.push(ids) });
  const store = makeStore();
  const { projectId, imageId } = await labeledProject(db);
  await store.showProject(projectId);
  return { db, engine, store, makeStore, projectId, imageId, dialogs, proposalsDeleted };
}

describe('AdaptStore', () => {
  it('Quick starts a head job with the advanced steps and size, follows its loss, and records the finished version', async () => {
    const { db, engine, store, projectId, imageId } = await setup();
    store.changeSettings({ steps: '5', size: '128' });
    const done = store.adapt(true);
    await expect.poll(() => store.getSnapshot().running?.jobId).toBe('job-1');
    expect(engine.started[0]).toMatchObject({ kind: 'adapt', method: 'head', steps: 5, size: 128, modelName: 'Version 1' });

    for (const [step, loss] of [[1, 1.2], [2, 0.9], [2, 0.9], [3, 0.7]] as const) {
      engine.emit({ type: 'jobProgress', progress: { jobId: 'job-1', kind: 'adapt', step, total: 5, phase: 'training', loss } });
    }
    expect(store.getSnapshot().running?.progress).toMatchObject({ step: 3, total: 5 });
    engine.emit({ type: 'jobProgress', progress: { jobId: 'job-1', kind: 'adapt', step: 4, total: 5, phase: 'training', loss: 0.6, metrics: { heldOutMiou: 0.31 } } });
    engine.emit({ type: 'jobProgress', progress: { jobId: 'job-1', kind: 'adapt', step: 5, total: 5, phase: 'training', loss: 0.5, metrics: {} } });
    // The held-out score of the last check stays on screen between checks.
    expect(store.getSnapshot().running?.heldOutMiou).toBe(0.31);
    expect(store.getSnapshot().lossCurve).toEqual({ steps: [1, 2, 3, 4, 5], losses: [1.2, 0.9, 0.7, 0.6, 0.5] });

    engine.emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'done', result: { kind: 'adapt', modelId: 'm-1', method: 'head', trainableParams: 99, seconds: 3, backend: 'wasm', metrics: { heldOutMiou: 0.4 } } });
    await done;
    const { running, versions, message } = store.getSnapshot();
    expect(running).toBeNull();
    expect(message?.text).toBe('Version 1 is ready: held-out mIoU 0.400, 3 s on wasm');
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ id: 'm-1', projectId, name: 'Version 1', method: 'head', labeledImageIds: [imageId], trainableParams: 99 });
    expect(await db.modelVersions.count()).toBe(1);
    db.close();
  });

  it('Adapt sends the unlabeled images for self-training, Quick does not; Adapt again continues the version and shows its old score beside the new', async () => {
    const { db, engine, store, projectId } = await setup();
    await addTestImage(db, projectId);
    const quick = store.adapt(true);
    await expect.poll(() => store.getSnapshot().running?.jobId).toBe('job-1');
    const quickSpec = engine.started[0] as AdaptJobSpec;
    expect(quickSpec.unlabeled).toBeUndefined();
    expect(quickSpec.fromModelId).toBeUndefined();
    engine.emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'done', result: { kind: 'adapt', modelId: 'm-1', method: 'head', trainableParams: 99, seconds: 3, backend: 'wasm', metrics: { heldOutMiou: 0.4 } } });
    await quick;

    const again = store.adaptAgain('m-1');
    await expect.poll(() => store.getSnapshot().running?.jobId).toBe('job-2');
    const againSpec = engine.started[1] as AdaptJobSpec;
    expect(againSpec).toMatchObject({ method: 'head', fromModelId: 'm-1', modelName: 'Version 2' });
    expect(againSpec.unlabeled).toHaveLength(1);
    engine.emit({ type: 'jobFinished', jobId: 'job-2', outcome: 'done', result: { kind: 'adapt', modelId: 'm-2', method: 'head', trainableParams: 99, seconds: 4, backend: 'wasm', metrics: { heldOutMiou: 0.5 } } });
    await again;
    expect(store.getSnapshot().message?.text).toBe('Version 2 is ready: held-out mIoU 0.500 (Version 1: 0.400), 4 s on wasm');

    store.changeSettings({ selfTraining: false, startFrom: '' });
    const fresh = store.adapt();
    await expect.poll(() => store.getSnapshot().running?.jobId).toBe('job-3');
    expect((engine.started[2] as AdaptJobSpec).unlabeled).toBeUndefined();
    expect((engine.started[2] as AdaptJobSpec).fromModelId).toBeUndefined();
    db.close();
    void fresh;
  });

  it('knows which versions have their weights on disk and how big they are', async () => {
    const { db, engine, store } = await setup();
    const first = store.adapt(true);
    await expect.poll(() => store.getSnapshot().running?.jobId).toBe('job-1');
    engine.models.push({ id: 'm-1', name: 'Version 1', method: 'head', baseModel: 'b', classes: [], trainableParams: 99, createdAt: '', metrics: {}, sizeBytes: 2_500_000 });
    engine.emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'done', result: { kind: 'adapt', modelId: 'm-1', method: 'head', trainableParams: 99, seconds: 3, backend: 'wasm', metrics: {} } });
    await first;
    const [version] = store.getSnapshot().versions;
    expect(describeStorage(version, store.getSnapshot().storedModels)).toBe('2.4 MB on disk');
    engine.models.splice(0);
    await store.refreshStoredModels();
    expect(describeStorage(version, store.getSnapshot().storedModels)).toBe('weights missing on disk');
    expect(describeStorage(version, null)).toBe('');
    db.close();
  });

  it('refuses to continue a version adapted for other classes, in one line', async () => {
    const { db, engine, store, projectId } = await setup();
    const first = store.adapt(true);
    await expect.poll(() => store.getSnapshot().running?.jobId).toBe('job-1');
    engine.emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'done', result: { kind: 'adapt', modelId: 'm-1', method: 'head', trainableParams: 99, seconds: 3, backend: 'wasm', metrics: {} } });
    await first;
    await addClass(db, projectId, 'debris');
    const image = await addTestImage(db, projectId, { width: 32, height: 32 });
    await saveEdit(db, image.id, { type: 'shapes', changes: [{ before: null, after: { id: 'd', classId: 2, geometry: { kind: 'polygon', points: [1, 1, 9, 1, 9, 9] } } }] }, 'forward');
    await store.adaptAgain('m-1');
    expect(store.getSnapshot().message).toEqual({ kind: 'error', text: 'Version 1 was adapted for other classes than the project has now: adapt from the base model instead' });
    expect(engine.started).toHaveLength(1);
    db.close();
  });

  it('a cancelled or failed job records nothing and says how it ended; a refused start gives the reason', async () => {
    const { db, engine, store } = await setup();
    const first = store.adapt();
    await expect.poll(() => store.getSnapshot().running?.jobId).toBe('job-1');
    await store.cancel();
    expect(engine.cancelled).toEqual(['job-1']);
    engine.emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'cancelled' });
    await first;
    expect(store.getSnapshot().message).toEqual({ kind: 'info', text: 'Adapting was cancelled' });

    const second = store.adapt();
    await expect.poll(() => store.getSnapshot().running?.jobId).toBe('job-2');
    engine.emit({ type: 'jobFinished', jobId: 'job-2', outcome: 'failed', error: 'out of memory' });
    await second;
    expect(store.getSnapshot().message).toEqual({ kind: 'error', text: 'Adapting failed: out of memory' });
    expect(await db.modelVersions.count()).toBe(0);

    store.changeSettings({ size: '100' });
    await store.adapt();
    expect(store.getSnapshot().message?.text).toMatch(/multiple of 32/);
    expect(engine.started).toHaveLength(2);
    db.close();
  });

  it('deleting a version deletes its proposals, not the annotations', async () => {
    const { db, engine, store, projectId, dialogs, proposalsDeleted } = await setup();
    const done = store.adapt(true);
    await expect.poll(() => store.getSnapshot().running?.jobId).toBe('job-1');
    engine.emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'done', result: { kind: 'adapt', modelId: 'm-1', method: 'head', trainableParams: 99, seconds: 3, backend: 'wasm', metrics: {} } });
    await done;
    const other = await addTestImage(db, projectId);
    await putImageProposals(db, { imageId: other.id, modelVersionId: 'm-1', instances: [{ classId: 1, score: 0.5, polygon: [0, 0, 5, 0, 5, 5] }], meanConfidence: 0.5 });
    const removing = store.remove('m-1');
    await expect.poll(() => dialogs.getSnapshot()?.kind).toBe('confirm');
    const dialog = dialogs.getSnapshot();
    if (dialog?.kind === 'confirm') dialog.resolve(true);
    await removing;
    expect(await db.modelVersions.count()).toBe(0);
    expect(await db.proposals.count()).toBe(0);
    expect((await db.images.get(other.id))!.status).toBe('unlabeled');
    expect(await db.annotations.count()).toBe(1);
    expect(proposalsDeleted).toEqual([[other.id]]);
    db.close();
  });

  it('an adaptation cut off by a reload shows as interrupted in one line, its engine job is cancelled, and one the engine dies in says so', async () => {
    const { db, engine, store, makeStore, projectId } = await setup();
    void store.adapt(true);
    await expect.poll(() => store.getSnapshot().running?.jobId).toBe('job-1');
    await expect.poll(async () => (await db.jobs.toArray()).map((j) => [j.kind, j.outcome, j.engineJobId])).toEqual([['adapt', null, 'job-1']]);

    const reloaded = makeStore();
    await reloaded.showProject(projectId);
    expect(reloaded.getSnapshot().running).toBeNull();
    expect(reloaded.getSnapshot().message).toEqual({ kind: 'error', text: 'Adapt Version 1 (head) was interrupted (the app was reloaded or closed); adapt again to make the version' });
    expect(engine.cancelled).toEqual(['job-1']);
    expect((await db.jobs.toArray()).map((j) => j.outcome)).toEqual(['interrupted']);

    const next = reloaded.adapt(true);
    await expect.poll(() => reloaded.getSnapshot().running?.jobId).toBe('job-2');
    engine.emit({ type: 'jobFinished', jobId: 'job-2', outcome: 'failed', error: 'the engine process was killed (SIGKILL) while running this job; it is being restarted and your labels are safe' });
    await next;
    expect(reloaded.getSnapshot().message).toEqual({ kind: 'error', text: 'Adapting failed: the engine process was killed (SIGKILL) while running this job; it is being restarted and your labels are safe' });
    expect((await db.jobs.toArray()).map((j) => j.outcome).sort()).toEqual(['failed', 'interrupted']);
  });
});
