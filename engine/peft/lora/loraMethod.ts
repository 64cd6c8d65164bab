// `lora` — low-rank adaptation (Hu et al. 2021): W' = W + (alpha / r) A B on each selected kernel viewed
// as a matrix (see kernelMatrixShape), A [rows, r] random, B [r, cols] zero so the start is the base model.
// Merges into plain kernels.

import * as tf from '@tensorflow/tfjs-core';
import type { AdaptableLayer } from '../../model/adaptable';
import type { ParamMap } from '../../model/params';
import type { AdaptTarget, PeftMethod } from '../peftMethod';
import { ALL_OPS, kernelMatrixShape, selectedLayers, methodKey, type AdaptableOp } from '../layerSelection';
import { matMulBothTrained } from '../xnnFriendlyMatMul';

export interface LoraConfig {
  rank: number;
  /** The update is scaled by alpha / rank, so changing the rank keeps the step size comparable. */
  alpha: number;
  ops: AdaptableOp[];
}

const NAME = 'lora';
const downKey = (layer: AdaptableLayer) => methodKey(NAME, layer.name, 'a');
const upKey = (layer: AdaptableLayer) => methodKey(NAME, layer.name, 'b');

export function loraRank(layer: AdaptableLayer, config: LoraConfig): number {
  const [rows, cols] = kernelMatrixShape(layer);
  return Math.max(1, Math.min(config.rank, rows, cols));
}

export const loraMethod: PeftMethod<LoraConfig> = {
  name: NAME,
  description: 'LoRA: a trained low-rank update A·B added to each backbone kernel; merges.',
  mergeable: true,
  defaultConfig: { rank: 4, alpha: 4, ops: [...ALL_OPS] },

  init(_frozen, target, config, seed) {
    const trainable: ParamMap = {};
    selectedLayers(target, config).forEach((layer, i) => {
      const [rows, cols] = kernelMatrixShape(layer);
      const rank = loraRank(layer, config);
      // Kaiming-uniform bound for a fan-in of `rows`, as in the reference implementation.
      const bound = Math.sqrt(1 / rows);
      trainable[downKey(layer)] = tf.randomUniform([rows, rank], -bound, bound, 'float32', seed * 1009 + i);
      trainable[upKey(layer)] = tf.zeros([rank, cols]);
    });
    return { trainable, buffers: {} };
  },

  effectiveWeights(frozen, state, target, config) {
    const weights: ParamMap = {};
    for (const layer of selectedLayers(target, config)) {
      weights[layer.kernel] = tf.tidy(() => {
        const update = matMulBothTrained(state.trainable[downKey(layer)] as tf.Tensor2D, state.trainable[upKey(layer)] as tf.Tensor2D);
        const scaled = tf.mul(update, config.alpha / loraRank(layer, config));
        return tf.add(frozen[layer.kernel], tf.reshape(scaled, layer.kernelShape));
      });
    }
    return weights;
  },

  merge(frozen, state, target, config) {
    return loraMethod.effectiveWeights(frozen, state, target, config);
  },
};

export function countLoraTrainable(target: AdaptTarget, config: LoraConfig): number {
  return selectedLayers(target, config).reduce((total, layer) => {
    const [rows, cols] = kernelMatrixShape(layer);
    return total + loraRank(layer, config) * (rows + cols);
  }, 0);
}
