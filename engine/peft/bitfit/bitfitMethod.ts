// `bitfit` — bias-only fine-tuning (Ben Zaken et al. 2022): a trained delta (init 0) on every selected
// layer's bias. BatchNorm is already folded into the backbone's biases, so this covers the norm shifts too.
// Layers without a bias are left alone. Merges into plain biases.

import * as tf from '@tensorflow/tfjs-core';
import type { AdaptableLayer } from '../../model/adaptable';
import type { ParamMap } from '../../model/params';
import type { AdaptTarget, PeftMethod } from '../peftMethod';
import { ALL_OPS, selectedLayers, methodKey, type AdaptableOp } from '../layerSelection';

export interface BitfitConfig {
  ops: AdaptableOp[];
}

const NAME = 'bitfit';
const deltaKey = (layer: AdaptableLayer) => methodKey(NAME, layer.name, 'biasDelta');

function selected(target: AdaptTarget, config: BitfitConfig): (AdaptableLayer & { bias: string })[] {
  return selectedLayers(target, config).filter((layer): layer is AdaptableLayer & { bias: string } => layer.bias !== null);
}

export const bitfitMethod: PeftMethod<BitfitConfig> = {
  name: NAME,
  description: 'BitFit: only the backbone biases train; merges.',
  mergeable: true,
  defaultConfig: { ops: [...ALL_OPS] },

  init(_frozen, target, config) {
    const trainable: ParamMap = {};
    for (const layer of selected(target, config)) trainable[deltaKey(layer)] = tf.zeros([layer.outChannels]);
    return { trainable, buffers: {} };
  },

  effectiveWeights(frozen, state, target, config) {
    const weights: ParamMap = {};
    for (const layer of selected(target, config)) weights[layer.bias] = tf.add(frozen[layer.bias], state.trainable[deltaKey(layer)]);
    return weights;
  },

  merge(frozen, state, target, config) {
    return bitfitMethod.effectiveWeights(frozen, state, target, config);
  },
};

export function countBitfitTrainable(target: AdaptTarget, config: BitfitConfig): number {
  return selected(target, config).reduce((total, layer) => total + layer.outChannels, 0);
}
