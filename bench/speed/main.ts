// bench/speed: training-step time and achieved GFLOP/s per method on the active backend, and prediction
// time per 512 px image (not part of npm test).
//   npx tsx bench/speed/main.ts [--backend wasm|cpu|tensorflow] [--methods svf,head] [--steps N] [--size 384] [--batch 2]
// FLOPs count matrix products and convolutions (forward and gradient kernels) from tf.profile's kernel
// shapes; element-wise work is not counted.

import * as tf from '@tensorflow/tfjs-core';
import { METHOD_NAMES, type MethodName } from '../../contract/jobs';
import { selectBackend, type BackendName } from '../../engine/backend/selectBackend';
import '../../engine/training/registerGradients';
import { predictImage } from '../../engine/jobs/predictJob';
import { logitsFromCache, trainableOf, disposeModelTensors } from '../../engine/modelStore/adaptedModel';
import { createModel } from '../../engine/modelStore/createModel';
import { maskLoss } from '../../engine/training/losses';
import { seededRandom } from '../../engine/training/seededRandom';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Multiply-adds x 2 of the matrix-product and convolution kernels of one profiled call. */
export function kernelFlops(kernels: { name: string; inputShapes: number[][]; outputShapes: number[][] }[]): number {
  let flops = 0;
  for (const { name, inputShapes, outputShapes } of kernels) {
    const out = outputShapes[0] ?? [];
    switch (name) {
      case 'BatchMatMul':
      case '_FusedMatMul':
        flops += 2 * size(inputShapes[0]) * out[out.length - 1];
        break;
      case 'Conv2D':
      case 'FusedConv2D': {
        const [kh, kw, cin] = inputShapes[1];
        flops += 2 * size(out) * kh * kw * cin;
        break;
      }
      case 'DepthwiseConv2dNative':
      case 'FusedDepthwiseConv2D': {
        const [kh, kw] = inputShapes[1];
        flops += 2 * size(out) * kh * kw;
        break;
      }
      case 'Conv2DBackpropInput': {
        const [kh, kw, , cout] = inputShapes[1];
        flops += 2 * size(out) * kh * kw * cout;
        break;
      }
      case 'Conv2DBackpropFilter': {
        const [kh, kw, cin] = out;
        flops += 2 * size(inputShapes[1]) * kh * kw * cin;
        break;
      }
      case 'DepthwiseConv2dNativeBackpropFilter': {
        const [kh, kw] = out;
        flops += 2 * size(inputShapes[1]) * kh * kw;
        break;
      }
      case 'DepthwiseConv2dNativeBackpropInput': {
        const [kh, kw] = inputShapes[1];
        flops += 2 * size(inputShapes[0]) * kh * kw;
        break;
      }
      default:
        break;
    }
  }
  return flops;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const backendOption = option('backend') as BackendName | undefined;
  const choice = await selectBackend(backendOption ?? null);
  const methods = (option('methods')?.split(',') ?? METHOD_NAMES) as MethodName[];
  const steps = Number(option('steps') ?? 5);
  const side = Number(option('size') ?? 384);
  const batch = Number(option('batch') ?? 2);
  const classes = [{ id: 0, name: 'background' }, { id: 1, name: 'object' }];
  console.log(`backend ${choice.backend}; batch ${batch} x ${side} px; median of ${steps} steps after one warm-up\n`);
  console.log('| method | trainable params | step s | GFLOP per step | GFLOP/s | prefix s per view |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  const random = seededRandom(1);
  for (const method of methods) {
    const model = await createModel({ method, classes, seed: 0, inputSize: side });
    const pixels = Float32Array.from({ length: batch * side * side * 3 }, () => random.uniform(0, 255));
    const images = tf.tensor4d(pixels, [batch, side, side, 3]);
    const prefixStarted = performance.now();
    const cache = model.backbone.forwardPrefix(images, model.firstAdaptedBlock);
    await cache[Object.keys(cache)[0]].data();
    const prefixSeconds = (performance.now() - prefixStarted) / 1000 / batch;
    const cells = side / 4;
    const targets = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor3d(Int32Array.from({ length: batch * cells * cells }, () => random.integer(2)), [batch, cells, cells], 'int32'), 2), 'float32')) as tf.Tensor4D;
    const weights = tf.ones([batch, cells, cells]) as tf.Tensor3D;
    const trainable = trainableOf(model);
    const keys = Object.keys(trainable);
    const step = () => {
      const { value, grads } = tf.valueAndGrads((...values: tf.Tensor[]) =>
        maskLoss(logitsFromCache(model, cache, Object.fromEntries(keys.map((key, i) => [key, values[i]]))), targets, weights),
      )(keys.map((key) => trainable[key]));
      return [value, ...grads];
    };
    const times: number[] = [];
    for (let i = 0; i <= steps; i++) {
      const started = performance.now();
      const outputs = step();
      await outputs[0].data();
      tf.dispose(outputs);
      if (i > 0) times.push((performance.now() - started) / 1000);
    }
    const profile = await tf.profile(() => step());
    const flops = kernelFlops(profile.kernels as never);
    tf.dispose(profile.result as tf.Tensor[]);
    const seconds = median(times);
    const count = keys.reduce((total, key) => total + trainable[key].size, 0);
    console.log(`| ${method} | ${count} | ${seconds.toFixed(3)} | ${(flops / 1e9).toFixed(2)} | ${(flops / 1e9 / seconds).toFixed(1)} | ${prefixSeconds.toFixed(3)} |`);
    tf.dispose([images, targets, weights, ...Object.values(cache)]);
    disposeModelTensors(model);
  }

  const model = await createModel({ method: 'svf', classes, seed: 0 });
  const image = { width: 512, height: 512, data: Uint8Array.from({ length: 512 * 512 * 3 }, () => random.integer(256)) };
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const started = performance.now();
    await predictImage(model, 'bench', image);
    if (i > 0) times.push(performance.now() - started);
  }
  console.log(`\nprediction of a 512x512 image (model input ${model.inputSize} px, class-id mask at 512 px, instances): median ${median(times).toFixed(0)} ms over ${times.length} runs`);
  disposeModelTensors(model);
}

await main();
