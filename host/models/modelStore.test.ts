import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelMetadata } from '../../contract/modelFormat';
import { ModelStore } from './modelStore';

function metadata(id: string, createdAt: string): ModelMetadata {
  return {
    formatVersion: 1,
    id,
    name: `model ${id}`,
    baseModel: 'centernet-mobilenetv3',
    method: 'svf',
    classes: [{ id: 0, name: 'background' }, { id: 1, name: 'nucleus' }],
    inputSize: 256,
    normalisation: { scale: 1, offset: 0 },
    trainableParams: 1234,
    metrics: { heldOutIoU: 0.7 },
    backend: 'wasm',
    seconds: 12,
    createdAt,
  };
}

describe('model store', () => {
  const dirs: string[] = [];
  const makeStore = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'segadapt-store-'));
    dirs.push(dir);
    const warnings: string[] = [];
    return { dir, warnings, store: new ModelStore(dir, (w) => warnings.push(w)) };
  };
  const writeModel = (dir: string, meta: ModelMetadata, extra: Record<string, string> = {}) => {
    mkdirSync(path.join(dir, meta.id, 'weights'), { recursive: true });
    writeFileSync(path.join(dir, meta.id, 'segadapt.json'), JSON.stringify(meta));
    for (const [name, text] of Object.entries(extra)) writeFileSync(path.join(dir, meta.id, name), text);
  };

  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('lists adapted models newest first and skips a broken folder with a warning', async () => {
    const { dir, store, warnings } = makeStore();
    writeModel(dir, metadata('older', '2026-01-01T00:00:00Z'));
    writeModel(dir, metadata('newer', '2026-02-01T00:00:00Z'), { 'weights/decoder.bin': 'abcd' });
    mkdirSync(path.join(dir, 'broken'));
    writeFileSync(path.join(dir, 'broken', 'segadapt.json'), '{not json');
    const models = await store.list();
    expect(models.map((m) => m.id)).toEqual(['newer', 'older']);
    expect(models[0]).toMatchObject({ method: 'svf', trainableParams: 1234, classes: [{ name: 'background' }, { name: 'nucleus' }] });
    // Its size on disk counts every file, in sub-folders too.
    expect(models[0].sizeBytes).toBe(JSON.stringify(metadata('newer', '2026-02-01T00:00:00Z')).length + 4);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/broken/);
  });

  it('lists nothing when the models folder does not exist yet', async () => {
    const store = new ModelStore(path.join(os.tmpdir(), 'segadapt-no-such-folder-' + Date.now()));
    expect(await store.list()).toEqual([]);
  });

  it('loads every file of a model, including sub-folders', async () => {
    const { dir, store } = makeStore();
    writeModel(dir, metadata('m1', '2026-01-01T00:00:00Z'), { 'weights/decoder.bin': 'abc' });
    const bundle = await store.load('m1');
    expect(bundle.summary.id).toBe('m1');
    expect(bundle.files.map((f) => f.name)).toEqual(['segadapt.json', 'weights/decoder.bin']);
    expect(new TextDecoder().decode(bundle.files[1].data)).toBe('abc');
  });

  it('refuses ids that could leave the models folder, and says when a model is missing', async () => {
    const { store } = makeStore();
    await expect(store.load('../etc')).rejects.toMatchObject({ code: 'bad-request' });
    await expect(store.load('a/b')).rejects.toMatchObject({ code: 'bad-request' });
    await expect(store.load('missing')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('says whether a model folder is here, without reading its weights', async () => {
    const { dir, store } = makeStore();
    writeModel(dir, metadata('m1', '2026-01-01T00:00:00Z'));
    mkdirSync(path.join(dir, 'empty'));
    expect(await store.has('m1')).toBe(true);
    expect(await store.has('empty')).toBe(false);
    expect(await store.has('missing')).toBe(false);
    expect(await store.has('../m1')).toBe(false);
  });
});
