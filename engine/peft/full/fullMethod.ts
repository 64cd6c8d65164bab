// `full` — every selected backbone kernel and bias trains (the expensive baseline). The trainable tensors
// start as copies of the frozen ones; merging hands back copies of the trained ones.

import * as tf from '@tensorflow/tfjs-core';
import type { AdaptableLayer } from '../../model/adaptable';
import type { ParamMap } from '../../model/params';
import type { AdaptTarget, PeftMethod } from '../peftMethod';
import { ALL_OPS, selectedLayers, methodKey, type AdaptableOp } from '../layerSelection';

export interface FullConfig {
  ops: AdaptableOp[];
}

const NAME = 'full';
const kernelKey = (layer: AdaptableLayer) => methodKey(NAME, layer.name, 'kernel');
const biasKey = (layer: AdaptableLayer) => methodKey(NAME, layer.name, 'bias');

/** Trained tensor per frozen key, as new tensors (a clone keeps the gradient path). */
function trainedWeights(state: { trainable: ParamMap }, target: AdaptTarget, config: FullConfig): ParamMap {
  const weights: ParamMap = {};
  for (const layer of selectedLayers(target, config)) {
    weights[layer.kernel] = tf.clone(state.trainable[kernelKey(layer)]);
    if (layer.bias) weights[layer.bias] = tf.clone(state.trainable[biasKey(layer)]);
  }
  return weights;
}

export const fullMethod: PeftMethod<FullConfig> = {
  name: NAME,
  description: 'Full fine-tuning: every backbone kernel and bias in the adapted part trains.',
  mergeable: true,
  defaultConfig: { ops: [...ALL_OPS] },

  init(frozen, target, config) {
    const trainable: ParamMap = {};
    for (const layer of selectedLayers(target, config)) {
      trainable[kernelKey(layer)] = tf.clone(frozen[layer.kernel]);
      if (layer.bias) trainable[biasKey(layer)] = tf.clone(frozen[layer.bias]);
    }
    return { trainable, buffers: {} };
  },

  effectiveWeights: (_frozen, state, target, config) => trainedWeights(state, target, config),
  merge: (_frozen, state, target, config) => trainedWeights(state, target, config),
};

export function countFullTrainable(target: AdaptTarget, config: FullConfig): number {
  return selectedLayers(target, config).reduce((total, layer) => total + layer.kernelShape.reduce((a, b) => a * b, 1) + (layer.bias ? layer.outChannels : 0), 0);
}
