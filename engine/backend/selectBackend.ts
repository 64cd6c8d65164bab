// Chooses the tfjs backend: the first that works of tensorflow (CUDA), webgpu (Dawn), tensorflow (CPU),
// wasm, cpu. GPU backends must also pass the training self-test against the cpu backend (and webgpu the
// adapter limits check) before they are trusted. SEGADAPT_BACKEND (tensorflow | webgpu | wasm | cpu)
// overrides the order; every skipped backend says why. The engine window has its own order
// (engine/window/selectWindowBackend.ts) over the same candidates' rules (chooseBackend.ts).

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createRequire } from 'node:module';
import { activateCpu, activateWasm } from './activateBackend';
import { chooseBackend, errorText, parseBackendOverride, selfTestFailure, type BackendCandidate, type BackendChoice, type BackendName, type SelectOptions } from './chooseBackend';
import { dawnAdapter } from './dawnWebgpu';
import { adapterRefusal, webgpuSelfTestRefusal } from './webgpuAdapterChecks';

export { activateWasm } from './activateBackend';
export * from './chooseBackend';

const require = createRequire(import.meta.url);

async function tryNodePackage(pkg: '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node', selfTest: boolean): Promise<string | null> {
  try {
    require.resolve(pkg);
  } catch {
    return `${pkg} is not installed`;
  }
  try {
    require(pkg);
    if (!(await tf.setBackend('tensorflow'))) return `${pkg} loaded but its backend did not initialise`;
    return selfTest ? await selfTestFailure('tensorflow') : null;
  } catch (error) {
    return `${pkg} failed to load: ${errorText(error)}`;
  }
}

async function tryWebgpu(forced: boolean): Promise<string | null> {
  try {
    const dawn = await dawnAdapter();
    if (!dawn.ok) return dawn.reason;
    const { adapter } = dawn;
    const refusal = adapterRefusal(adapter, forced, 'SEGADAPT_BACKEND=webgpu');
    if (refusal !== null) return refusal;
    const { keepUploadedValuesReadable } = await import('./webgpuNodeReads');
    keepUploadedValuesReadable();
    return await webgpuSelfTestRefusal(adapter);
  } catch (error) {
    return `webgpu backend failed: ${errorText(error)}`;
  }
}

const ORDER: BackendCandidate[] = [
  { probe: 'tensorflow-gpu', backend: 'tensorflow', attempt: () => tryNodePackage('@tensorflow/tfjs-node-gpu', true) },
  { probe: 'webgpu', backend: 'webgpu', attempt: tryWebgpu },
  { probe: 'tensorflow', backend: 'tensorflow', attempt: () => tryNodePackage('@tensorflow/tfjs-node', false) },
  { probe: 'wasm', backend: 'wasm', attempt: activateWasm },
  { probe: 'cpu', backend: 'cpu', attempt: activateCpu },
];

/** Picks and activates a backend. With an override, only that backend is tried; it fails loudly if unusable. */
export async function selectBackend(
  override: BackendName | null = parseBackendOverride(process.env.SEGADAPT_BACKEND),
  options: SelectOptions = {},
): Promise<BackendChoice> {
  const choice = await chooseBackend(ORDER, override, options);
  await tf.ready();
  return choice;
}
