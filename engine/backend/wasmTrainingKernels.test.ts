import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels, replacedStockKernel, WASM_TRAINING_KERNELS } from './wasmTrainingKernels';
import { relativeError, runKernelOn, seededValues } from './gradientCheck.testSupport';

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
interface ConvCase {
  name: string;
  input: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  pad: Pad;
  dilations?: [number, number];
}

const TOLERANCE = 1e-5;

function outputShape(c: ConvCase, depthwise: boolean): number[] {
  const dilations = c.dilations ?? [1, 1];
  const info = tf.backend_util.computeConv2DInfo(c.input, c.filter, c.strides, dilations, c.pad, undefined, depthwise);
  return info.outShape;
}

async function compareKernel(kernelName: string, inputs: Record<string, { shape: number[]; values: Float32Array }>, attrs: Record<string, unknown>): Promise<number> {
  const reference = await runKernelOn('cpu', kernelName, inputs, attrs);
  const numDataIdsBefore = (await tf.setBackend('wasm')) && tf.engine().backend.numDataIds();
  const actual = await runKernelOn('wasm', kernelName, inputs, attrs);
  expect(tf.engine().backend.numDataIds()).toBe(numDataIdsBefore);
  expect(actual.shape).toEqual(reference.shape);
  return relativeError(actual.values, reference.values);
}

const conv2dCases: ConvCase[] = [
  { name: '1x1 stride 1, in < out', input: [2, 7, 9, 6], filter: [1, 1, 6, 10], strides: [1, 1], pad: 'same' },
  { name: '1x1 stride 1, in > out (VALID)', input: [2, 5, 6, 12], filter: [1, 1, 12, 4], strides: [1, 1], pad: 'valid' },
  { name: '3x3 stride 2 SAME, stem-like, odd height', input: [2, 9, 8, 3], filter: [3, 3, 3, 8], strides: [2, 2], pad: 'same' },
  { name: '3x3 stride 1 SAME', input: [1, 6, 7, 5], filter: [3, 3, 5, 4], strides: [1, 1], pad: 'same' },
  { name: '3x3 stride 2 VALID with leftover rows', input: [2, 9, 10, 4], filter: [3, 3, 4, 5], strides: [2, 2], pad: 'valid' },
  { name: '1x1 stride 2 VALID', input: [1, 7, 7, 4], filter: [1, 1, 4, 3], strides: [2, 2], pad: 'valid' },
  { name: '5x3 stride (1,2) SAME', input: [2, 8, 11, 3], filter: [5, 3, 3, 4], strides: [1, 2], pad: 'same' },
  { name: '3x3 explicit uneven padding', input: [1, 6, 6, 3], filter: [3, 3, 3, 2], strides: [1, 1], pad: [[0, 0], [2, 0], [1, 3], [0, 0]] },
];

const depthwiseCases: ConvCase[] = [
  { name: '3x3 stride 1 SAME', input: [2, 9, 9, 6], filter: [3, 3, 6, 1], strides: [1, 1], pad: 'same' },
  { name: '3x3 stride 2 SAME, even width', input: [2, 9, 8, 6], filter: [3, 3, 6, 1], strides: [2, 2], pad: 'same' },
  { name: '5x5 stride 2 SAME', input: [1, 10, 10, 4], filter: [5, 5, 4, 1], strides: [2, 2], pad: 'same' },
  { name: '5x5 stride 1 SAME', input: [3, 7, 8, 5], filter: [5, 5, 5, 1], strides: [1, 1], pad: 'same' },
  { name: 'multiplier 2, stride 2 SAME', input: [2, 7, 6, 3], filter: [3, 3, 3, 2], strides: [2, 2], pad: 'same' },
  { name: 'multiplier 3, stride 1 VALID', input: [2, 6, 7, 2], filter: [3, 3, 2, 3], strides: [1, 1], pad: 'valid' },
  { name: '3x3 stride 2 VALID with leftover rows', input: [1, 10, 9, 4], filter: [3, 3, 4, 1], strides: [2, 2], pad: 'valid' },
];

/** Spreads a [kh, kw, c, m] filter's taps d apart with zeros between: the same operator without dilation. */
function expandDilatedFilter(values: Float32Array, shape: number[], dilation: number): { shape: number[]; values: Float32Array } {
  const [kh, kw, c, m] = shape;
  const eh = (kh - 1) * dilation + 1;
  const ew = (kw - 1) * dilation + 1;
  const out = new Float32Array(eh * ew * c * m);
  for (let p = 0; p < kh; p++) for (let q = 0; q < kw; q++) for (let k = 0; k < c * m; k++) {
    out[((p * dilation) * ew + q * dilation) * c * m + k] = values[(p * kw + q) * c * m + k];
  }
  return { shape: [eh, ew, c, m], values: out };
}

