import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from './wasmTrainingKernels';
import { relativeError, seededValues } from './gradientCheck.testSupport';

// A MobileNetV3-shaped toy: 3x3 stride-2 stem, inverted residual (1x1 expand, 3x3 depthwise, 1x1 project,
// residual add), a stride-2 5x5 depthwise block, a dense classifier. Every convolution gradient is used.
const SHAPES: Record<string, number[]> = {
  stem: [3, 3, 3, 8], expand: [1, 1, 8, 16], dw1: [3, 3, 16, 1], project: [1, 1, 16, 8],
  dw2: [5, 5, 8, 2], squeeze: [1, 1, 16, 12], dense: [12, 5],
};

function forward(params: Record<string, tf.Tensor>, image: tf.Tensor4D): tf.Scalar {
  const hardSwish = (x: tf.Tensor4D) => tf.mul(x, tf.div(tf.relu6(tf.add(x, 3)), 6)) as tf.Tensor4D;
  const stem = hardSwish(tf.conv2d(image, params.stem as tf.Tensor4D, 2, 'same'));
  const expanded = tf.relu(tf.conv2d(stem, params.expand as tf.Tensor4D, 1, 'same'));
  const depthwise = tf.relu(tf.depthwiseConv2d(expanded, params.dw1 as tf.Tensor4D, 1, 'same'));
  const block = tf.add(stem, tf.conv2d(depthwise, params.project as tf.Tensor4D, 1, 'valid')) as tf.Tensor4D;
  const down = hardSwish(tf.depthwiseConv2d(block, params.dw2 as tf.Tensor4D, 2, 'same'));
  const squeezed = tf.relu(tf.conv2d(down, params.squeeze as tf.Tensor4D, 1, 'same'));
  const pooled = tf.mean(squeezed, [1, 2]) as tf.Tensor2D;
  const logits = tf.matMul(pooled, params.dense as tf.Tensor2D);
  return tf.mean(tf.square(tf.sub(logits, 0.3)));
}

async function gradientsOn(backend: string): Promise<Record<string, Float32Array>> {
  await tf.setBackend(backend);
  const names = Object.keys(SHAPES);
  const params: Record<string, tf.Tensor> = {};
  names.forEach((name, i) => { params[name] = tf.tidy(() => tf.mul(tf.tensor(seededValues(tf.util.sizeFromShape(SHAPES[name]), 100 + i), SHAPES[name]), 0.5)); });
  const image = tf.tensor4d(seededValues(2 * 17 * 15 * 3, 7), [2, 17, 15, 3]);
  const tensorsBefore = tf.memory().numTensors;
  const grads = tf.grads((...values: tf.Tensor[]) => forward(Object.fromEntries(names.map((n, i) => [n, values[i]])), image))(names.map((n) => params[n]));
  const out: Record<string, Float32Array> = {};
  for (let i = 0; i < names.length; i++) out[names[i]] = (await grads[i].data()) as Float32Array;
  tf.dispose(grads);
  expect(tf.memory().numTensors).toBe(tensorsBefore);
  tf.dispose([image, ...Object.values(params)]);
  return out;
}

beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  registerWasmTrainingKernels();
});

it('a small network\'s whole gradient on wasm matches the cpu backend', async () => {
  const reference = await gradientsOn('cpu');
  const actual = await gradientsOn('wasm');
  for (const name of Object.keys(SHAPES)) {
    expect(reference[name].some((v) => v !== 0), `${name} has a gradient`).toBe(true);
    expect(relativeError(actual[name], reference[name]), name).toBeLessThan(1e-4);
  }
});
