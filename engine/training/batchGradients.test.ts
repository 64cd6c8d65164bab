import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/selectBackend';
import { releaseBackbone } from '../backbone/registry';
import { disposeModelTensors, trainableOf } from '../modelStore/adaptedModel';
import { createModel } from '../modelStore/createModel';
import { batchGradients } from './batchGradients';

describe('a training step', () => {
  beforeAll(() => selectBackend('wasm'));
  afterAll(() => releaseBackbone());

  it.each(['lora', 'full', 'head'] as const)('%s computes no gradient into the cached frozen features', async (method) => {
    const side = 64;
    const model = await createModel({ method, classes: [{ id: 0, name: 'a' }, { id: 1, name: 'b' }], seed: 0, inputSize: side });
    const pixels = tf.randomUniform([1, side, side, 3], 0, 255) as tf.Tensor4D;
    const cache = model.backbone.forwardPrefix(pixels, model.firstAdaptedBlock);
    const cells = side / 4;
    const view = { cache, targets: tf.ones([1, cells, cells, 2]) as tf.Tensor4D, weights: tf.ones([1, cells, cells]) as tf.Tensor3D, box: null };
    const trainable = trainableOf(model);
    const cachedShapes = Object.values(cache).map((tensor) => tensor.shape.join('x'));
    const profile = await tf.profile(async () => tf.dispose(Object.values((await batchGradients(model, trainable, [view])).gradients)));
    const kernels = profile.kernels.map((kernel) => ({ name: kernel.name, out: (kernel.outputShapes[0] ?? []).join('x') }));
    // The backward pass does run (the check is not vacuous), but stops at the adapted part's input.
    expect(kernels.some((kernel) => kernel.name === 'Conv2DBackpropFilter' || kernel.name === 'BatchMatMul')).toBe(true);
    expect(kernels.filter((kernel) => kernel.name.includes('BackpropInput') && cachedShapes.includes(kernel.out))).toEqual([]);
    tf.dispose([pixels, ...Object.values(cache), view.targets, view.weights]);
    disposeModelTensors(model);
  });
});
