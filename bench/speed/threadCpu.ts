// bench/speed/threadCpu: CPU time per training step of every thread of this process (Linux
// /proc/self/task), for the 2-shard step of the training pool, one shard's step and the whole batch's step
// in this thread, in alternating phases. CPU time counts work, so it holds on a busy machine where wall
// times do not: the pool's main thread, its worker, and V8's helper threads (parallel and concurrent
// garbage collection of both isolates) against one thread doing the same batch.
//   npx tsx bench/speed/threadCpu.ts [--method lora] [--steps 10] [--size 384]

import * as tf from '@tensorflow/tfjs-core';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import type { MethodName } from '../../contract/jobs';
import { selectBackend } from '../../engine/backend/selectBackend';
import '../../engine/training/registerGradients';
import { disposeModelTensors, trainableOf } from '../../engine/modelStore/adaptedModel';
import { createModel } from '../../engine/modelStore/createModel';
import { TrainingPool } from '../../engine/parallel/trainingPool';
import { batchGradients } from '../../engine/training/batchGradients';
import type { CachedView } from '../../engine/training/cachedViews';

const option = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
};

const TICK_MS = 1000 / 100; // USER_HZ

/** CPU milliseconds so far per thread id (user + system). */
function threadCpuMs(): Map<string, number> {
  const times = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
      times.set(tid, (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {
      // The thread ended meanwhile.
    }
  }
  return times;
}

await selectBackend('wasm');
const method = (option('method') ?? 'lora') as MethodName;
const steps = Number(option('steps') ?? 10);
const side = Number(option('size') ?? 384);
const model = await createModel({ method, classes: [{ id: 0, name: 'background' }, { id: 1, name: 'object' }], seed: 0, inputSize: side });
const cells = side / 4;
const views: CachedView[] = [0, 1].map((seed) => {
  const pixels = tf.randomUniform([1, side, side, 3], 0, 255, 'float32', seed) as tf.Tensor4D;
  const cache = model.backbone.forwardPrefix(pixels, model.firstAdaptedBlock);
  pixels.dispose();
  const targets = tf.tidy(() => tf.cast(tf.oneHot(tf.randomUniform([1, cells, cells], 0, 2, 'int32', seed) as tf.Tensor3D, 2), 'float32')) as tf.Tensor4D;
  return { cache, targets, weights: tf.ones([1, cells, cells]) as tf.Tensor3D, box: null };
});
const trainable = trainableOf(model);
const pool = TrainingPool.launch(model, 2);
const mainThread = String(process.pid);
try {
  await pool.ready;
  pool.shareViews(views);
  const runs = {
    'pool, 2 shards': async () => tf.dispose(Object.values((await pool.gradients(trainable, views)).gradients)),
    'one shard, this thread': async () => tf.dispose(Object.values((await batchGradients(model, trainable, views.slice(0, 1))).gradients)),
    'whole batch, this thread': async () => tf.dispose(Object.values((await batchGradients(model, trainable, views)).gradients)),
  };
  console.log(`${method}, batch 2 x ${side} px, ${steps} steps per phase, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('| phase | wall ms per step | main thread CPU ms | busiest other thread (the worker in the pool) | V8 helper threads | all threads |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (let round = 0; round < 2; round++) {
    for (const [name, run] of Object.entries(runs)) {
      await run();
      const before = threadCpuMs();
      const started = performance.now();
      for (let i = 0; i < steps; i++) await run();
      const wall = (performance.now() - started) / steps;
      const used = [...threadCpuMs()].map(([tid, ms]) => [tid, (ms - (before.get(tid) ?? 0)) / steps] as const).sort((a, b) => b[1] - a[1]);
      const main = used.find(([tid]) => tid === mainThread)?.[1] ?? 0;
      const others = used.filter(([tid]) => tid !== mainThread);
      // In the pool the worker is the busiest other thread; elsewhere it idles and that slot is a helper.
      const worker = name.startsWith('pool') ? (others[0]?.[1] ?? 0) : 0;
      const helpers = others.slice(name.startsWith('pool') ? 1 : 0).reduce((sum, [, ms]) => sum + ms, 0);
      console.log(`| ${name} | ${wall.toFixed(0)} | ${main.toFixed(0)} | ${worker.toFixed(0)} | ${helpers.toFixed(0)} | ${(main + worker + helpers).toFixed(0)} |`);
    }
  }
} finally {
  await pool.close();
  for (const view of views) tf.dispose([...Object.values(view.cache), view.targets, view.weights]);
  disposeModelTensors(model);
}