describe('wasm training kernels match the cpu backend', () => {
  beforeAll(async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    registerWasmTrainingKernels();
    expect(await tf.setBackend('wasm')).toBe(true);
  });

  it('registering twice keeps the composed kernels and remembers the stock Conv2DBackpropInput it replaced', () => {
    registerWasmTrainingKernels();
    for (const [name, kernelFunc] of Object.entries(WASM_TRAINING_KERNELS)) expect(tf.getKernel(name, 'wasm')?.kernelFunc).toBe(kernelFunc);
    expect(replacedStockKernel('Conv2DBackpropInput')?.kernelFunc).not.toBe(WASM_TRAINING_KERNELS.Conv2DBackpropInput);
    expect(replacedStockKernel('Conv2DBackpropFilter')).toBeUndefined();
  });

  it('Identity (tf.clone) shares the buffer, keeps it while a holder lives and frees it with the last', async () => {
    const dataIdsBefore = tf.engine().backend.numDataIds();
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const y = tf.clone(x);
    expect(tf.engine().backend.numDataIds()).toBe(dataIdsBefore + 1);
    x.dispose();
    expect(Array.from(await y.data())).toEqual([1, 2, 3, 4]);
    // A kernel writing a new tensor from the clone leaves the shared buffer as it was.
    const z = tf.add(y, 1);
    expect(Array.from(await y.data())).toEqual([1, 2, 3, 4]);
    tf.dispose([y, z]);
    expect(tf.engine().backend.numDataIds()).toBe(dataIdsBefore);
  });

  it.each(conv2dCases)('Conv2DBackpropFilter, $name', async (c) => {
    const dyShape = outputShape(c, false);
    const error = await compareKernel('Conv2DBackpropFilter', {
      x: { shape: c.input, values: seededValues(tf.util.sizeFromShape(c.input), 1) },
      dy: { shape: dyShape, values: seededValues(tf.util.sizeFromShape(dyShape), 2) },
    }, { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter });
    expect(error).toBeLessThan(TOLERANCE);
  });

  it.each(conv2dCases)('Conv2DBackpropInput, $name', async (c) => {
    const dyShape = outputShape(c, false);
    const error = await compareKernel('Conv2DBackpropInput', {
      dy: { shape: dyShape, values: seededValues(tf.util.sizeFromShape(dyShape), 3) },
      filter: { shape: c.filter, values: seededValues(tf.util.sizeFromShape(c.filter), 4) },
    }, { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.input });
    expect(error).toBeLessThan(TOLERANCE);
  });

  it.each(depthwiseCases)('DepthwiseConv2dNativeBackpropFilter, $name', async (c) => {
    const dyShape = outputShape(c, true);
    const error = await compareKernel('DepthwiseConv2dNativeBackpropFilter', {
      x: { shape: c.input, values: seededValues(tf.util.sizeFromShape(c.input), 5) },
      dy: { shape: dyShape, values: seededValues(tf.util.sizeFromShape(dyShape), 6) },
    }, { strides: c.strides, pad: c.pad, dilations: c.dilations ?? [1, 1], filterShape: c.filter });
    expect(error).toBeLessThan(TOLERANCE);
  });

  it.each(depthwiseCases)('DepthwiseConv2dNativeBackpropInput, $name', async (c) => {
    const dyShape = outputShape(c, true);
    const error = await compareKernel('DepthwiseConv2dNativeBackpropInput', {
      dy: { shape: dyShape, values: seededValues(tf.util.sizeFromShape(dyShape), 7) },
      filter: { shape: c.filter, values: seededValues(tf.util.sizeFromShape(c.filter), 8) },
    }, { strides: c.strides, pad: c.pad, dilations: c.dilations ?? [1, 1], inputShape: c.input });
    expect(error).toBeLessThan(TOLERANCE);
  });

  // The cpu backend ignores dilations in these two kernels, so the reference is the undilated gradient
  // of the filter with zeros spread between its taps.
  const dilated: ConvCase = { name: '3x3 dilation 2 SAME', input: [2, 9, 9, 3], filter: [3, 3, 3, 2], strides: [1, 1], pad: 'same', dilations: [2, 2] };

  it('DepthwiseConv2dNativeBackpropFilter with dilation 2 equals the spread-filter gradient at its taps', async () => {
    const dyShape = outputShape(dilated, true);
    const inputs = {
      x: { shape: dilated.input, values: seededValues(tf.util.sizeFromShape(dilated.input), 9) },
      dy: { shape: dyShape, values: seededValues(tf.util.sizeFromShape(dyShape), 10) },
    };
    const spreadShape = expandDilatedFilter(new Float32Array(tf.util.sizeFromShape(dilated.filter)), dilated.filter, 2).shape;
    const spread = await runKernelOn('cpu', 'DepthwiseConv2dNativeBackpropFilter', inputs, { strides: [1, 1], pad: 'same', dilations: [1, 1], filterShape: spreadShape });
    const actual = await runKernelOn('wasm', 'DepthwiseConv2dNativeBackpropFilter', inputs, { strides: [1, 1], pad: 'same', dilations: [2, 2], filterShape: dilated.filter });
    const [kh, kw, c, m] = dilated.filter;
    const reference = new Float32Array(actual.values.length);
    for (let p = 0; p < kh; p++) for (let q = 0; q < kw; q++) for (let k = 0; k < c * m; k++) {
      reference[(p * kw + q) * c * m + k] = spread.values[((2 * p) * spreadShape[1] + 2 * q) * c * m + k];
    }
    expect(relativeError(actual.values, reference)).toBeLessThan(TOLERANCE);
  });

  it('DepthwiseConv2dNativeBackpropInput with dilation 2 equals the spread-filter input gradient', async () => {
    const dyShape = outputShape(dilated, true);
    const filterValues = seededValues(tf.util.sizeFromShape(dilated.filter), 11);
    const dy = { shape: dyShape, values: seededValues(tf.util.sizeFromShape(dyShape), 12) };
    const reference = await runKernelOn('cpu', 'DepthwiseConv2dNativeBackpropInput', { dy, filter: expandDilatedFilter(filterValues, dilated.filter, 2) },
      { strides: [1, 1], pad: 'same', dilations: [1, 1], inputShape: dilated.input });
    const actual = await runKernelOn('wasm', 'DepthwiseConv2dNativeBackpropInput', { dy, filter: { shape: dilated.filter, values: filterValues } },
      { strides: [1, 1], pad: 'same', dilations: [2, 2], inputShape: dilated.input });
    expect(relativeError(actual.values, reference.values)).toBeLessThan(TOLERANCE);
  });
});
