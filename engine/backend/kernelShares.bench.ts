// Share of each kernel in one backbone training step of a PEFT method (its tensors' gradients through the
// adapted blocks, a squared-feature loss on the taps; no decoder) on a backend, from tf.profile.
// Run: npx tsx engine/backend/kernelShares.bench.ts webgpu full 64 [--stock-matmul-gradient]
// Without a GPU, webgpu runs on SwiftShader with VK_ICD_FILENAMES set (see swiftShaderIcd.testSupport.ts).
// --stock-matmul-gradient puts back tfjs's own BatchMatMul gradient, which the engine replaces for wasm.

import * as tf from '@tensorflow/tfjs-core';
import '../training/registerGradients';
import { METHOD_NAMES, type MethodName } from '../../contract/jobs';
import { getBackbone } from '../backbone/registry';
import type { BackboneBlock } from '../backbone/backbone';
import { getMethod } from '../peft/registry';
import { parseBackendOverride, selectBackend } from './selectBackend';

const [backendArg = 'webgpu', methodArg = 'full', sizeArg = '64'] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
if (!(METHOD_NAMES as readonly string[]).includes(methodArg)) throw new Error(`method must be one of ${METHOD_NAMES.join(', ')}`);
const methodName = methodArg as MethodName;
const size = Number(sizeArg);
const batch = 2;

await selectBackend(parseBackendOverride(backendArg));
if (process.argv.includes('--stock-matmul-gradient')) {
  const { batchMatMulGradConfig } = await import('@tensorflow/tfjs-core/dist/gradients/BatchMatMul_grad.js');
  tf.registerGradient(batchMatMulGradConfig);
}
const backbone = await getBackbone();
const method = getMethod(methodName);
const config = method.defaultConfig;
const first = methodName === 'full' ? backbone.fullFirstAdaptedBlock : backbone.defaultFirstAdaptedBlock;
const target = backbone.adaptTarget(first);
const image = tf.randomUniform([batch, size, size, 3], 0, 255) as tf.Tensor4D;
const cache = backbone.forwardPrefix(image, first);
const initial = method.init(backbone.frozen, target, config, 1);
const trainable = Object.fromEntries(Object.entries(initial.trainable).map(([key, t]) => [key, tf.variable(t, true, key)]));
const state = { trainable, buffers: initial.buffers };
const adapted = new Set(target.blocks.map((block) => block.name));
const hook = method.blockOutput
  ? (block: BackboneBlock, input: tf.Tensor4D, output: tf.Tensor4D) => (adapted.has(block.name) ? method.blockOutput!(block, input, output, state, config) : output)
  : undefined;

async function step(): Promise<void> {
  const { value, grads } = tf.variableGrads(() => tf.tidy(() => {
    const weights = { ...backbone.frozen, ...method.effectiveWeights(backbone.frozen, state, target, config) };
    return tf.addN(backbone.forwardSuffix(cache, first, weights, hook).map((tap) => tf.mean(tf.square(tap)))) as tf.Scalar;
  }), Object.values(trainable));
  await value.data();
  await Promise.all(Object.values(grads).map((gradient) => gradient.data()));
  tf.dispose([value, ...Object.values(grads)]);
}

await step();
const started = performance.now();
const profile = await tf.profile(step);
const wall = performance.now() - started;
const byKernel = new Map<string, number>();
let total = 0;
for (const kernel of profile.kernels) {
  const ms = typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
  byKernel.set(kernel.name, (byKernel.get(kernel.name) ?? 0) + ms);
  total += ms;
}
console.log(`${tf.getBackend()} ${methodName} batch ${batch} x ${size} px: kernel time ${total.toFixed(0)} ms, wall ${wall.toFixed(0)} ms`);
for (const [name, ms] of [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`${name} ${((100 * ms) / total).toFixed(1)}% ${ms.toFixed(0)} ms`);
