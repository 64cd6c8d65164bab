// The wasm backend (tfjs 4.22) lacks Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter and
// DepthwiseConv2dNativeBackpropInput, and its Conv2DBackpropInput is a scalar loop. This module registers
// composed replacements built from its XNNPACK kernels (see PERF-NOTES.md), so training runs on wasm,
// and an Identity that shares buffers instead of copying them (see identitySharingWasm).

import '@tensorflow/tfjs-backend-wasm';
import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterWasm } from './conv2dBackpropFilterWasm';
import { conv2dBackpropInputWasm } from './conv2dBackpropInputWasm';
import { depthwiseBackpropFilterWasm } from './depthwiseBackpropFilterWasm';
import { depthwiseBackpropInputWasm } from './depthwiseBackpropInputWasm';
import { identitySharingWasm } from './identitySharingWasm';

export const WASM_TRAINING_KERNELS: Record<string, KernelFunc> = {
  Conv2DBackpropFilter: conv2dBackpropFilterWasm,
  Conv2DBackpropInput: conv2dBackpropInputWasm,
  DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilterWasm,
  DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInputWasm,
  Identity: identitySharingWasm,
};

/** Kernels the wasm package shipped and this module replaced (kept for benchmarks against them). */
const replacedStockKernels = new Map<string, KernelConfig>();

/** Registers the composed kernels for 'wasm'; safe to call more than once. */
export function registerWasmTrainingKernels(): void {
  for (const [kernelName, kernelFunc] of Object.entries(WASM_TRAINING_KERNELS)) {
    const existing = getKernel(kernelName, 'wasm');
    if (existing?.kernelFunc === kernelFunc) continue;
    if (existing) {
      replacedStockKernels.set(kernelName, existing);
      unregisterKernel(kernelName, 'wasm');
    }
    registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
}

/**
 * The wasm package's own implementation of a kernel this module replaced, if it had one. Its setupFunc
 * has not run when the replacement happened before the backend started: call it before the kernelFunc.
 */
export function replacedStockKernel(kernelName: string): KernelConfig | undefined {
  return replacedStockKernels.get(kernelName);
}
