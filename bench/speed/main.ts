// bench/speed: training-step time and achieved GFLOP/s per method on the active backend, in this thread and
// over the training workers (engine/parallel), beside the whole network's forward pass measured in the
// same run, and prediction time per 512 px image (not part of npm test).
//   npx tsx bench/speed/main.ts [--backend wasm|cpu|tensorflow] [--methods svf,head] [--steps N] [--size 384] [--batch 2] [--workers N] [--rounds R]
// FLOPs count matrix products and convolutions (forward and gradient kernels) from tf.profile's kernel
// shapes; element-wise work is not counted.

import * as tf from '@tensorflow/tfjs-core';
import os from 'node:os';
import { METHOD_NAMES, type MethodName } from '../../contract/jobs';
import { selectBackend, type BackendName } from '../../engine/backend/selectBackend';
import '../../engine/training/registerGradients';
import { predictImage } from '../../engine/jobs/predictJob';
import { logitsFromCache, trainableOf, disposeModelTensors } from '../../engine/modelStore/adaptedModel';
import { createModel } from '../../engine/modelStore/createModel';
import { NO_ADAPTED_BLOCK } from '../../engine/backbone/backbone';
import { TrainingPool } from '../../engine/parallel/trainingPool';
import { trainingWorkerCount } from '../../engine/parallel/workerCount';
import { batchGradients } from '../../engine/training/batchGradients';
import { seededRandom } from '../../engine/training/seededRandom';
import { randomViews } from './randomViews';

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

/** Median seconds of `steps` calls of `run` after one warm-up call. */
async function timeSteps(steps: number, run: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i <= steps; i++) {
    const started = performance.now();
    await run();
    if (i > 0) times.push((performance.now() - started) / 1000);
  }
  return median(times);
}

async function main(): Promise<void> {
  const backendOption = option('backend') as BackendName | undefined;
  const choice = await selectBackend(backendOption ?? null);
  const methods = (option('methods')?.split(',') ?? METHOD_NAMES) as MethodName[];
  const steps = Number(option('steps') ?? 5);
  const side = Number(option('size') ?? 384);
  const batch = Number(option('batch') ?? 2);
  const rounds = Number(option('rounds') ?? 1);
  const workers = trainingWorkerCount({ requested: option('workers') ? Number(option('workers')) : undefined, batchSize: batch, backend: choice.backend });
  const classes = [{ id: 0, name: 'background' }, { id: 1, name: 'object' }];
  const random = seededRandom(1);
  console.log(`backend ${choice.backend}; batch ${batch} x ${side} px; ${os.availableParallelism()} cores, ${workers} workers; median of ${steps} steps after one warm-up, ${rounds} alternating rounds\n`);

  // The whole network's forward pass (every block, decoder), the reference for what the kernels reach.
  const forwardModel = await createModel({ method: 'head', classes, seed: 0, inputSize: side });
  const images = tf.tensor4d(Float32Array.from({ length: batch * side * side * 3 }, () => random.uniform(0, 255)), [batch, side, side, 3]);
  const forward = () => tf.tidy(() => logitsFromCache(forwardModel, forwardModel.backbone.forwardPrefix(images, NO_ADAPTED_BLOCK)));
  const forwardSeconds = await timeSteps(steps, async () => {
    const logits = forward();
    await logits.data();
    logits.dispose();
  });
  const forwardProfile = await tf.profile(() => forward());
  const forwardFlops = kernelFlops(forwardProfile.kernels as never);
  tf.dispose(forwardProfile.result as tf.Tensor);
  const forwardRate = forwardFlops / 1e9 / forwardSeconds;
  console.log(`forward pass, whole network: ${forwardSeconds.toFixed(3)} s, ${(forwardFlops / 1e9).toFixed(2)} GFLOP, ${forwardRate.toFixed(1)} GFLOP/s\n`);
  images.dispose();
  disposeModelTensors(forwardModel);

  console.log(`| method | trainable params | GFLOP per step | 1 worker s | GFLOP/s | ${workers} workers s | GFLOP/s | speed-up | one shard s | idle speed-up bound | 1 worker / forward GFLOP/s | prefix s per view |`);
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const method of methods) {
    const model = await createModel({ method, classes, seed: 0, inputSize: side });
    const prefixStarted = performance.now();
    const views = randomViews(model, 2 * batch, side, random);
    const prefixSeconds = (performance.now() - prefixStarted) / 1000 / views.length;
    const trainable = trainableOf(model);
    const keys = Object.keys(trainable);
    let next = 0;
    const nextBatch = () => Array.from({ length: batch }, () => views[next++ % views.length]);
    const singleStep = async () => tf.dispose(Object.values((await batchGradients(model, trainable, nextBatch())).gradients));
    const profile = await tf.profile(singleStep);
    const flops = kernelFlops(profile.kernels as never);
    // Rounds alternate one thread and all shards, so that load from other processes hits both alike; the
    // speed-up is the median of the rounds' ratios.
    const singles: number[] = [];
    const parallels: number[] = [];
    // One thread on one shard's views: what a step over all shards would take on otherwise idle cores.
    const shardViews = Math.ceil(batch / workers);
    const shardStep = async () => tf.dispose(Object.values((await batchGradients(model, trainable, nextBatch().slice(0, shardViews))).gradients));
    const shards: number[] = [];
    const pool = workers > 1 ? TrainingPool.launch(model, workers) : null;
    try {
      if (pool) {
        await pool.ready;
        pool.shareViews(views);
      }
      for (let round = 0; round < rounds; round++) {
        singles.push(await timeSteps(steps, singleStep));
        if (pool) shards.push(await timeSteps(steps, shardStep));
        if (pool) parallels.push(await timeSteps(steps, async () => tf.dispose(Object.values((await pool.gradients(trainable, nextBatch())).gradients))));
      }
    } finally {
      await pool?.close();
    }
    const single = median(singles);
    const parallel = pool ? median(parallels) : NaN;
    const speedUp = pool ? median(singles.map((s, i) => s / parallels[i])) : NaN;
    const idleSpeedUp = pool ? median(singles.map((s, i) => s / shards[i])) : NaN;
    const count = keys.reduce((total, key) => total + trainable[key].size, 0);
    const gflop = flops / 1e9;
    const cells = [method, count, gflop.toFixed(2), single.toFixed(3), (gflop / single).toFixed(1), parallel.toFixed(3), (gflop / parallel).toFixed(1), speedUp.toFixed(2), pool ? median(shards).toFixed(3) : '-', idleSpeedUp.toFixed(2), (gflop / single / forwardRate).toFixed(2), prefixSeconds.toFixed(3)];
    console.log(`| ${cells.join(' | ')} |`);
    for (const view of views) tf.dispose([...Object.values(view.cache), view.targets, view.weights]);
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
