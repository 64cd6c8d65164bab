import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../contract/jobs';
import { selectBackend } from '../backend/selectBackend';
import { getBackbone, releaseBackbone } from '../backbone/registry';
import { countParams } from '../model/params';
import { disposeModelTensors } from './adaptedModel';
import { createModel } from './createModel';
import { trainableFor } from '../../contract/trainableCounts';
import { trainableCounts } from './trainableCounts';

describe('trainable counts for the Adapt panel', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
    await getBackbone();
  });
  afterAll(() => releaseBackbone());

  it('equal what a new model of each method really trains, for any number of classes, and leak no tensors', async () => {
    const before = tf.memory().numTensors;
    const counts = await trainableCounts();
    expect(tf.memory().numTensors).toBe(before);
    for (const method of METHOD_NAMES) {
      for (const classCount of [2, 12]) {
        const classes = Array.from({ length: classCount }, (_, id) => ({ id, name: `c${id}` }));
        const model = await createModel({ method, classes, seed: 1, inputSize: 128 });
        try {
          expect(trainableFor(counts, method, classCount), `${method} with ${classCount} classes`).toBe(countParams(model.decoder) + countParams(model.state.trainable));
        } finally {
          disposeModelTensors(model);
        }
      }
    }
    expect(counts.backbone.head).toBe(0);
    expect(counts.backbone.full).toBeGreaterThan(counts.backbone.lora);
  }, 120_000);
});
