// Every kernel the engine's training (and prediction) runs, forward and gradient, on webgpu against the
// cpu backend. The kernel list is what tf.profile recorded over an adapt job of every method on masks,
// one on boxes, and a prediction. Runs on SwiftShader where there is no GPU (swiftShaderIcd.testSupport).

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relativeError, seededValues } from './backendComparison';
import { selectBackend } from './selectBackend';
import { webgpuAdapterForTests } from './swiftShaderIcd.testSupport';
import '../training/registerGradients';

const TOLERANCE = 1e-4;

/** Kernels recorded by tf.profile (see the header), forward and gradient kernels alike. */
const TRAINING_KERNELS = [
  'Add', 'ArgMax', 'AvgPool', 'BatchMatMul', 'Cast', 'Concat', 'Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput',
  'DepthwiseConv2dNative', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'Equal', 'Exp',
  'Greater', 'GreaterEqual', 'Identity', 'LessEqual', 'Log', 'Max', 'Maximum', 'Mean', 'Multiply', 'Neg', 'PadV2',
  'RealDiv', 'Relu', 'Relu6', 'Reshape', 'ResizeBilinear', 'Slice', 'Softmax', 'Sqrt', 'Square', 'Step', 'Sub', 'Sum',
  'Transpose',
];

interface InputSpec {
  shape: number[];
  /** Values are drawn from [-1, 1) and mapped by this (e.g. to keep Log's input positive). */
  map?: (value: number) => number;
}

interface KernelCase {
  name: string;
  inputs: Record<string, InputSpec>;
  run: (x: Record<string, tf.Tensor>) => tf.Tensor;
  /** Outputs without a gradient (comparisons, argMax, casts). */
  forwardOnly?: boolean;
}

const positive = (v: number) => v + 1.5;
const wide = (v: number) => v * 8;

const CASES: KernelCase[] = [
  { name: 'conv2d 3x3 stride 2 SAME (the stem)', inputs: { x: { shape: [2, 16, 16, 3] }, w: { shape: [3, 3, 3, 16] } }, run: ({ x, w }) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'same') },
  { name: 'conv2d 3x3 stride 1 SAME', inputs: { x: { shape: [2, 8, 8, 8] }, w: { shape: [3, 3, 8, 12] } }, run: ({ x, w }) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same') },
  { name: 'conv2d 1x1', inputs: { x: { shape: [2, 8, 8, 24] }, w: { shape: [1, 1, 24, 32] } }, run: ({ x, w }) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same') },
  { name: 'depthwise 3x3 stride 1 SAME', inputs: { x: { shape: [2, 16, 16, 24] }, w: { shape: [3, 3, 24, 1] } }, run: ({ x, w }) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same') },
  { name: 'depthwise 5x5 stride 2 SAME', inputs: { x: { shape: [2, 16, 16, 40] }, w: { shape: [5, 5, 40, 1] } }, run: ({ x, w }) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'same') },
  { name: 'matMul (1x1 conv as a product)', inputs: { a: { shape: [128, 72] }, b: { shape: [72, 40] } }, run: ({ a, b }) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D) },
  { name: 'batched matMul (bilinear upsample)', inputs: { a: { shape: [2, 32, 8] }, b: { shape: [2, 8, 24] } }, run: ({ a, b }) => tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D) },
  { name: 'add with a broadcast bias', inputs: { x: { shape: [2, 8, 8, 16] }, b: { shape: [16] } }, run: ({ x, b }) => tf.add(x, b) },
  { name: 'sub, mul, div with broadcasting', inputs: { x: { shape: [2, 8, 8, 16] }, y: { shape: [1, 1, 1, 16], map: positive } }, run: ({ x, y }) => tf.div(tf.mul(tf.sub(x, y), y), y) },
  { name: 'neg, square, sqrt', inputs: { x: { shape: [4, 500] } }, run: ({ x }) => tf.neg(tf.sqrt(tf.add(tf.square(x), 1))) },
  { name: 'exp, log', inputs: { x: { shape: [4, 500], map: positive } }, run: ({ x }) => tf.log(tf.add(tf.exp(x), x)) },
  { name: 'maximum', inputs: { x: { shape: [4, 500] }, y: { shape: [4, 500] } }, run: ({ x, y }) => tf.maximum(x, y) },
  { name: 'relu', inputs: { x: { shape: [4, 500], map: wide } }, run: ({ x }) => tf.relu(x) },
  { name: 'hard-swish x*relu6(x+3)/6', inputs: { x: { shape: [4, 500], map: wide } }, run: ({ x }) => tf.div(tf.mul(x, tf.relu6(tf.add(x, 3))), 6) },
  { name: 'mean over space (squeeze-excite)', inputs: { x: { shape: [2, 8, 8, 32] } }, run: ({ x }) => tf.mean(x, [1, 2], true) },
  { name: 'sum and max over classes', inputs: { x: { shape: [256, 11] } }, run: ({ x }) => tf.add(tf.sum(x, -1), tf.max(x, -1)) },
  { name: 'logSoftmax (cross-entropy)', inputs: { x: { shape: [512, 11], map: wide } }, run: ({ x }) => tf.logSoftmax(x) },
  { name: 'softmax (box loss, prediction)', inputs: { x: { shape: [512, 11], map: wide } }, run: ({ x }) => tf.softmax(x) },
  { name: 'concat', inputs: { a: { shape: [2, 8, 8, 8] }, b: { shape: [2, 8, 8, 24] } }, run: ({ a, b }) => tf.concat([a, b], 3) },
  { name: 'slice and pad', inputs: { x: { shape: [2, 16, 16, 8] } }, run: ({ x }) => tf.pad(tf.slice(x, [0, 2, 3, 0], [2, 10, 9, 8]), [[0, 0], [1, 2], [3, 0], [0, 0]]) },
  { name: 'transpose and reshape', inputs: { x: { shape: [2, 8, 8, 16] } }, run: ({ x }) => tf.reshape(tf.transpose(x, [3, 1, 2, 0]), [16, -1]) },
  { name: 'avgPool (colour affinity)', inputs: { x: { shape: [2, 16, 16, 3] } }, run: ({ x }) => tf.avgPool(x as tf.Tensor4D, 3, 1, 'same') },
  { name: 'identity (clone)', inputs: { x: { shape: [4, 500] } }, run: ({ x }) => tf.mul(tf.clone(x), 2) },
  {
    name: 'comparisons and casts',
    inputs: { x: { shape: [4, 500] }, y: { shape: [4, 500] } },
    run: ({ x, y }) => tf.addN([tf.greater(x, y), tf.greaterEqual(x, 0), tf.lessEqual(y, 0.5), tf.equal(tf.round(tf.mul(x, 2)), 1)].map((t) => tf.cast(t, 'float32'))),
    forwardOnly: true,
  },
  { name: 'resizeBilinear and argMax (prediction)', inputs: { x: { shape: [1, 8, 8, 5] } }, run: ({ x }) => tf.cast(tf.argMax(tf.image.resizeBilinear(x as tf.Tensor4D, [32, 32]), -1), 'float32'), forwardOnly: true },
  { name: 'resizeBilinear values', inputs: { x: { shape: [1, 8, 8, 5] } }, run: ({ x }) => tf.image.resizeBilinear(x as tf.Tensor4D, [32, 32]), forwardOnly: true },
];

