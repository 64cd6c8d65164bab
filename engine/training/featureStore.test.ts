import * as tf from '@tensorflow/tfjs-core';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/selectBackend';
import { getBackbone, releaseBackbone } from '../backbone/registry';
import { loadDataFolder } from '../data/dataFolder';
import { disposeModelTensors } from '../modelStore/adaptedModel';
import { createModel } from '../modelStore/createModel';
import { cacheViews, type CachedView } from './cachedViews';
import { FeatureStore } from './featureStore';
import { toLabeledImages } from './labeledImages';

const fixtures = path.resolve(__dirname, '../../tests/fixtures/engine/nuclei/train');

const disposeViews = (views: CachedView[]) => views.forEach((view) => tf.dispose([...Object.values(view.cache), view.targets, view.weights]));
const valuesOf = (view: CachedView) => Object.values(view.cache).map((tensor) => Array.from(tensor.dataSync()));

describe('prefix features kept across trainings', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
    await getBackbone();
  });
  afterAll(() => releaseBackbone());

  it('drops the least recently used entries beyond its size', () => {
    const entry = (n: number) => ({ x: { shape: [n], data: new Float32Array(n) } });
    const store = new FeatureStore(2500);
    store.put('a', entry(250));
    store.put('b', entry(250));
    store.get('a');
    store.put('c', entry(250));
    expect(store.bytes).toBeLessThanOrEqual(2500);
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')).toBeDefined();
    expect(store.get('c')).toBeDefined();
  });

  it('recomputes only the views of an added image, and a kept view has the features of a fresh one', async () => {
    const data = loadDataFolder(fixtures, { requireLabels: true });
    const items = toLabeledImages(data.items.map((item) => ({ image: { name: item.imageFile, bytes: item.imageBytes }, mask: item.mask })), data.classes);
    const model = await createModel({ method: 'lora', classes: data.classes, seed: 2, inputSize: 64 });
    const store = new FeatureStore(64 * 2 ** 20);
    const first: CachedView[] = [];
    const again: CachedView[] = [];
    const fresh: CachedView[] = [];
    const stored: CachedView[] = [];
    try {
      await cacheViews(model, items.slice(0, 2), 3, 7, first, async () => {});
      expect(store.size).toBe(0);
      await cacheViews(model, items.slice(0, 2), 3, 7, stored, async () => {}, store);
      expect(store.size).toBe(6);
      const hitsBefore = store.hits;
      // Adapt again with one image added, listed first: the two known images' views come from the store.
      await cacheViews(model, [items[2], ...items.slice(0, 2)], 3, 7, again, async () => {}, store);
      expect(store.hits - hitsBefore).toBe(6);
      expect(store.size).toBe(9);
      await cacheViews(model, [items[2], ...items.slice(0, 2)], 3, 7, fresh, async () => {});
      again.forEach((view, i) => expect(valuesOf(view)).toEqual(valuesOf(fresh[i])));
      // Same seed, same image: the same augmentations as the first training, wherever the image is listed.
      first.forEach((view, i) => expect(valuesOf(view)).toEqual(valuesOf(again[3 + i])));
    } finally {
      disposeViews([...first, ...stored, ...again, ...fresh]);
      disposeModelTensors(model);
    }
  });
});
