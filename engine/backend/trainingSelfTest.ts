// The check a GPU backend must pass before the engine trusts it: one training step (loss, gradients,
// an SGD update and the loss after it) of a fixed tiny network built from the ops the real training
// uses (strided SAME conv, hard-swish, depthwise conv, squeeze-excite gate, matrix-product head,
// log-softmax cross-entropy), compared with the cpu backend's numbers.

import * as tf from '@tensorflow/tfjs-core';
import '../training/registerGradients';
import { relativeError, seededValues } from './backendComparison';

export const SELF_TEST_TOLERANCE = 1e-3;

export interface SelfTestResult {
  maxRelativeError: number;
  /** The first quantity over tolerance, or null when all agree. */
  failure: string | null;
}

const BATCH = 2;
const SIZE = 24;
const CLASSES = 4;
const SHAPES: Record<string, number[]> = {
  stemFilter: [3, 3, 3, 8],
  stemBias: [8],
  depthwiseFilter: [3, 3, 8, 1],
  depthwiseBias: [8],
  headWeight: [8, CLASSES],
  headBias: [CLASSES],
};
const PARAM_NAMES = Object.keys(SHAPES);
const LEARNING_RATE = 0.1;

const hardSwish = (x: tf.Tensor) => tf.div(tf.mul(x, tf.relu6(tf.add(x, 3))), 6);

function loss(image: tf.Tensor4D, labels: tf.Tensor2D, p: Record<string, tf.Tensor>): tf.Scalar {
  let h: tf.Tensor4D = tf.add(tf.conv2d(image, p.stemFilter as tf.Tensor4D, 2, 'same'), p.stemBias);
  h = hardSwish(h) as tf.Tensor4D;
  h = tf.relu(tf.add(tf.depthwiseConv2d(h, p.depthwiseFilter as tf.Tensor4D, 1, 'same'), p.depthwiseBias)) as tf.Tensor4D;
  const gate = tf.div(tf.relu6(tf.add(tf.mean(h, [1, 2], true), 3)), 6);
  const pixels = tf.reshape(tf.mul(h, gate), [-1, SHAPES.headWeight[0]]) as tf.Tensor2D;
  const logits = tf.add(tf.matMul(pixels, p.headWeight as tf.Tensor2D), p.headBias);
  return tf.neg(tf.mean(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), -1))) as tf.Scalar;
}

function fixedInputs(): { image: tf.Tensor4D; labels: tf.Tensor2D; params: Record<string, tf.Tensor> } {
  return tf.tidy(() => {
    const image = tf.tensor4d(seededValues(BATCH * SIZE * SIZE * 3, 1), [BATCH, SIZE, SIZE, 3]);
    const pixels = BATCH * (SIZE / 2) * (SIZE / 2);
    const classOf = Int32Array.from(seededValues(pixels, 2), (v) => Math.floor(((v + 1) * CLASSES) / 2) % CLASSES);
    const labels = tf.cast(tf.oneHot(tf.tensor1d(classOf, 'int32'), CLASSES), 'float32') as tf.Tensor2D;
    const params = Object.fromEntries(PARAM_NAMES.map((name, i) => {
      const shape = SHAPES[name];
      const values = seededValues(shape.reduce((a, b) => a * b, 1), 10 + i).map((v) => v * 0.5);
      return [name, tf.tensor(values, shape)];
    }));
    return { image, labels, params };
  });
}

/** Loss, every gradient, and the loss after one SGD step, read back asynchronously (webgpu has no sync reads). */
export async function trainingStepValues(): Promise<Record<string, Float32Array>> {
  const { image, labels, params } = fixedInputs();
  const named = tf.tidy(() => {
    const lossOf = (...values: tf.Tensor[]) => loss(image, labels, Object.fromEntries(PARAM_NAMES.map((n, i) => [n, values[i]])));
    const { value, grads } = tf.valueAndGrads(lossOf)(PARAM_NAMES.map((n) => params[n]));
    const updated = PARAM_NAMES.map((n, i) => tf.sub(params[n], tf.mul(grads[i], LEARNING_RATE)));
    const result: Record<string, tf.Tensor> = { loss: value, lossAfterStep: lossOf(...updated) };
    PARAM_NAMES.forEach((n, i) => (result[`gradient of ${n}`] = grads[i]));
    return result;
  });
  const read: Record<string, Float32Array> = {};
  try {
    for (const [key, tensor] of Object.entries(named)) read[key] = (await tensor.data()) as Float32Array;
  } finally {
    tf.dispose([image, labels, ...Object.values(params), ...Object.values(named)]);
  }
  return read;
}

/** The webgpu backend hands tensors under 1000 elements to its cpu kernels; the self-test must exercise the GPU ones. */
function withoutCpuForwarding<T>(run: () => Promise<T>): Promise<T> {
  const flags = tf.env();
  if (!isRegistered('WEBGPU_CPU_FORWARD')) return run();
  const previous = flags.getBool('WEBGPU_CPU_FORWARD');
  flags.set('WEBGPU_CPU_FORWARD', false);
  return run().finally(() => flags.set('WEBGPU_CPU_FORWARD', previous));
}

function isRegistered(flag: string): boolean {
  try {
    tf.env().get(flag);
    return true;
  } catch {
    return false;
  }
}

export function compareStepValues(actual: Record<string, Float32Array>, reference: Record<string, Float32Array>, tolerance = SELF_TEST_TOLERANCE): SelfTestResult {
  let maxRelativeError = 0;
  let failure: string | null = null;
  for (const [key, expected] of Object.entries(reference)) {
    const got = actual[key];
    const error = got && got.every(Number.isFinite) ? relativeError(got, expected) : Infinity;
    maxRelativeError = Math.max(maxRelativeError, error);
    if (failure === null && !(error < tolerance)) failure = `${key} differs from the cpu backend by ${error.toExponential(1)} (relative; limit ${tolerance})`;
  }
  return { maxRelativeError, failure };
}

/** Runs the step on cpu, then on `backend` (left active), and compares them. */
export async function runTrainingSelfTest(backend: string): Promise<SelfTestResult> {
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend (the self-test reference) did not initialise');
  // Its first write prints a banner advising tfjs-node; here the cpu backend is only the reference.
  (tf.findBackend('cpu') as unknown as { firstUse?: boolean }).firstUse = false;
  const reference = await trainingStepValues();
  if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend did not initialise`);
  const actual = await withoutCpuForwarding(trainingStepValues);
  return compareStepValues(actual, reference);
}
