import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/selectBackend';
import './registerGradients';
import { batchLoss, disposeBatch, stackViews, type CachedView } from './cachedViews';
import { seededRandom } from './seededRandom';
import { shardLoss, type AllReduce } from './shardedLoss';

const side = 6;
const classes = 3;

function randomView(seed: number, withBox: boolean): CachedView {
  const random = seededRandom(seed);
  const cells = side * side;
  const targets = new Float32Array(cells * classes);
  const weights = new Float32Array(cells);
  for (let cell = 0; cell < cells; cell++) {
    // Some cells unlabeled, some mixed.
    if (random.next() < 0.25) continue;
    weights[cell] = random.uniform(0.3, 1);
    const a = random.integer(classes);
    const b = random.integer(classes);
    targets[cell * classes + a] += 0.6;
    targets[cell * classes + b] += 0.4;
  }
  const box = withBox
    ? {
        boxMasks: tf.tensor4d(Array.from({ length: cells * classes }, (_, i) => (i % classes === 1 && Math.floor(i / classes) % side > 1 ? 1 : 0)), [1, side, side, classes]),
        boxClasses: tf.tensor2d([[0, 1, 0]]),
        colours: tf.tensor4d(Array.from({ length: cells * 3 }, () => random.uniform(0, 255)), [1, side, side, 3]),
      }
    : null;
  return { cache: {}, targets: tf.tensor4d(targets, [1, side, side, classes]), weights: tf.tensor3d(weights, [1, side, side]), box };
}

const disposeView = (view: CachedView) => tf.dispose([view.targets, view.weights, ...(view.box ? Object.values(view.box) : [])]);

/** Loss values and logit gradients of every shard, with the shards' sums added as workers would. */
function shardedGradients(logits: tf.Tensor4D[], shards: CachedView[][]) {
  const batches = shards.map((views) => stackViews(views));
  const locals = batches.map((batch, i) => {
    let captured = new Float64Array(0);
    tf.tidy(() => {
      shardLoss(logits[i], batch, (local) => (captured = local.slice()));
    });
    return captured;
  });
  const total = locals.reduce((sum, local) => sum.map((v, j) => v + local[j]));
  const reduce: AllReduce = () => total;
  const results = batches.map((batch, i) => {
    let value = 0;
    const { grad, value: surrogate } = tf.valueAndGrad((x: tf.Tensor) => {
      const loss = shardLoss(x as tf.Tensor4D, batch, reduce, undefined, i);
      value = loss.value;
      return loss.surrogate;
    })(logits[i]);
    surrogate.dispose();
    return { value, grad };
  });
  batches.forEach(disposeBatch);
  return results;
}

describe('a batch loss split between shards', () => {
  beforeAll(() => selectBackend('wasm'));

  it('has the whole batch loss value and logit gradients when its shards add their sums', () => {
    const views = [randomView(1, false), randomView(2, true), randomView(3, false), randomView(4, true)];
    const random = seededRandom(9);
    const logitsData = Float32Array.from({ length: views.length * side * side * classes }, () => random.normal() * 2);
    const whole = tf.tensor4d(logitsData, [views.length, side, side, classes]);
    const tensorsBefore = tf.memory().numTensors;

    const batch = stackViews(views);
    const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => batchLoss(x as tf.Tensor4D, batch))(whole);
    disposeBatch(batch);
    const expectedValue = value.dataSync()[0];
    const expectedGrad = grad.dataSync();

    for (const split of [[1, 3], [2, 2], [1, 1, 1, 1]]) {
      const shardViews: CachedView[][] = [];
      const shardLogits: tf.Tensor4D[] = [];
      let start = 0;
      for (const count of split) {
        shardViews.push(views.slice(start, start + count));
        shardLogits.push(tf.slice(whole, [start, 0, 0, 0], [count, -1, -1, -1]));
        start += count;
      }
      const results = shardedGradients(shardLogits, shardViews);
      const value = results.reduce((sum, r) => sum + r.value, 0);
      expect(value).toBeCloseTo(expectedValue, 4);
      const gradient = tf.concat(results.map((r) => r.grad));
      const actual = gradient.dataSync();
      const scale = Math.max(...Array.from(expectedGrad, Math.abs));
      const worst = Math.max(...Array.from(actual, (v, i) => Math.abs(v - expectedGrad[i])));
      expect(worst / scale).toBeLessThan(1e-4);
      tf.dispose([gradient, ...shardLogits, ...results.map((r) => r.grad)]);
    }
    tf.dispose([value, grad]);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    whole.dispose();
    views.forEach(disposeView);
  });
});
