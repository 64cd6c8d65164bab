// Chooses the tfjs backend: the first that works of tensorflow (CUDA), webgpu (Dawn), tensorflow (CPU),
// wasm, cpu. GPU backends must also pass the training self-test against the cpu backend (and webgpu the
// adapter limits check) before they are trusted. SEGADAPT_BACKEND (tensorflow | webgpu | wasm | cpu)
// overrides the order; every skipped backend says why.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createRequire } from 'node:module';
import type { BackendProbe } from '../../contract/api';
import { missingLimits } from './adapterLimits';
import { dawnAdapter } from './dawnWebgpu';

export const BACKEND_NAMES = ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface BackendChoice {
  backend: BackendName;
  probes: BackendProbe[];
}

const require = createRequire(import.meta.url);

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].slice(0, 200);
}

async function selfTestFailure(backend: string): Promise<string | null> {
  // Loaded only here: it registers every gradient, which a CPU-only engine start need not wait for.
  const { runTrainingSelfTest } = await import('./trainingSelfTest');
  const result = await runTrainingSelfTest(backend);
  return result.failure === null ? null : `failed the training self-test: ${result.failure}`;
}

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
    if (adapter.software && !forced) {
      return `the only WebGPU adapter is a software renderer (${adapter.name}), slower than wasm; SEGADAPT_BACKEND=webgpu uses it anyway`;
    }
    const missing = missingLimits(adapter.limits);
    if (missing.length > 0) return `adapter ${adapter.name} lacks limits the training needs: ${missing.join(', ')}`;
    const { keepUploadedValuesReadable } = await import('./webgpuNodeReads');
    keepUploadedValuesReadable();
    const failure = await selfTestFailure('webgpu');
    if (failure === null) return null;
    tf.removeBackend('webgpu');
    return `adapter ${adapter.name} ${failure}`;
  } catch (error) {
    return `webgpu backend failed: ${errorText(error)}`;
  }
}

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

async function tryCpu(): Promise<string | null> {
  return (await tf.setBackend('cpu')) ? null : 'the cpu backend did not initialise';
}

const ORDER: BackendCandidate[] = [
  { probe: 'tensorflow-gpu', backend: 'tensorflow', attempt: () => tryNodePackage('@tensorflow/tfjs-node-gpu', true) },
  { probe: 'webgpu', backend: 'webgpu', attempt: tryWebgpu },
  { probe: 'tensorflow', backend: 'tensorflow', attempt: () => tryNodePackage('@tensorflow/tfjs-node', false) },
  { probe: 'wasm', backend: 'wasm', attempt: activateWasm },
  { probe: 'cpu', backend: 'cpu', attempt: tryCpu },
];

export function isBackendName(value: string): value is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(value);
}

export function parseBackendOverride(value: string | undefined): BackendName | null {
  if (value === undefined || value === '') return null;
  if (isBackendName(value)) return value;
  throw new Error(`SEGADAPT_BACKEND must be ${BACKEND_NAMES.join(', ')}, not "${value}"`);
}

export interface SelectOptions {
  /** Probes not to try (e.g. webgpu after its device was lost); each is reported as skipped with `excludeReason`. */
  exclude?: BackendProbe['name'][];
  excludeReason?: string;
}

export interface BackendCandidate {
  probe: BackendProbe['name'];
  backend: BackendName;
  /** Null when usable (and left active), else why not; `forced` when SEGADAPT_BACKEND named it. */
  attempt: (forced: boolean) => Promise<string | null>;
}

/** Tries `candidates` in order until one works; every other one gets a probe saying why it was not used. */
export async function chooseBackend(candidates: BackendCandidate[], override: BackendName | null, options: SelectOptions = {}): Promise<BackendChoice> {
  const probes: BackendProbe[] = [];
  let chosen: BackendName | null = null;
  for (const candidate of candidates) {
    if (chosen !== null) {
      probes.push({ name: candidate.probe, ok: false, reason: `not needed: ${chosen} is in use` });
      continue;
    }
    if (override !== null && candidate.backend !== override) {
      probes.push({ name: candidate.probe, ok: false, reason: `skipped: SEGADAPT_BACKEND=${override}` });
      continue;
    }
    if (options.exclude?.includes(candidate.probe)) {
      probes.push({ name: candidate.probe, ok: false, reason: options.excludeReason ?? 'excluded' });
      continue;
    }
    const failure = await candidate.attempt(override !== null);
    if (failure === null) {
      chosen = candidate.backend;
      probes.push({ name: candidate.probe, ok: true, reason: override ? `chosen by SEGADAPT_BACKEND` : 'first backend that works' });
    } else {
      probes.push({ name: candidate.probe, ok: false, reason: failure });
    }
  }
  if (chosen === null) {
    throw new Error(`no usable tfjs backend: ${probes.map((p) => `${p.name}: ${p.reason}`).join('; ')}`);
  }
  return { backend: chosen, probes };
}

/** Picks and activates a backend. With an override, only that backend is tried; it fails loudly if unusable. */
export async function selectBackend(
  override: BackendName | null = parseBackendOverride(process.env.SEGADAPT_BACKEND),
  options: SelectOptions = {},
): Promise<BackendChoice> {
  const choice = await chooseBackend(ORDER, override, options);
  await tf.ready();
  return choice;
}
