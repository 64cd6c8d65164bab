import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../contract/api';
import { DEFAULT_METHOD } from '../../contract/jobs';
import { saveEdit } from '../db/annotationRepository';
import { addClass } from '../db/classRepository';
import { createProject } from '../db/projectRepository';
import { addTestImage, freshDatabaseName, SegAdaptDatabase } from '../db/testDatabase';
import { buildAdaptRequest, engineNotReadyReason } from './adaptRequest';

const READY: EngineStatus = { state: 'ready', backend: 'wasm', probes: [], restarts: 0, runningJobId: null, queuedJobIds: [], lastError: null };
const square = (id: string, classId: number, x = 10, y = 10) => ({ id, classId, geometry: { kind: 'polygon' as const, points: [x, y, x + 20, y, x + 20, y + 20, x, y + 20] } });

async function project(classNames: string[]) {
  const db = new SegAdaptDatabase(freshDatabaseName());
  const { id } = await createProject(db, 'P');
  for (const name of classNames) await addClass(db, id, name);
  return { db, projectId: id };
}

async function drawPolygon(db: SegAdaptDatabase, imageId: string, shape: ReturnType<typeof square>) {
  await saveEdit(db, imageId, { type: 'shapes', changes: [{ before: null, after: shape }] }, 'forward');
}

const markFullyLabeled = (db: SegAdaptDatabase, imageId: string) => saveEdit(db, imageId, { type: 'fullyLabeled', before: false, after: true }, 'forward');

describe('buildAdaptRequest', () => {
  it('sends background and the project classes, every labeled image and the default method; unlabeled images stay home', async () => {
    const { db, projectId } = await project(['cell', 'debris']);
    const labeled = await addTestImage(db, projectId, { width: 64, height: 48, addedAt: 1 });
    await addTestImage(db, projectId, { addedAt: 2 });
    const boxed = await addTestImage(db, projectId, { width: 64, height: 48, addedAt: 3 });
    await drawPolygon(db, labeled.id, square('s1', 1));
    await markFullyLabeled(db, labeled.id);
    await saveEdit(db, boxed.id, { type: 'shapes', changes: [{ before: null, after: { id: 'b1', classId: 2, geometry: { kind: 'box', x: 1, y: 1, w: 5, h: 5 } } }] }, 'forward');

    const request = await buildAdaptRequest(db, projectId, READY);
    if (!request.ok) throw new Error(request.reason);
    expect(request.labeledImageIds).toEqual([labeled.id, boxed.id]);
    expect(request.spec).toMatchObject({ kind: 'adapt', method: DEFAULT_METHOD, classes: [{ id: 0, name: 'background' }, { id: 1, name: 'cell' }, { id: 2, name: 'debris' }] });
    expect(request.spec.steps).toBeUndefined();
    expect(request.spec.samples).toHaveLength(2);
    expect(request.spec.samples[0].mask!.data[15 * 64 + 15]).toBe(1);
    expect(request.spec.samples[0].mask!.data[0]).toBe(0);
    expect(request.spec.samples[1].boxes).toEqual([{ classId: 2, x: 1, y: 1, w: 5, h: 5 }]);
    db.close();
  });

  it('sends up to the asked number of images without human labels, spread over the project, for self-training', async () => {
    const { db, projectId } = await project(['cell']);
    const labeled = await addTestImage(db, projectId, { width: 64, height: 48, addedAt: 0 });
    await drawPolygon(db, labeled.id, square('s1', 1));
    await markFullyLabeled(db, labeled.id);
    const others = [];
    for (let i = 1; i <= 6; i++) others.push(await addTestImage(db, projectId, { addedAt: i, status: i === 6 ? 'pre-labeled' : 'unlabeled' }));
    const none = await buildAdaptRequest(db, projectId, READY);
    expect(none.ok && none.spec.unlabeled).toBeUndefined();
    const three = await buildAdaptRequest(db, projectId, READY, { unlabeled: 3 });
    if (!three.ok) throw new Error(three.reason);
    expect(three.spec.unlabeled!.map((image) => image.name)).toEqual([others[0], others[2], others[4]].map((image) => image.name));
    expect(three.spec.unlabeled![0].bytes).toEqual(new Uint8Array([1, 2, 3]));
    const all = await buildAdaptRequest(db, projectId, READY, { unlabeled: 50 });
    expect(all.ok && all.spec.unlabeled!.map((image) => image.name)).toEqual(others.map((image) => image.name));
    db.close();
  });

  it('passes the chosen method, steps, size and name', async () => {
    const { db, projectId } = await project(['cell']);
    const image = await addTestImage(db, projectId, { width: 64, height: 48 });
    await drawPolygon(db, image.id, square('s1', 1));
    await markFullyLabeled(db, image.id);
    const request = await buildAdaptRequest(db, projectId, READY, { method: 'head', steps: 5, size: 128, modelName: ' Quick one ' });
    expect(request.ok && request.spec).toMatchObject({ method: 'head', steps: 5, size: 128, modelName: 'Quick one' });
    db.close();
  });

  it('says why it cannot start: no class, no labeled image, a class nobody labeled, no background, bad options', async () => {
    const { db, projectId } = await project([]);
    const reason = async (options = {}) => {
      const request = await buildAdaptRequest(db, projectId, READY, options);
      return request.ok ? null : request.reason;
    };
    expect(await reason()).toBe('Add a class first');
    await addClass(db, projectId, 'cell');
    await addClass(db, projectId, 'debris');
    const image = await addTestImage(db, projectId, { width: 64, height: 48 });
    expect(await reason()).toMatch(/^No labeled image yet/);
    await drawPolygon(db, image.id, square('s1', 1));
    expect(await reason()).toMatch(/^Nothing is labeled “debris” yet/);
    await drawPolygon(db, image.id, square('s2', 2, 30, 10));
    expect(await reason()).toMatch(/^Nothing is labeled background yet: tick “Fully labeled”/);
    await markFullyLabeled(db, image.id);
    expect(await reason()).toBeNull();
    expect(await reason({ size: 100 })).toMatch(/multiple of 32/);
    expect(await reason({ steps: 0 })).toMatch(/^Steps must be/);
    db.close();
  });

  it('judges by pixels: a polygon drawn wholly outside its image labels nothing', async () => {
    const { db, projectId } = await project(['cell']);
    const image = await addTestImage(db, projectId, { width: 64, height: 48 });
    await drawPolygon(db, image.id, square('s1', 1, 500, 500));
    await markFullyLabeled(db, image.id);
    const request = await buildAdaptRequest(db, projectId, READY);
    expect(request.ok ? null : request.reason).toMatch(/^Nothing is labeled “cell” yet/);
    db.close();
  });

  it('waits for the engine', async () => {
    const { db, projectId } = await project(['cell']);
    const request = await buildAdaptRequest(db, projectId, { ...READY, state: 'starting' });
    expect(request).toEqual({ ok: false, reason: 'The engine is still starting' });
    expect(engineNotReadyReason(null)).toBe('Not connected to the engine yet');
    expect(engineNotReadyReason({ ...READY, state: 'busy' })).toBeNull();
    db.close();
  });
});
