// FPN-lite decoder: each backbone tap is projected by a 1x1 convolution to a common width, upsampled to the
// finest tap's stride, summed, passed through ReLU and a 1x1 classifier. 1x1 convolutions are matrix
// products (fast on wasm, no Conv2DBackpropFilter needed).

import * as tf from '@tensorflow/tfjs-core';
import type { FeatureTap } from '../backbone/backbone';
import type { ParamMap } from '../model/params';
import { seededRandom } from '../training/seededRandom';
import { resizeBilinear } from './bilinearUpsample';

export interface DecoderConfig {
  width: number;
}

export const DEFAULT_DECODER_CONFIG: DecoderConfig = { width: 64 };

function pointwise(x: tf.Tensor4D, kernel: tf.Tensor, bias?: tf.Tensor): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  let y = tf.matMul(tf.reshape(x, [n * h * w, c]) as tf.Tensor2D, kernel as tf.Tensor2D);
  if (bias) y = tf.add(y, bias);
  return tf.reshape(y, [n, h, w, (kernel.shape as number[])[1]]) as tf.Tensor4D;
}

function heNormal(rows: number, cols: number, random: ReturnType<typeof seededRandom>, gain: number): tf.Tensor2D {
  const values = new Float32Array(rows * cols);
  const std = gain * Math.sqrt(2 / rows);
  for (let i = 0; i < values.length; i++) values[i] = random.normal() * std;
  return tf.tensor2d(values, [rows, cols]);
}

/** Decoder weights, keyed `decoder/...`; every one of them trains whatever the method. */
export function initDecoder(taps: FeatureTap[], numClasses: number, config: DecoderConfig, seed: number): ParamMap {
  const random = seededRandom(seed ^ 0x5eed);
  const params: ParamMap = {};
  const coarse = taps.length - 1;
  taps.slice(1).forEach((tap, i) => {
    // Coarse taps are summed: divide their gain so the sum starts at unit scale.
    params[`decoder/lateral${i + 1}/kernel`] = heNormal(tap.channels, config.width, random, 1 / Math.sqrt(coarse));
  });
  params['decoder/fuse/bias'] = tf.zeros([config.width]);
  params['decoder/classifier/kernel'] = heNormal(config.width, numClasses, random, 0.1);
  params['decoder/classifier/bias'] = tf.zeros([numClasses]);
  params['decoder/detail/kernel'] = heNormal(taps[0].channels, numClasses, random, 0.1);
  return params;
}

/**
 * Per-class logits at the finest tap's resolution, [N, H/stride, W/stride, classes], LR-ASPP style:
 * the coarse taps (strides 8/16/32) are projected, summed at stride 8, passed through ReLU and the
 * classifier; the finest tap (stride 4) adds a linear per-class detail term after upsampling. The costly
 * stride-4 map thus carries `classes` channels instead of `width`, which keeps a training step cheap.
 */
export function decodeLogits(params: ParamMap, features: tf.Tensor4D[]): tf.Tensor4D {
  return tf.tidy(() => {
    const projected = features.slice(1).map((feature, i) => pointwise(feature, params[`decoder/lateral${i + 1}/kernel`]));
    let fused = projected[projected.length - 1];
    for (let i = projected.length - 2; i >= 0; i--) {
      const [, height, width] = projected[i].shape;
      fused = tf.add(projected[i], resizeBilinear(fused, height, width)) as tf.Tensor4D;
    }
    const hidden = tf.relu(tf.add(fused, params['decoder/fuse/bias'])) as tf.Tensor4D;
    const coarseLogits = pointwise(hidden, params['decoder/classifier/kernel'], params['decoder/classifier/bias']);
    const [, height, width] = features[0].shape;
    return tf.add(resizeBilinear(coarseLogits, height, width), pointwise(features[0], params['decoder/detail/kernel'])) as tf.Tensor4D;
  });
}
