// The rules every backend order follows (the engine process's in selectBackend.ts, the engine window's in
// engine/window/selectWindowBackend.ts): candidates are tried in order, SEGADAPT_BACKEND (or the window's
// override) tries only the one it names, and every backend not used says why.

import type { BackendProbe } from '../../contract/api';

export const BACKEND_NAMES = ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface BackendChoice {
  backend: BackendName;
  probes: BackendProbe[];
}

export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].slice(0, 200);
}

/** Why `backend` (already active) failed the training self-test against cpu, or null when it passed. */
export async function selfTestFailure(backend: string): Promise<string | null> {
  // Loaded only here: it registers every gradient, which a CPU-only engine start need not wait for.
  const { runTrainingSelfTest } = await import('./trainingSelfTest');
  const result = await runTrainingSelfTest(backend);
  return result.failure === null ? null : `failed the training self-test: ${result.failure}`;
}

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

