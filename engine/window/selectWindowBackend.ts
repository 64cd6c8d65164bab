// The engine window's backend order: webgpu (Chromium's own WebGPU, when it has a hardware adapter that
// holds the training and passes the training self-test), wasm (the threaded SIMD build when the window is
// cross-origin isolated), cpu. An override names the one backend to try, as SEGADAPT_BACKEND does.

import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { activateCpu, activateWasm } from '../backend/activateBackend';
import { adapterRefusal, webgpuSelfTestRefusal } from '../backend/webgpuAdapterChecks';
import { chooseBackend, errorText, type BackendChoice, type BackendName, type SelectOptions } from '../backend/chooseBackend';
import { summarizeAdapter, type AdapterSummary } from '../backend/dawnWebgpu';

interface WindowGlobals {
  navigator?: { gpu?: GPU };
  crossOriginIsolated?: boolean;
}

const windowGlobals = globalThis as unknown as WindowGlobals;

let adapterSummary: Promise<AdapterSummary | null> | null = null;

/** Chromium's WebGPU adapter, or null when the window has none. */
export function windowAdapter(): Promise<AdapterSummary | null> {
  adapterSummary ??= (async () => {
    const gpu = windowGlobals.navigator?.gpu;
    const adapter = gpu ? await gpu.requestAdapter({ powerPreference: 'high-performance' }) : null;
    return adapter ? summarizeAdapter(adapter) : null;
  })();
  return adapterSummary;
}

async function tryWebgpu(forced: boolean): Promise<string | null> {
  try {
    if (!windowGlobals.navigator?.gpu) return 'this Chromium has no WebGPU (navigator.gpu is missing; on Linux it needs --enable-unsafe-webgpu or a supported driver)';
    const adapter = await windowAdapter();
    if (adapter === null) return "Chromium's WebGPU found no adapter";
    const refusal = adapterRefusal(adapter, forced, 'the backend override webgpu');
    if (refusal !== null) return refusal;
    await import('@tensorflow/tfjs-backend-webgpu');
    const { keepUploadedValues } = await import('../backend/webgpuNodeReads');
    keepUploadedValues();
    if (!(await tf.setBackend('webgpu'))) return 'the webgpu backend did not initialise';
    return await webgpuSelfTestRefusal(adapter);
  } catch (error) {
    return `webgpu backend failed: ${errorText(error)}`;
  }
}

/** Picks and activates a backend; `wasmFilesUrl` is where the host serves tfjs-backend-wasm's .wasm files. */
export async function selectWindowBackend(override: BackendName | null, wasmFilesUrl: string, options: SelectOptions = {}): Promise<BackendChoice> {
  // tfjs picks the threaded build itself when SharedArrayBuffer works (a cross-origin isolated window).
  setWasmPaths(wasmFilesUrl);
  const choice = await chooseBackend(
    [
      { probe: 'webgpu', backend: 'webgpu', attempt: tryWebgpu },
      { probe: 'wasm', backend: 'wasm', attempt: async () => activateWasm() },
      { probe: 'cpu', backend: 'cpu', attempt: activateCpu },
    ],
    override,
    options,
  );
  await tf.ready();
  if (choice.backend !== 'wasm') return choice;
  const threads = getThreadsCount();
  const build = windowGlobals.crossOriginIsolated ? `threaded build, ${threads} thread${threads === 1 ? '' : 's'}` : 'single-threaded build: the window is not cross-origin isolated';
  return { ...choice, probes: choice.probes.map((probe) => (probe.name === 'wasm' ? { ...probe, reason: `${probe.reason} (${build})` } : probe)) };
}
