// Test support: seeded random data and a relative-error measure to compare backends.

import * as tf from '@tensorflow/tfjs-core';

export { relativeError, seededValues } from './backendComparison';

/** Runs one kernel on a backend from plain arrays, returning its output values and shape. */
export async function runKernelOn(
  backend: string,
  kernelName: string,
  inputs: Record<string, { shape: number[]; values: Float32Array }>,
  attrs: Record<string, unknown>,
): Promise<{ shape: number[]; values: Float32Array }> {
  await tf.setBackend(backend);
  const tensors: Record<string, tf.Tensor> = {};
  for (const [name, input] of Object.entries(inputs)) tensors[name] = tf.tensor(input.values, input.shape);
  const out = tf.engine().runKernel(kernelName, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
  const result = { shape: out.shape, values: (await out.data()) as Float32Array };
  out.dispose();
  for (const tensor of Object.values(tensors)) tensor.dispose();
  return result;
}
