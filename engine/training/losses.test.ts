import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/selectBackend';
import './registerGradients';
import { boxLoss, maskLoss, poolLabels } from './losses';
import { IGNORE } from './views';

const logitsFor = (foreground: number[][]) =>
  tf.tensor4d(foreground.flat().flatMap((p) => [0, Math.log(p / (1 - p))]), [1, foreground.length, foreground[0].length, 2]);

describe('losses', () => {
  beforeAll(() => selectBackend('wasm'));

  it('ignores unlabeled pixels: a wrong guess there costs nothing', () => {
    const labels = new Uint8Array([1, 1, IGNORE, IGNORE]);
    const { targets, weights } = poolLabels(labels, 2, 1, 2);
    const t = tf.tensor4d(targets, [1, 2, 2, 2]);
    const w = tf.tensor3d(weights, [1, 2, 2]);
    const right = maskLoss(logitsFor([[0.9, 0.9], [0.9, 0.9]]), t, w).dataSync()[0];
    const wrongWhereIgnored = maskLoss(logitsFor([[0.9, 0.9], [0.01, 0.01]]), t, w).dataSync()[0];
    const wrongWhereLabeled = maskLoss(logitsFor([[0.1, 0.1], [0.9, 0.9]]), t, w).dataSync()[0];
    expect(wrongWhereIgnored).toBeCloseTo(right, 5);
    expect(wrongWhereLabeled).toBeGreaterThan(right + 0.5);
  });

  it('pools labels into per-cell class fractions and labeled fractions', () => {
    const { targets, weights } = poolLabels(new Uint8Array([0, 1, 1, IGNORE]), 2, 2, 2);
    expect(Array.from(weights)).toEqual([0.75]);
    expect(targets[0]).toBeCloseTo(1 / 3);
    expect(targets[1]).toBeCloseTo(2 / 3);
  });

  it('scores a mask that fills its box better than one that spills out of it or misses it', () => {
    const side = 8;
    const box = Array.from({ length: side }, (_, y) => Array.from({ length: side }, (_, x) => (x >= 2 && x < 6 && y >= 3 && y < 7 ? 1 : 0)));
    const targets = {
      boxMasks: tf.tensor4d(box.flat().flatMap((inside) => [0, inside]), [1, side, side, 2]),
      boxClasses: tf.tensor2d([[0, 1]]),
      colours: tf.tensor4d(box.flat().flatMap((inside) => (inside ? [200, 50, 50] : [20, 20, 20])), [1, side, side, 3]),
    };
    const prediction = (inBox: number, outside: number) => logitsFor(box.map((row) => row.map((inside) => (inside ? inBox : outside))));
    const fits = boxLoss(prediction(0.95, 0.05), targets).dataSync()[0];
    const spills = boxLoss(prediction(0.95, 0.95), targets).dataSync()[0];
    const misses = boxLoss(prediction(0.05, 0.05), targets).dataSync()[0];
    expect(fits).toBeLessThan(spills);
    expect(fits).toBeLessThan(misses);
  });
});
