// Times the composed wasm gradient kernels on MobileNetV3-sized shapes (batch 4, 256 px input),
// against the wasm package's stock Conv2DBackpropInput and the pure-JS cpu backend.
// Run: npx tsx bench/speed-kernels/main.ts [--cpu]   (--cpu also times the cpu backend: slow)

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels, replacedStockKernel } from '../../engine/backend/wasmTrainingKernels';

interface Case { label: string; kernel: string; depthwise: boolean; input: [number, number, number, number]; filter: [number, number, number, number]; stride: number }

const CASES: Case[] = [
  { label: 'stem 3x3 s2 3->12 @256', kernel: 'conv', depthwise: false, input: [4, 256, 256, 3], filter: [3, 3, 3, 12], stride: 2 },
  { label: '1x1 24->72 @64', kernel: 'conv', depthwise: false, input: [4, 64, 64, 24], filter: [1, 1, 24, 72], stride: 1 },
  { label: '1x1 360->80 @16', kernel: 'conv', depthwise: false, input: [4, 16, 16, 360], filter: [1, 1, 360, 80], stride: 1 },
  { label: '3x3 s1 64->64 @32 (decoder-like)', kernel: 'conv', depthwise: false, input: [4, 32, 32, 64], filter: [3, 3, 64, 64], stride: 1 },
  { label: 'dw 3x3 s1 x72 @64', kernel: 'dw', depthwise: true, input: [4, 64, 64, 72], filter: [3, 3, 72, 1], stride: 1 },
  { label: 'dw 5x5 s2 x72 @64', kernel: 'dw', depthwise: true, input: [4, 64, 64, 72], filter: [5, 5, 72, 1], stride: 2 },
  { label: 'dw 5x5 s1 x360 @16', kernel: 'dw', depthwise: true, input: [4, 16, 16, 360], filter: [5, 5, 360, 1], stride: 1 },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timeKernel(kernelName: string, inputs: Record<string, tf.Tensor>, attrs: tf.NamedAttrMap, reps: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < reps + 1; i++) {
    const start = performance.now();
    const out = tf.engine().runKernel(kernelName, inputs, attrs) as tf.Tensor;
    await out.data();
    out.dispose();
    if (i > 0) times.push(performance.now() - start);
  }
  return median(times);
}

async function timeStockInput(inputs: Record<string, tf.Tensor>, attrs: tf.NamedAttrMap, reps: number): Promise<number> {
  const stock = replacedStockKernel('Conv2DBackpropInput');
  if (!stock) return NaN;
  const backend = tf.engine().backend;
  stock.setupFunc?.(backend);
  const times: number[] = [];
  for (let i = 0; i < reps + 1; i++) {
    const start = performance.now();
    const out = stock.kernelFunc({ inputs, attrs, backend }) as tf.TensorInfo;
    backend.readSync(out.dataId);
    backend.disposeData(out.dataId);
    if (i > 0) times.push(performance.now() - start);
  }
  return median(times);
}

async function main(): Promise<void> {
  const withCpu = process.argv.includes('--cpu');
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  console.log(`backend wasm (tfjs ${tf.version_core}), medians of 5 calls, ms; GFLOP/s = 2*MACs/time`);
  console.log(['case', 'filter grad', 'GFLOP/s', 'input grad', 'GFLOP/s', 'stock input grad', withCpu ? 'cpu filter grad' : '', withCpu ? 'cpu input grad' : ''].join(' | '));
  for (const c of CASES) {
    await tf.setBackend('wasm');
    const dilations: [number, number] = [1, 1];
    const info = tf.backend_util.computeConv2DInfo(c.input, c.filter, c.stride, dilations, 'same', undefined, c.depthwise);
    const [kh, kw] = c.filter;
    const macs = info.batchSize * info.outHeight * info.outWidth * info.outChannels * kh * kw * (c.depthwise ? 1 : info.inChannels);
    const x = tf.randomUniform(c.input);
    const dy = tf.randomUniform(info.outShape);
    const filter = tf.randomUniform(c.filter);
    const base = { strides: [c.stride, c.stride], pad: 'same', dilations: [1, 1], dataFormat: 'NHWC' };
    const filterName = c.depthwise ? 'DepthwiseConv2dNativeBackpropFilter' : 'Conv2DBackpropFilter';
    const inputName = c.depthwise ? 'DepthwiseConv2dNativeBackpropInput' : 'Conv2DBackpropInput';
    const filterMs = await timeKernel(filterName, { x, dy }, { ...base, filterShape: c.filter }, 5);
    const inputMs = await timeKernel(inputName, { dy, filter }, { ...base, inputShape: c.input }, 5);
    const stockMs = c.depthwise ? NaN : await timeStockInput({ dy, filter }, { ...base, inputShape: c.input }, 3);
    const row = [c.label, filterMs.toFixed(1), (2 * macs / filterMs / 1e6).toFixed(1), inputMs.toFixed(1), (2 * macs / inputMs / 1e6).toFixed(1), Number.isNaN(stockMs) ? '-' : stockMs.toFixed(1)];
    if (withCpu) {
      await tf.setBackend('cpu');
      row.push((await timeKernel(filterName, { x, dy }, { ...base, filterShape: c.filter }, 1)).toFixed(0));
      row.push((await timeKernel(inputName, { dy, filter }, { ...base, inputShape: c.input }, 1)).toFixed(0));
    }
    console.log(row.join(' | '));
    tf.dispose([x, dy, filter]);
  }
}

await main();
