import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/selectBackend';
import '../training/registerGradients';
import { resizeBilinear } from './bilinearUpsample';

describe('bilinear upsampling by interpolation matrices', () => {
  beforeAll(() => selectBackend('wasm'));

  it('matches tf.image.resizeBilinear with half-pixel centres', () => {
    const x = tf.randomNormal([2, 5, 7, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const ours = resizeBilinear(x, 20, 13);
    const reference = tf.image.resizeBilinear(x, [20, 13], false, true);
    expect(tf.max(tf.abs(tf.sub(ours, reference))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, ours, reference]);
  });

  it('has the gradient of a linear map: the sum of outputs spreads back as column sums', () => {
    const x = tf.randomNormal([1, 4, 4, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    const gradient = tf.grad((input: tf.Tensor) => tf.sum(resizeBilinear(input as tf.Tensor4D, 16, 16)))(x);
    // Upsampling 4->16 by half-pixel bilinear: every input pixel receives a total weight of 4 per axis.
    const values = gradient.dataSync();
    for (const value of values) expect(value).toBeCloseTo(16, 4);
    tf.dispose([x, gradient]);
  });
});
