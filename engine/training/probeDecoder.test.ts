import * as tf from '@tensorflow/tfjs-core';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/selectBackend';
import { getBackbone, releaseBackbone } from '../backbone/registry';
import { loadDataFolder } from '../data/dataFolder';
import { disposeModelTensors } from '../modelStore/adaptedModel';
import { createModel } from '../modelStore/createModel';
import { cacheViews, type CachedView } from './cachedViews';
import { toLabeledImages } from './labeledImages';
import { probeDecoder } from './probeDecoder';
import { seededRandom } from './seededRandom';

const fixtures = path.resolve(__dirname, '../../tests/fixtures/engine/nuclei/train');

describe('decoder warm-up on frozen features', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
    await getBackbone();
  });
  afterAll(() => releaseBackbone());

  it('trains the decoder only, lowers the loss and leaks no tensors', async () => {
    const data = loadDataFolder(fixtures, { requireLabels: true });
    const items = toLabeledImages(
      data.items.map((item) => ({ image: { name: item.imageFile, bytes: item.imageBytes }, mask: item.mask })),
      data.classes,
    );
    const model = await createModel({ method: 'lora', classes: data.classes, seed: 2, inputSize: 128 });
    const views: CachedView[] = [];
    try {
      await cacheViews(model, items.slice(0, 2), 3, 2, views, async () => {});
      const tensorsBefore = tf.memory().numTensors;
      const methodBefore = Object.fromEntries(Object.entries(model.state.trainable).map(([key, tensor]) => [key, tensor.dataSync().slice()]));
      const classifierBefore = model.decoder['decoder/classifier/kernel'].dataSync().slice();
      const losses: number[] = [];
      const random = seededRandom(3);
      await probeDecoder(model, views, {
        steps: 30,
        batchSize: 2,
        learningRate: 3e-3,
        shuffle: (indices) => random.shuffle(indices),
        checkpoint: async () => {},
        onStep: (_step, loss) => losses.push(loss),
      });
      expect(losses).toHaveLength(30);
      const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
      expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) * 0.8);
      expect(model.decoder['decoder/classifier/kernel'].dataSync()).not.toEqual(classifierBefore);
      for (const [key, values] of Object.entries(methodBefore)) expect(model.state.trainable[key].dataSync()).toEqual(values);
      expect(tf.memory().numTensors).toBe(tensorsBefore);
    } finally {
      for (const view of views) tf.dispose([...Object.values(view.cache), view.targets, view.weights]);
      disposeModelTensors(model);
    }
  }, 60_000);
});
