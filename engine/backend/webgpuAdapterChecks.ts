// The checks a WebGPU adapter passes before the engine trains on it, the same for Dawn in Node
// (selectBackend.ts) and Chromium's WebGPU in the engine window (engine/window/selectWindowBackend.ts).

import * as tf from '@tensorflow/tfjs-core';
import { missingLimits } from './adapterLimits';
import { selfTestFailure } from './chooseBackend';
import type { AdapterSummary } from './dawnWebgpu';

/**
 * Why the adapter is not used, or null: a software renderer (slower than wasm) unless the backend was
 * forced (`forceHint` says how a user forces it), or limits the training needs.
 */
export function adapterRefusal(adapter: AdapterSummary, forced: boolean, forceHint: string): string | null {
  if (adapter.software && !forced) return `the only WebGPU adapter is a software renderer (${adapter.name}), slower than wasm; ${forceHint} uses it anyway`;
  const missing = missingLimits(adapter.limits);
  return missing.length > 0 ? `adapter ${adapter.name} lacks limits the training needs: ${missing.join(', ')}` : null;
}

/** The training self-test on the webgpu backend just activated; a failing one is removed again. */
export async function webgpuSelfTestRefusal(adapter: AdapterSummary): Promise<string | null> {
  const failure = await selfTestFailure('webgpu');
  if (failure === null) return null;
  tf.removeBackend('webgpu');
  return `adapter ${adapter.name} ${failure}`;
}
