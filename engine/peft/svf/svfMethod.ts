// `svf` — singular-value fine-tuning (Sun et al. 2022): each selected kernel, viewed as a matrix W
// (see kernelMatrixShape), is factored once as U diag(s) V^T; U and V^T stay frozen as buffers and only
// a delta on the singular values trains: W' = U diag(s + delta) V^T = W + U diag(delta) V^T.
// The second form is what runs: exact at delta = 0 (no SVD round-off in the base model) and mergeable.

import * as tf from '@tensorflow/tfjs-core';
import type { AdaptableLayer } from '../../model/adaptable';
import type { ParamMap } from '../../model/params';
import type { AdaptTarget, MethodState, PeftMethod } from '../peftMethod';
import { ALL_OPS, kernelMatrixShape, selectedLayers, methodKey, type AdaptableOp } from '../layerSelection';
import { matMulFrozenRight } from '../xnnFriendlyMatMul';
import { thinSvd, type ThinSvd } from './thinSvd';

export interface SvfConfig {
  /** Layer kinds whose kernels are factored. */
  ops: AdaptableOp[];
}

const NAME = 'svf';
const deltaKey = (layer: AdaptableLayer) => methodKey(NAME, layer.name, 'singularDelta');
const leftKey = (layer: AdaptableLayer) => methodKey(NAME, layer.name, 'u');
const rightTKey = (layer: AdaptableLayer) => methodKey(NAME, layer.name, 'vt');

/** Number of singular values of a layer's kernel matrix (the layer's trainable count). */
export function svfRank(layer: AdaptableLayer): number {
  const [rows, cols] = kernelMatrixShape(layer);
  return Math.min(rows, cols);
}

// The frozen weights never change, so their factors are computed once per process and kept beside the
// tensor they came from (a backbone is loaded once per process; a new adapt job reuses the factors).
const factorCache = new WeakMap<tf.Tensor, ThinSvd>();

function factorsOf(kernel: tf.Tensor, rows: number, cols: number): ThinSvd {
  let factors = factorCache.get(kernel);
  if (!factors) {
    factors = thinSvd(kernel.dataSync() as Float32Array, rows, cols);
    factorCache.set(kernel, factors);
  }
  return factors;
}

export const svfMethod: PeftMethod<SvfConfig> = {
  name: NAME,
  description: 'Singular-value fine-tuning: trains a delta on the singular values of each backbone kernel.',
  mergeable: true,
  defaultConfig: { ops: [...ALL_OPS] },

  init(frozen, target, config) {
    const trainable: ParamMap = {};
    const buffers: ParamMap = {};
    for (const layer of selectedLayers(target, config)) {
      const [rows, cols] = kernelMatrixShape(layer);
      const { u, vt } = factorsOf(frozen[layer.kernel], rows, cols);
      const k = Math.min(rows, cols);
      buffers[leftKey(layer)] = tf.tensor2d(u, [rows, k]);
      buffers[rightTKey(layer)] = tf.tensor2d(vt, [k, cols]);
      trainable[deltaKey(layer)] = tf.zeros([k]);
    }
    return { trainable, buffers };
  },

  effectiveWeights(frozen, state, target, config) {
    const weights: ParamMap = {};
    for (const layer of selectedLayers(target, config)) {
      weights[layer.kernel] = tf.tidy(() => {
        const scaledLeft = tf.mul(state.buffers[leftKey(layer)], state.trainable[deltaKey(layer)]) as tf.Tensor2D;
        const update = matMulFrozenRight(scaledLeft, state.buffers[rightTKey(layer)] as tf.Tensor2D);
        return tf.add(frozen[layer.kernel], tf.reshape(update, layer.kernelShape));
      });
    }
    return weights;
  },

  merge(frozen: ParamMap, state: MethodState, target: AdaptTarget, config: SvfConfig) {
    return svfMethod.effectiveWeights(frozen, state, target, config);
  },
};

export function countSvfTrainable(target: AdaptTarget, config: SvfConfig): number {
  return selectedLayers(target, config).reduce((total, layer) => total + svfRank(layer), 0);
}
