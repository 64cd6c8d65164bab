// Chooses the tfjs backend: the first that works of tensorflow (CUDA), tensorflow (CPU), wasm, cpu.
// SEGADAPT_BACKEND (tensorflow | wasm | cpu) overrides the order; every skipped backend says why.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createRequire } from 'node:module';
import type { BackendProbe } from '../../contract/api';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface BackendChoice {
  backend: BackendName;
  probes: BackendProbe[];
}

const require = createRequire(import.meta.url);

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].slice(0, 200);
}

async function tryNodePackage(pkg: '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node'): Promise<string | null> {
  try {
    require.resolve(pkg);
  } catch {
    return `${pkg} is not installed`;
  }
  try {
    require(pkg);
    if (!(await tf.setBackend('tensorflow'))) return `${pkg} loaded but its backend did not initialise`;
    return null;
  } catch (error) {
    return `${pkg} failed to load: ${errorText(error)}`;
  }
}

async function tryWasm(): Promise<string | null> {
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

const ORDER: { probe: BackendProbe['name']; backend: BackendName; attempt: () => Promise<string | null> }[] = [
  { probe: 'tensorflow-gpu', backend: 'tensorflow', attempt: () => tryNodePackage('@tensorflow/tfjs-node-gpu') },
  { probe: 'tensorflow', backend: 'tensorflow', attempt: () => tryNodePackage('@tensorflow/tfjs-node') },
  { probe: 'wasm', backend: 'wasm', attempt: tryWasm },
  { probe: 'cpu', backend: 'cpu', attempt: tryCpu },
];

export function parseBackendOverride(value: string | undefined): BackendName | null {
  if (value === undefined || value === '') return null;
  if (value === 'tensorflow' || value === 'wasm' || value === 'cpu') return value;
  throw new Error(`SEGADAPT_BACKEND must be tensorflow, wasm or cpu, not "${value}"`);
}

/** Picks and activates a backend. With an override, only that backend is tried; it fails loudly if unusable. */
export async function selectBackend(override: BackendName | null = parseBackendOverride(process.env.SEGADAPT_BACKEND)): Promise<BackendChoice> {
  const probes: BackendProbe[] = [];
  let chosen: BackendName | null = null;
  for (const candidate of ORDER) {
    if (chosen !== null) {
      probes.push({ name: candidate.probe, ok: false, reason: `not needed: ${chosen} is in use` });
      continue;
    }
    if (override !== null && candidate.backend !== override) {
      probes.push({ name: candidate.probe, ok: false, reason: `skipped: SEGADAPT_BACKEND=${override}` });
      continue;
    }
    const failure = await candidate.attempt();
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
  await tf.ready();
  return { backend: chosen, probes };
}
