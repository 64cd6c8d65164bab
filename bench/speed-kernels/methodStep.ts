// Times each PEFT method on the real backbone (CenterNet MobileNetV3) on the wasm backend: trainable count,
// init time (svf includes its SVDs), and a training step of the adapted suffix (Adam on the method's
// tensors, a squared-feature loss on the decoder taps; no decoder, so it isolates the backbone side).
// Run: npx tsx bench/speed-kernels/methodStep.ts [--size 256] [--batch 2] [--steps 3]

import * as tf from '@tensorflow/tfjs-core';
import '../../engine/training/registerGradients';
import { METHOD_NAMES } from '../../contract/jobs';
import { selectBackend } from '../../engine/backend/selectBackend';
import { getBackbone } from '../../engine/backbone/registry';
import { countTrainable } from '../../engine/peft/countTrainable';
import { getMethod } from '../../engine/peft/registry';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const size = arg('size', 256);
const batch = arg('batch', 2);
const steps = arg('steps', 3);

const choice = await selectBackend('wasm');
const backbone = await getBackbone();
console.log(`backend ${choice.backend}, ${backbone.id}, batch ${batch} x ${size} px, median of ${steps} steps after one warm-up`);
console.log('method | first adapted block | adapted layers | trainable | init ms | step ms');
for (const name of METHOD_NAMES) {
  const method = getMethod(name);
  const config = method.defaultConfig;
  const first = name === 'full' ? backbone.fullFirstAdaptedBlock : backbone.defaultFirstAdaptedBlock;
  const target = backbone.adaptTarget(first);
  const image = tf.randomUniform([batch, size, size, 3], 0, 255) as tf.Tensor4D;
  const cache = backbone.forwardPrefix(image, first);
  const initStart = performance.now();
  const initial = method.init(backbone.frozen, target, config, 1);
  const initMs = performance.now() - initStart;
  const trainable = Object.fromEntries(Object.entries(initial.trainable).map(([key, t]) => [key, tf.variable(t, true, `${name}:${key}`)]));
  tf.dispose(Object.values(initial.trainable));
  const state = { trainable, buffers: initial.buffers };
  const adapted = new Set(target.blocks.map((b) => b.name));
  const optimizer = tf.train.adam(1e-3);
  const times: number[] = [];
  for (let step = 0; step <= steps; step++) {
    const start = performance.now();
    const variables = Object.values(trainable);
    const loss = () => tf.tidy(() => {
      const weights = { ...backbone.frozen, ...method.effectiveWeights(backbone.frozen, state, target, config) };
      const hook = method.blockOutput
        ? (block: (typeof target.blocks)[number], input: tf.Tensor4D, output: tf.Tensor4D) =>
            adapted.has(block.name) ? method.blockOutput!(block, input, output, state, config) : output
        : undefined;
      const taps = backbone.forwardSuffix(cache, first, weights, hook);
      return tf.addN(taps.map((t) => tf.mean(tf.square(t)))) as tf.Scalar;
    });
    if (variables.length > 0) optimizer.minimize(loss, false, variables);
    else tf.dispose(loss());
    if (step > 0) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const trainableCount = countTrainable(name, target, config);
  console.log([name, first, target.layers.length, trainableCount, initMs.toFixed(0), times[Math.floor(times.length / 2)].toFixed(0)].join(' | '));
  optimizer.dispose();
  tf.dispose([image, ...Object.values(cache), ...Object.values(trainable), ...Object.values(state.buffers)]);
}
