// `conv-adapter` — a small convolutional bottleneck beside each adapted block (Chen et al. 2022,
// Conv-Adapter): x -> 1x1 down (in -> hidden) -> ReLU -> 3x3 depthwise with the block's stride -> 1x1 up
// (hidden -> out), added to the block's output. The up-projection starts at zero, so the adapted model
// starts as the base model. The branch reads the block's input, so it handles the block's stride and any
// change of channel count. It does not merge into the backbone (it is exported as extra ops).

import * as tf from '@tensorflow/tfjs-core';
import type { AdaptableBlock } from '../../model/adaptable';
import type { ParamMap } from '../../model/params';
import type { AdaptTarget, PeftMethod } from '../peftMethod';
import { methodKey } from '../layerSelection';

export interface ConvAdapterConfig {
  /** hidden = max(minHidden, round(block out channels / reduction)). */
  reduction: number;
  minHidden: number;
  kernelSize: number;
}

const NAME = 'conv-adapter';
const key = (block: AdaptableBlock, what: string) => methodKey(NAME, block.name, what);

export function adapterHidden(block: AdaptableBlock, config: ConvAdapterConfig): number {
  return Math.max(config.minHidden, Math.round(block.outChannels / config.reduction));
}

export const convAdapterMethod: PeftMethod<ConvAdapterConfig> = {
  name: NAME,
  description: 'Conv-Adapter: a small bottleneck convolution beside each backbone block; does not merge.',
  mergeable: false,
  defaultConfig: { reduction: 8, minHidden: 4, kernelSize: 3 },

  init(_frozen, target, config, seed) {
    const trainable: ParamMap = {};
    target.blocks.forEach((block, i) => {
      const hidden = adapterHidden(block, config);
      const k = config.kernelSize;
      // He-normal fan-in scaling keeps the branch's first activations in range once `up` moves off zero.
      trainable[key(block, 'down')] = tf.randomNormal([1, 1, block.inChannels, hidden], 0, Math.sqrt(2 / block.inChannels), 'float32', seed * 1013 + 2 * i);
      trainable[key(block, 'downBias')] = tf.zeros([hidden]);
      trainable[key(block, 'spatial')] = tf.randomNormal([k, k, hidden, 1], 0, Math.sqrt(2 / (k * k)), 'float32', seed * 1013 + 2 * i + 1);
      trainable[key(block, 'up')] = tf.zeros([1, 1, hidden, block.outChannels]);
      trainable[key(block, 'upBias')] = tf.zeros([block.outChannels]);
    });
    return { trainable, buffers: {} };
  },

  effectiveWeights: () => ({}),

  blockOutput(block, input, output, state) {
    const down = state.trainable[key(block, 'down')];
    if (!down) return output;
    return tf.tidy(() => {
      const hidden = tf.relu(tf.add(tf.conv2d(input, down as tf.Tensor4D, 1, 'same'), state.trainable[key(block, 'downBias')])) as tf.Tensor4D;
      const spatial = tf.depthwiseConv2d(hidden, state.trainable[key(block, 'spatial')] as tf.Tensor4D, block.stride, 'same');
      const branch = tf.add(tf.conv2d(spatial, state.trainable[key(block, 'up')] as tf.Tensor4D, 1, 'same'), state.trainable[key(block, 'upBias')]) as tf.Tensor4D;
      if (!tf.util.arraysEqual(branch.shape, output.shape)) {
        throw new Error(`conv-adapter: branch ${branch.shape} does not match block ${block.name} output ${output.shape}`);
      }
      return tf.add(output, branch) as tf.Tensor4D;
    });
  },
};

export function countConvAdapterTrainable(target: AdaptTarget, config: ConvAdapterConfig): number {
  return target.blocks.reduce((total, block) => {
    const hidden = adapterHidden(block, config);
    return total + block.inChannels * hidden + hidden + config.kernelSize ** 2 * hidden + hidden * block.outChannels + block.outChannels;
  }, 0);
}
