// `ssf` — scale and shift the features (Lian et al. 2022): a learnable per-channel scale (init 1) and
// shift (init 0) after each selected frozen op. Because the layer computes op(x, kernel) + bias before its
// activation, y*scale + shift == op(x, kernel*scale) + bias*scale + shift: the method runs (and merges)
// as rescaled kernels and biases. A layer without a bias gets the scale only (there is no bias to shift).

import * as tf from '@tensorflow/tfjs-core';
import type { AdaptableLayer } from '../../model/adaptable';
import type { ParamMap } from '../../model/params';
import type { AdaptTarget, PeftMethod } from '../peftMethod';
import { ALL_OPS, selectedLayers, methodKey, type AdaptableOp } from '../layerSelection';

export interface SsfConfig {
  ops: AdaptableOp[];
}

const NAME = 'ssf';
const scaleKey = (layer: AdaptableLayer) => methodKey(NAME, layer.name, 'scale');
const shiftKey = (layer: AdaptableLayer) => methodKey(NAME, layer.name, 'shift');

/** Per-output-channel scale shaped to broadcast over the kernel (depthwise output channel = c*m + j). */
function kernelScale(layer: AdaptableLayer, scale: tf.Tensor): tf.Tensor {
  if (layer.op !== 'depthwise') return scale;
  const [, , channels, multiplier] = layer.kernelShape;
  return tf.reshape(scale, [channels, multiplier]);
}

export const ssfMethod: PeftMethod<SsfConfig> = {
  name: NAME,
  description: 'Scale and shift: a learnable per-channel affine after each backbone op; merges into kernels and biases.',
  mergeable: true,
  defaultConfig: { ops: [...ALL_OPS] },

  init(_frozen, target, config) {
    const trainable: ParamMap = {};
    for (const layer of selectedLayers(target, config)) {
      trainable[scaleKey(layer)] = tf.ones([layer.outChannels]);
      if (layer.bias) trainable[shiftKey(layer)] = tf.zeros([layer.outChannels]);
    }
    return { trainable, buffers: {} };
  },

  effectiveWeights(frozen, state, target, config) {
    const weights: ParamMap = {};
    for (const layer of selectedLayers(target, config)) {
      const scale = state.trainable[scaleKey(layer)];
      weights[layer.kernel] = tf.tidy(() => tf.mul(frozen[layer.kernel], kernelScale(layer, scale)));
      if (layer.bias) {
        const bias = layer.bias;
        weights[bias] = tf.tidy(() => tf.add(tf.mul(frozen[bias], scale), state.trainable[shiftKey(layer)]));
      }
    }
    return weights;
  },

  merge(frozen, state, target, config) {
    return ssfMethod.effectiveWeights(frozen, state, target, config);
  },
};

export function countSsfTrainable(target: AdaptTarget, config: SsfConfig): number {
  return selectedLayers(target, config).reduce((total, layer) => total + layer.outChannels * (layer.bias ? 2 : 1), 0);
}
