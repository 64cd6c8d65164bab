import * as tf from '@tensorflow/tfjs-core';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/selectBackend';
import { getBackbone, releaseBackbone } from '../backbone/registry';
import { loadDataFolder } from '../data/dataFolder';
import { disposeModelTensors } from '../modelStore/adaptedModel';
import { createModel } from '../modelStore/createModel';
import { toLabeledImages } from './labeledImages';
import { classThresholds, DEFAULT_SELF_TRAINING, pseudoLabel, trainWithUnlabeled } from './selfTraining';
import { IGNORE } from './views';

const fixtures = path.resolve(__dirname, '../../tests/fixtures/engine/nuclei/train');

function histogram(counts: Record<number, number>): Uint32Array {
  const bins = new Uint32Array(256);
  for (const [bin, count] of Object.entries(counts)) bins[Number(bin)] = count;
  return bins;
}

describe('class-balanced pseudo-label thresholds', () => {
  it('keeps the most confident share of each class, capped, so a low-confidence class still gets labels', () => {
    const confident = histogram({ 250: 90, 100: 10 });
    const unsure = histogram({ 150: 50, 120: 50 });
    const [first, second, absent] = classThresholds([confident, unsure, new Uint32Array(256)], 0.5, 0.9);
    expect(first).toBeCloseTo(0.9);
    expect(second).toBeCloseTo(150 / 256);
    expect(absent).toBeCloseTo(0.9);
  });
});

describe('self-training on unlabeled images', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
    await getBackbone();
  });
  afterAll(() => releaseBackbone());

  it('pseudo-labels confident pixels only, trains twice with progress through all three phases, and leaks no tensors', async () => {
    const data = loadDataFolder(fixtures, { requireLabels: true });
    const items = toLabeledImages(
      data.items.map((item) => ({ image: { name: item.imageFile, bytes: item.imageBytes }, mask: item.mask })),
      data.classes,
    );
    const [labeled, ...rest] = items;
    const unlabeled = rest.map(({ name, image }) => ({ name, image }));
    const model = await createModel({ method: 'head', classes: data.classes, seed: 2, inputSize: 128 });
    try {
      const tensorsBefore = tf.memory().numTensors;
      const phases: string[] = [];
      const steps: number[] = [];
      const totals = new Set<number>();
      const result = await trainWithUnlabeled(model, [labeled], unlabeled, {
        seed: 2,
        steps: 8,
        checkpoint: async () => {},
        progress: (update) => {
          phases.push(update.phase.slice(0, 3));
          steps.push(update.step);
          totals.add(update.total);
          expect(update.step).toBeLessThanOrEqual(update.total);
        },
      }, { ...DEFAULT_SELF_TRAINING, steps: 5 });
      expect(new Set(phases)).toEqual(new Set(['1/3', '2/3', '3/3']));
      expect(steps.at(-1)).toBeGreaterThan(8);
      // The progress bar's total is known from the start and the job ends on it: no jump, no stall short of it.
      expect([...totals]).toEqual([8 + unlabeled.length + 5]);
      expect(steps.at(-1)).toBe(8 + unlabeled.length + 5);
      expect(result.steps).toBe(8 + 5);
      expect(result.metrics.unlabeledImages).toBe(unlabeled.length);
      expect(tf.memory().numTensors).toBe(tensorsBefore);

      const [pseudo] = await pseudoLabel(model, unlabeled.slice(0, 1), { keepShare: 0.5, maxThreshold: 0.9, labelWeight: 0.5 });
      expect(pseudo.pseudo).toBe(true);
      const ignored = pseudo.labels!.filter((label) => label === IGNORE).length;
      expect(ignored).toBeGreaterThan(0);
      expect(ignored).toBeLessThan(pseudo.labels!.length);
      expect(tf.memory().numTensors).toBe(tensorsBefore);
    } finally {
      disposeModelTensors(model);
    }
  }, 120_000);
});
