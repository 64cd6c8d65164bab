// Every method on the real default backbone (CenterNet MobileNetV3, wasm backend): the layer and block
// names, kernel layouts and strides it exposes must fit each method, not only the toy network's.

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../contract/jobs';
import { selectBackend } from '../backend/selectBackend';
import type { Backbone, BlockHook } from '../backbone/backbone';
import { getBackbone, releaseBackbone } from '../backbone/registry';
import { countParams, type ParamMap } from '../model/params';
import { countTrainable } from './countTrainable';
import type { AdaptTarget, MethodState, PeftMethod } from './peftMethod';
import { getMethod } from './registry';

function maxRelativeError(actual: tf.Tensor[], expected: tf.Tensor[]): number {
  return Math.max(...actual.map((a, i) => tf.tidy(() =>
    tf.max(tf.abs(tf.sub(a, expected[i]))).dataSync()[0] / (tf.max(tf.abs(expected[i])).dataSync()[0] + 1e-12))));
}

describe('PEFT methods on the default backbone', () => {
  let backbone: Backbone;
  let image: tf.Tensor4D;

  beforeAll(async () => {
    await selectBackend('wasm');
    backbone = await getBackbone();
    image = tf.tidy(() => tf.mul(tf.randomUniform([1, 64, 96, 3], 0, 1, 'float32', 5), 255)) as tf.Tensor4D;
  });

  afterAll(async () => {
    image.dispose();
    await releaseBackbone();
  });

  function adaptedFeatures(method: PeftMethod<object>, config: object, first: string, target: AdaptTarget, state: MethodState | null, merged: ParamMap | null): tf.Tensor[] {
    const cache = backbone.forwardPrefix(image, first);
    const weights = { ...backbone.frozen, ...(merged ?? (state ? method.effectiveWeights(backbone.frozen, state, target, method.defaultConfig) : {})) };
    const adapted = new Set(target.blocks.map((block) => block.name));
    const blockOutput = method.blockOutput;
    const hook: BlockHook | undefined = state && !merged && blockOutput
      ? (block, input, output) => (adapted.has(block.name) ? blockOutput.call(method, block, input, output, state, config) : output)
      : undefined;
    const features = backbone.forwardSuffix(cache, first, weights, hook);
    if (!merged && state) tf.dispose(Object.values(weights).filter((t) => !Object.values(backbone.frozen).includes(t)));
    // Taps inside the frozen prefix come back as the cached tensors themselves.
    tf.dispose(Object.values(cache).filter((t) => !features.includes(t)));
    return features;
  }

  it.each([...METHOD_NAMES])('%s: identity init reproduces the frozen features, merge matches after a perturbation, count matches init', (name) => {
    const method = getMethod(name);
    const config = method.defaultConfig;
    const first = name === 'full' ? backbone.fullFirstAdaptedBlock : backbone.defaultFirstAdaptedBlock;
    const target = backbone.adaptTarget(first);
    const tensorsBefore = tf.memory().numTensors;
    const state = method.init(backbone.frozen, target, config, 3);
    expect(countTrainable(name, target, config)).toBe(countParams(state.trainable));

    const base = adaptedFeatures(method, config, first, target, null, null);
    const identity = adaptedFeatures(method, config, first, target, state, null);
    expect(maxRelativeError(identity, base)).toBeLessThan(1e-5);

    const perturbed: MethodState = {
      trainable: Object.fromEntries(Object.entries(state.trainable).map(([key, t], i) => [key, tf.tidy(() => tf.add(t, tf.randomNormal(t.shape, 0, 0.02, 'float32', 100 + i)))])),
      buffers: state.buffers,
    };
    const unmerged = adaptedFeatures(method, config, first, target, perturbed, null);
    if (name !== 'head') expect(maxRelativeError(unmerged, base)).toBeGreaterThan(1e-4);
    if (method.merge) {
      const merged = method.merge(backbone.frozen, perturbed, target, config);
      const plain = adaptedFeatures(method, config, first, target, perturbed, merged);
      expect(maxRelativeError(plain, unmerged)).toBeLessThan(1e-4);
      tf.dispose([...plain, ...Object.values(merged)]);
    }
    tf.dispose([...base, ...identity, ...unmerged, ...Object.values(perturbed.trainable), ...Object.values(state.trainable), ...Object.values(state.buffers)]);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
