// The engine's own logits for a model input, at the input's size: what the exported graphs must reproduce.

import * as tf from '@tensorflow/tfjs-core';
import { resizeBilinear } from '../decoder/bilinearUpsample';
import { logitsFromCache, type AdaptedModel } from '../modelStore/adaptedModel';

/** [N, H, W, classes] logits for raw 0..255 pixels `pixels` [N, H, W, 3] (H, W multiples of the backbone's sizeMultiple). */
export function engineLogits(model: AdaptedModel, pixels: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const { scale, offset } = model.backbone.normalisation;
    const input = tf.add(tf.mul(pixels, scale), offset) as tf.Tensor4D;
    const cache = model.backbone.forwardPrefix(input, model.firstAdaptedBlock);
    const logits = logitsFromCache(model, cache);
    return resizeBilinear(logits, pixels.shape[1], pixels.shape[2]);
  });
}
