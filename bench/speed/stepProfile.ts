// bench/speed/stepProfile: where a data-parallel step's time goes, counted in one thread (kernel times
// from tf.profile, so it holds on a busy machine): a batch-B step against a batch-B/N shard's step, the
// part of the step that does not depend on the batch (the method's effective weights and their
// gradients), Adam, and the pool's per-step messages and copies.
//   npx tsx bench/speed/stepProfile.ts [--methods lora,full,head] [--size 384] [--batch 2] [--steps 5]

import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../engine/backend/selectBackend';
import '../../engine/training/registerGradients';
import { trainableOf, disposeModelTensors, splitTrainable, type AdaptedModel } from '../../engine/modelStore/adaptedModel';
import { createModel } from '../../engine/modelStore/createModel';
import { tensorDataMap } from '../../engine/parallel/sharedTensors';
import { Adam } from '../../engine/training/adam';
import { batchGradients } from '../../engine/training/batchGradients';
import { seededRandom } from '../../engine/training/seededRandom';
import { randomViews } from './randomViews';
import type { MethodName } from '../../contract/jobs';
import type { ParamMap } from '../../engine/model/params';

const option = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function wallMs(steps: number, run: () => Promise<void> | void): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i <= steps; i++) {
    const started = performance.now();
    await run();
    if (i > 0) times.push(performance.now() - started);
  }
  return median(times);
}

async function kernelMs(run: () => Promise<unknown> | unknown): Promise<{ ms: number; kernels: number }> {
  const profile = await tf.profile(async () => {
    await run();
  });
  return { ms: profile.kernels.reduce((sum, kernel) => sum + (kernel.kernelTimeMs as number), 0), kernels: profile.kernels.length };
}

/** The method's effective weights and their gradient for a given upstream gradient: the batch-independent part. */
function effectiveWeightsStep(model: AdaptedModel, trainable: ParamMap): void {
  const { method } = splitTrainable(trainable);
  const keys = Object.keys(method);
  if (keys.length === 0) return;
  tf.tidy(() => {
    const grads = tf.grads((...values: tf.Tensor[]) => {
      const state = { trainable: Object.fromEntries(keys.map((key, i) => [key, values[i]])), buffers: model.state.buffers };
      const weights = model.method.effectiveWeights(model.backbone.frozen, state, model.target, model.methodConfig);
      return tf.addN(Object.values(weights).map((w) => tf.sum(w))) as tf.Scalar;
    })(keys.map((key) => method[key]));
    return grads;
  });
}

async function main(): Promise<void> {
  await selectBackend((option('backend') as never) ?? null);
  const methods = (option('methods') ?? 'lora,full,head').split(',') as MethodName[];
  const side = Number(option('size') ?? 384);
  const batch = Number(option('batch') ?? 2);
  const steps = Number(option('steps') ?? 5);
  const classes = [{ id: 0, name: 'background' }, { id: 1, name: 'object' }];
  const random = seededRandom(1);
  console.log(`batch ${batch} x ${side} px; kernel ms from tf.profile (one thread), wall ms medians of ${steps}\n`);
  console.log('| method | keys | batch step kernel ms | kernels | shard step kernel ms | kernels | effective weights fwd+bwd kernel ms | kernels | batch step wall ms | shard step wall ms | effective weights wall ms | Adam wall ms | params to data ms |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const method of methods) {
    const model = await createModel({ method, classes, seed: 0, inputSize: side });
    const views = randomViews(model, batch, side, random);
    const trainable = trainableOf(model);
    const step = (count: number) => async () => tf.dispose(Object.values((await batchGradients(model, trainable, views.slice(0, count))).gradients));
    await step(batch)();
    const full = await kernelMs(step(batch));
    const shard = await kernelMs(step(batch / 2));
    const effective = await kernelMs(() => effectiveWeightsStep(model, trainable));
    const fullWall = await wallMs(steps, step(batch));
    const shardWall = await wallMs(steps, step(batch / 2));
    const effectiveWall = await wallMs(steps, () => effectiveWeightsStep(model, trainable));
    // Adam on a copy of the params with zero-like gradients, as trainModel applies it every step.
    const adam = new Adam({ learningRate: () => 1e-3, totalSteps: 100, warmupSteps: 1 });
    let params: ParamMap = Object.fromEntries(Object.entries(trainable).map(([key, tensor]) => [key, tf.clone(tensor)]));
    const adamWall = await wallMs(steps, async () => {
      const gradients = Object.fromEntries(Object.entries(params).map(([key, tensor]) => [key, tf.onesLike(tensor)]));
      params = adam.apply(params, gradients);
      await Promise.all(Object.values(params).map((tensor) => tensor.data()));
    });
    tf.dispose(Object.values(params));
    adam.dispose();
    const dataWall = await wallMs(steps, () => void tensorDataMap(trainable));
    const cells = [method, Object.keys(trainable).length, full.ms.toFixed(0), full.kernels, shard.ms.toFixed(0), shard.kernels, effective.ms.toFixed(0), effective.kernels, fullWall.toFixed(0), shardWall.toFixed(0), effectiveWall.toFixed(0), adamWall.toFixed(0), dataWall.toFixed(1)];
    console.log(`| ${cells.join(' | ')} |`);
    for (const view of views) tf.dispose([...Object.values(view.cache), view.targets, view.weights]);
    disposeModelTensors(model);
  }
}

await main();
