// Test support: a tiny conv network that follows the AdaptableLayer conventions (op(x, kernel) + bias, then
// the activation; tfjs kernel layouts), with a stride-2 conv stem, an inverted-residual block, a stride-2
// residual block that changes the channel count (strided 1x1 shortcut), and a per-pixel dense head.

import * as tf from '@tensorflow/tfjs-core';
import type { AdaptableBlock, AdaptableLayer } from '../model/adaptable';
import type { ParamMap } from '../model/params';
import type { AdaptTarget, MethodState, PeftMethod } from './peftMethod';

type Activation = 'relu' | 'relu6' | 'none';
interface ToyLayer extends AdaptableLayer { stride: number; activation: Activation }

function layer(name: string, op: AdaptableLayer['op'], kernelShape: number[], hasBias: boolean, block: string, stride: number, activation: Activation): ToyLayer {
  const outChannels = op === 'depthwise' ? kernelShape[2] * kernelShape[3] : kernelShape[kernelShape.length - 1];
  return { name, op, kernel: `toy/${name}/kernel`, bias: hasBias ? `toy/${name}/bias` : null, kernelShape, outChannels, block, stride, activation };
}

export const TOY_LAYERS: ToyLayer[] = [
  layer('stem/conv', 'conv2d', [3, 3, 3, 8], true, 'stem', 2, 'relu6'),
  layer('block1/expand', 'conv2d', [1, 1, 8, 16], true, 'block1', 1, 'relu6'),
  layer('block1/depthwise', 'depthwise', [3, 3, 16, 1], true, 'block1', 1, 'relu6'),
  layer('block1/project', 'conv2d', [1, 1, 16, 8], false, 'block1', 1, 'none'),
  layer('block2/depthwise', 'depthwise', [5, 5, 8, 2], true, 'block2', 2, 'relu'),
  layer('block2/project', 'conv2d', [1, 1, 16, 12], true, 'block2', 1, 'none'),
  layer('block2/shortcut', 'conv2d', [1, 1, 8, 12], false, 'block2', 2, 'none'),
  layer('head/dense', 'dense', [12, 5], true, 'head', 1, 'none'),
];

export const TOY_BLOCKS: AdaptableBlock[] = [
  { name: 'stem', inChannels: 3, outChannels: 8, stride: 2 },
  { name: 'block1', inChannels: 8, outChannels: 8, stride: 1 },
  { name: 'block2', inChannels: 8, outChannels: 12, stride: 2 },
  { name: 'head', inChannels: 12, outChannels: 5, stride: 1 },
];

export const TOY_TARGET: AdaptTarget = { layers: TOY_LAYERS, blocks: TOY_BLOCKS };

/** Seeded frozen weights (He-scaled so activations stay in range). */
export function toyFrozenParams(seed: number): ParamMap {
  const params: ParamMap = {};
  TOY_LAYERS.forEach((l, i) => {
    const fanIn = l.op === 'depthwise' ? l.kernelShape[0] * l.kernelShape[1] : l.kernelShape.slice(0, -1).reduce((a, b) => a * b, 1);
    params[l.kernel] = tf.randomNormal(l.kernelShape, 0, Math.sqrt(2 / fanIn), 'float32', seed + 2 * i);
    if (l.bias) params[l.bias] = tf.randomUniform([l.outChannels], -0.1, 0.1, 'float32', seed + 2 * i + 1);
  });
  return params;
}

export type BlockHook = (block: AdaptableBlock, input: tf.Tensor4D, output: tf.Tensor4D) => tf.Tensor4D;

function runLayer(weights: ParamMap, name: string, x: tf.Tensor4D): tf.Tensor4D {
  const l = TOY_LAYERS.find((candidate) => candidate.name === name)!;
  const kernel = weights[l.kernel];
  let y: tf.Tensor4D;
  if (l.op === 'conv2d') y = tf.conv2d(x, kernel as tf.Tensor4D, l.stride, 'same');
  else if (l.op === 'depthwise') y = tf.depthwiseConv2d(x, kernel as tf.Tensor4D, l.stride, 'same');
  else y = tf.reshape(tf.matMul(tf.reshape(x, [-1, x.shape[3]]), kernel as tf.Tensor2D), [x.shape[0], x.shape[1], x.shape[2], l.outChannels]);
  if (l.bias) y = tf.add(y, weights[l.bias]);
  if (l.activation === 'relu') return tf.relu(y);
  if (l.activation === 'relu6') return tf.relu6(y);
  return y;
}

/** Per-pixel logits [N, H/4, W/4, 5] from an NHWC image with 3 channels. */
export function toyForward(weights: ParamMap, image: tf.Tensor4D, hook: BlockHook = (_b, _i, output) => output): tf.Tensor4D {
  return tf.tidy(() => {
    const block = (name: string, input: tf.Tensor4D, body: (x: tf.Tensor4D) => tf.Tensor4D) =>
      hook(TOY_BLOCKS.find((b) => b.name === name)!, input, body(input));
    const stem = block('stem', image, (x) => runLayer(weights, 'stem/conv', x));
    const block1 = block('block1', stem, (x) =>
      tf.add(x, runLayer(weights, 'block1/project', runLayer(weights, 'block1/depthwise', runLayer(weights, 'block1/expand', x)))));
    const block2 = block('block2', block1, (x) =>
      tf.add(runLayer(weights, 'block2/project', runLayer(weights, 'block2/depthwise', x)), runLayer(weights, 'block2/shortcut', x)));
    return block('head', block2, (x) => runLayer(weights, 'head/dense', x));
  });
}

/** The adapted forward pass as the engine runs it: effective weights in place of frozen ones, plus block hooks. */
export function adaptedToyForward(method: PeftMethod<object>, config: object, frozen: ParamMap, state: MethodState, image: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const weights = { ...frozen, ...method.effectiveWeights(frozen, state, TOY_TARGET, config) };
    const blockOutput = method.blockOutput;
    const hook: BlockHook | undefined = blockOutput
      ? (block, input, output) => blockOutput.call(method, block, input, output, state, config)
      : undefined;
    return toyForward(weights, image, hook);
  });
}