interface CaseValues {
  forward: Float32Array;
  gradients: Record<string, Float32Array>;
}

async function evaluate(c: KernelCase): Promise<CaseValues> {
  const names = Object.keys(c.inputs);
  const inputs = names.map((name, i) => {
    const spec = c.inputs[name];
    const values = seededValues(spec.shape.reduce((a, b) => a * b, 1), 100 + i).map(spec.map ?? ((v) => v));
    return tf.tensor(values, spec.shape);
  });
  const named = (values: tf.Tensor[]) => Object.fromEntries(names.map((name, i) => [name, values[i]]));
  const forward = tf.tidy(() => c.run(named(inputs)));
  const upstream = tf.tensor(seededValues(forward.size, 7), forward.shape);
  const grads = c.forwardOnly ? [] : tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(c.run(named(xs)), upstream)))(inputs);
  const result: CaseValues = { forward: Float32Array.from(await forward.data()), gradients: {} };
  for (let i = 0; i < grads.length; i++) result.gradients[names[i]] = Float32Array.from(await grads[i].data());
  tf.dispose([...inputs, forward, upstream, ...grads]);
  return result;
}

const adapter = await webgpuAdapterForTests();

describe.skipIf(adapter === null)(`training kernels on webgpu (${adapter?.name ?? 'no adapter'}) match the cpu backend`, () => {
  const used = new Set<string>();
  beforeAll(async () => {
    await selectBackend('webgpu');
    // Small tensors would otherwise run on the webgpu backend's cpu kernels, testing nothing.
    tf.env().set('WEBGPU_CPU_FORWARD', false);
  });
  afterAll(() => tf.env().set('WEBGPU_CPU_FORWARD', true));

  for (const c of CASES) {
    it(`${c.name}: forward${c.forwardOnly ? '' : ' and gradients'} within ${TOLERANCE}`, async () => {
      await tf.setBackend('cpu');
      const reference = await evaluate(c);
      await tf.setBackend('webgpu');
      const profile = await tf.profile(async () => {
        const actual = await evaluate(c);
        expect(relativeError(actual.forward, reference.forward)).toBeLessThan(TOLERANCE);
        for (const name of Object.keys(reference.gradients)) {
          expect(relativeError(actual.gradients[name], reference.gradients[name]), `gradient of ${name}`).toBeLessThan(TOLERANCE);
        }
      });
      for (const kernel of profile.kernels) used.add(kernel.name);
    });
  }

  it('the cases above ran every kernel of the training list on webgpu', () => {
    expect(TRAINING_KERNELS.filter((name) => !used.has(name))).toEqual([]);
  });
});
