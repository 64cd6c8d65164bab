// Random views with their prefix features, as trainModel caches them: the speed benches' training input.

import * as tf from '@tensorflow/tfjs-core';
import type { AdaptedModel } from '../../engine/modelStore/adaptedModel';
import type { CachedView } from '../../engine/training/cachedViews';
import type { seededRandom } from '../../engine/training/seededRandom';

export function randomViews(model: AdaptedModel, count: number, side: number, random: ReturnType<typeof seededRandom>): CachedView[] {
  const cells = side / 4;
  return Array.from({ length: count }, () => {
    const pixels = tf.tensor4d(Float32Array.from({ length: side * side * 3 }, () => random.uniform(0, 255)), [1, side, side, 3]);
    const cache = model.backbone.forwardPrefix(pixels, model.firstAdaptedBlock);
    pixels.dispose();
    const targets = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor3d(Int32Array.from({ length: cells * cells }, () => random.integer(2)), [1, cells, cells], 'int32'), 2), 'float32')) as tf.Tensor4D;
    return { cache, targets, weights: tf.ones([1, cells, cells]) as tf.Tensor3D, box: null };
  });
}
