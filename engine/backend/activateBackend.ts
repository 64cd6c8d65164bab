// Activates the CPU backends every host has: wasm (with the engine's training kernels) and cpu. Kept
// apart from the backend order so that code running on webgpu can switch to wasm for a job (syncReadingJobs).

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { errorText } from './chooseBackend';

/** Initialises (once) and activates the wasm backend; null when it works, else why not. */
export async function activateWasm(): Promise<string | null> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    const { registerWasmTrainingKernels } = await import('./wasmTrainingKernels');
    registerWasmTrainingKernels();
    if (!(await tf.setBackend('wasm'))) return 'the wasm backend did not initialise';
    return null;
  } catch (error) {
    return `wasm backend failed: ${errorText(error)}`;
  }
}

/** Activates the cpu backend; null when it works, else why not. */
export async function activateCpu(): Promise<string | null> {
  return (await tf.setBackend('cpu')) ? null : 'the cpu backend did not initialise';
}

