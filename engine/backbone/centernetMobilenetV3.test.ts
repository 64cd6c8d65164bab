import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/selectBackend';
import { NO_ADAPTED_BLOCK, type Backbone } from './backbone';
import { readGraphModelFile } from './graphModelFile';
import { CENTERNET_MODEL_JSON, readCenternetFile } from './centernetMobilenetV3';
import { getBackbone, releaseBackbone } from './registry';

function maxRelativeError(actual: tf.Tensor, expected: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0] / (tf.max(tf.abs(expected)).dataSync()[0] + 1e-12));
}

describe('CenterNet MobileNetV3 backbone re-expressed over a params map', () => {
  let backbone: Backbone;
  beforeAll(async () => {
    await selectBackend('wasm');
    backbone = await getBackbone();
  });
  afterAll(() => releaseBackbone());

  it('exposes the four feature taps of DESIGN.md and stable block and layer names', () => {
    expect(backbone.taps.map((tap) => [tap.channels, tap.stride])).toEqual([[72, 4], [192, 8], [528, 16], [480, 32]]);
    expect(backbone.blocks.map((block) => block.name)).toEqual(['Conv', 'expanded_conv', ...Array.from({ length: 14 }, (_, i) => `expanded_conv_${i + 1}`), 'extern1']);
    expect(backbone.layers.map((layer) => layer.name)).toContain('backbone/expanded_conv_6/expand');
    const target = backbone.adaptTarget(backbone.defaultFirstAdaptedBlock);
    expect(target.blocks[0].name).toBe('expanded_conv_6');
    expect(target.layers.every((layer) => !layer.block.match(/^(Conv|expanded_conv(_[1-5])?)$/))).toBe(true);
  });

  it('computes the same features as tf.loadGraphModel on the same image', async () => {
    const file = await readGraphModelFile(readCenternetFile, CENTERNET_MODEL_JSON, 'tower_0/images');
    const reference = await loadGraphModel(tf.io.fromMemory(file.artifacts));
    for (const tensor of Object.values(file.weights)) tensor.dispose();
    const image = tf.tidy(() => tf.mul(tf.randomUniform([1, 96, 128, 3], 0, 1, 'float32', 3), 255)) as tf.Tensor4D;
    const expected = reference.execute(image, backbone.taps.map((tap) => tap.node)) as tf.Tensor[];
    const cache = backbone.forwardPrefix(image, backbone.defaultFirstAdaptedBlock);
    const actual = backbone.forwardSuffix(cache, backbone.defaultFirstAdaptedBlock, backbone.frozen);
    for (let i = 0; i < expected.length; i++) {
      expect(actual[i].shape).toEqual(expected[i].shape);
      expect(maxRelativeError(actual[i], expected[i])).toBeLessThan(1e-4);
    }
    tf.dispose([image, ...expected, ...actual, ...Object.values(cache)]);
    reference.dispose();
  });

  it('gives the same taps whichever block the adapted part starts at', () => {
    const image = tf.tidy(() => tf.mul(tf.randomUniform([1, 64, 64, 3], 0, 1, 'float32', 5), 255)) as tf.Tensor4D;
    const late = backbone.forwardSuffix(backbone.forwardPrefix(image, 'expanded_conv_6'), 'expanded_conv_6', backbone.frozen);
    const earlyCache = backbone.forwardPrefix(image, 'Conv');
    const early = backbone.forwardSuffix(earlyCache, 'Conv', backbone.frozen);
    const allCache = backbone.forwardPrefix(image, NO_ADAPTED_BLOCK);
    const cachedOnly = backbone.forwardSuffix(allCache, NO_ADAPTED_BLOCK, backbone.frozen);
    for (let i = 0; i < late.length; i++) {
      expect(maxRelativeError(early[i], late[i])).toBeLessThan(1e-5);
      expect(maxRelativeError(cachedOnly[i], late[i])).toBeLessThan(1e-5);
    }
    expect(backbone.adaptTarget(NO_ADAPTED_BLOCK).layers).toHaveLength(0);
    tf.dispose([image, ...late, ...early, ...Object.values(earlyCache), ...Object.values(allCache)]);
  });
});
