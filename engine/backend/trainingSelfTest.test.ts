import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './selectBackend';
import { compareStepValues, runTrainingSelfTest, trainingStepValues } from './trainingSelfTest';

/** A cpu backend whose conv filter gradient is 1% off: what a broken GPU kernel looks like to the self-test. */
function registerWrongFilterGradientBackend(name: string): void {
  tf.registerBackend(name, () => {
    const backend = new MathBackendCPU();
    (backend as unknown as { firstUse: boolean }).firstUse = false; // no tfjs-node banner
    return backend;
  });
  for (const kernel of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...kernel, backendName: name });
  const stock = tf.getKernel('Conv2DBackpropFilter', 'cpu')!;
  tf.unregisterKernel('Conv2DBackpropFilter', name);
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: name,
    kernelFunc: (args) => {
      const backend = args.backend as MathBackendCPU;
      const out = stock.kernelFunc(args) as tf.TensorInfo;
      const scaled = (backend.readSync(out.dataId) as Float32Array).map((v) => v * 1.01);
      backend.disposeData(out.dataId);
      return backend.makeTensorInfo(out.shape, 'float32', scaled);
    },
  });
}

describe('training self-test', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('passes a correct backend (wasm) and leaves it active without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const result = await runTrainingSelfTest('wasm');
    expect(result.failure).toBeNull();
    expect(result.maxRelativeError).toBeLessThan(1e-4);
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a backend with a 1% wrong filter gradient, naming the gradient', async () => {
    registerWrongFilterGradientBackend('cpu-wrong-filter-gradient');
    const result = await runTrainingSelfTest('cpu-wrong-filter-gradient');
    expect(result.failure).toMatch(/^gradient of stemFilter differs from the cpu backend by [\d.]+e-\d \(relative; limit 0.001\)$/);
    await tf.setBackend('wasm');
    tf.removeBackend('cpu-wrong-filter-gradient');
  });

  it('treats a missing or non-finite quantity as a failure', async () => {
    await tf.setBackend('cpu');
    const reference = await trainingStepValues();
    const broken = { ...reference, loss: Float32Array.of(NaN) };
    expect(compareStepValues(broken, reference).failure).toBe('loss differs from the cpu backend by Infinity (relative; limit 0.001)');
    expect(compareStepValues(reference, reference)).toEqual({ maxRelativeError: 0, failure: null });
  });
});
