import * as tf from '@tensorflow/tfjs-core';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/selectBackend';
import { releaseBackbone } from '../backbone/registry';
import { loadDataFolder } from '../data/dataFolder';
import { createModel } from '../modelStore/createModel';
import { disposeModelTensors, trainableOf } from '../modelStore/adaptedModel';
import { JobCancelledError } from '../jobs/jobContext';
import { toLabeledImages } from '../training/labeledImages';
import { trainModel } from '../training/trainModel';
import type { LabeledImage } from '../training/views';
import { liveTrainingWorkers } from './startWorker';
import { shardSizes } from './trainingPool';

const fixtures = path.resolve(__dirname, '../../tests/fixtures/engine/nuclei/train');

function nucleiImages(): { items: LabeledImage[]; classes: { id: number; name: string }[] } {
  const train = loadDataFolder(fixtures, { requireLabels: true });
  const samples = train.items.map((item) => ({ image: { name: item.imageFile, bytes: item.imageBytes }, mask: item.mask }));
  return { items: toLabeledImages(samples, train.classes), classes: train.classes };
}

async function train(workers: number, steps: number, cancelAtStep = 0, batchSize?: number) {
  const { items, classes } = nucleiImages();
  const model = await createModel({ method: 'lora', classes, seed: 3, inputSize: 128 });
  const losses: number[] = [];
  try {
    const result = await trainModel(model, items, {
      seed: 3,
      steps,
      probeSteps: 0,
      workers,
      batchSize,
      checkpoint: async () => {
        if (cancelAtStep > 0 && losses.length >= cancelAtStep) throw new JobCancelledError();
      },
      progress: (update) => update.loss !== undefined && losses.push(update.loss),
    });
    const weights = Object.fromEntries(Object.entries(trainableOf(model)).map(([key, tensor]) => [key, tensor.dataSync().slice()]));
    return { losses, weights, result };
  } finally {
    disposeModelTensors(model);
  }
}

describe('data-parallel training over worker threads', () => {
  beforeAll(() => selectBackend('wasm'));
  afterAll(() => releaseBackbone());

  it('splits a batch as evenly as it can', () => {
    expect(shardSizes(2, 2)).toEqual([1, 1]);
    expect(shardSizes(5, 2)).toEqual([3, 2]);
    expect(shardSizes(4, 3)).toEqual([2, 1, 1]);
  });

  it('two workers give the losses and trained weights of one thread, and end their threads', async () => {
    const single = await train(1, 5);
    const tensorsBefore = tf.memory().numTensors;
    const parallel = await train(2, 5);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(liveTrainingWorkers()).toBe(0);
    expect(single.result.metrics.trainingWorkers).toBe(1);
    expect(parallel.result.metrics.trainingWorkers).toBe(2);
    expect(parallel.losses).toHaveLength(5);
    parallel.losses.forEach((loss, i) => expect(Math.abs(loss - single.losses[i]) / single.losses[i]).toBeLessThan(1e-4));
    // The weights moved (the comparison is not of two untouched initialisations) and moved alike.
    let moved = 0;
    let worst = 0;
    const initial = await createModel({ method: 'lora', classes: nucleiImages().classes, seed: 3, inputSize: 128 });
    for (const [key, values] of Object.entries(single.weights)) {
      const start = trainableOf(initial)[key].dataSync();
      values.forEach((value, i) => {
        moved = Math.max(moved, Math.abs(value - start[i]));
        worst = Math.max(worst, Math.abs(parallel.weights[key][i] - value));
      });
    }
    disposeModelTensors(initial);
    expect(moved).toBeGreaterThan(1e-3);
    expect(worst).toBeLessThan(moved * 1e-2);
  }, 120_000);

  it('three workers over a batch of four (shards of 2, 1 and 1 views) give the losses of one thread', async () => {
    const single = await train(1, 3, 0, 4);
    const parallel = await train(3, 3, 0, 4);
    expect(parallel.result.metrics.trainingWorkers).toBe(3);
    expect(liveTrainingWorkers()).toBe(0);
    parallel.losses.forEach((loss, i) => expect(Math.abs(loss - single.losses[i]) / single.losses[i]).toBeLessThan(1e-4));
  }, 120_000);

  it('is deterministic with the seed', async () => {
    const first = await train(2, 3);
    const second = await train(2, 3);
    expect(second.losses).toEqual(first.losses);
  }, 120_000);

  it('ends its workers and leaks no tensors when the job is cancelled mid-training', async () => {
    await train(1, 1);
    const tensorsBefore = tf.memory().numTensors;
    await expect(train(2, 20, 2)).rejects.toBeInstanceOf(JobCancelledError);
    expect(liveTrainingWorkers()).toBe(0);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  }, 120_000);
});
