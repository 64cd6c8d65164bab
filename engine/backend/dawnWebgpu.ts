// WebGPU for plain Node through Dawn's node binding (npm `webgpu`): installs the WebGPU globals and
// `navigator.gpu` that @tensorflow/tfjs-backend-webgpu looks for when it is imported, and asks Dawn for
// an adapter first, so that "no GPU" is a clear reason instead of a failure inside tfjs.
// Dawn cannot run inside Electron's utility process (V8 memory cage, ENGINE-HOSTS.md): there it is not
// loaded and the reason says so.

export interface AdapterSummary {
  /** "vendor architecture (description)" as the adapter reports it. */
  name: string;
  /** A CPU implementation (SwiftShader, llvmpipe, WARP): correct but slower than the wasm backend. */
  software: boolean;
  limits: Record<string, number>;
}

export type DawnAdapterResult = { ok: true; adapter: AdapterSummary } | { ok: false; reason: string };

const ADAPTER_TIMEOUT_MS = 5000;
const SOFTWARE_NAMES = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|warp/i;

interface DawnModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

let installed: Promise<DawnAdapterResult> | null = null;

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 200);
}

function limitsOf(adapter: GPUAdapter): Record<string, number> {
  const limits: Record<string, number> = {};
  // GPUSupportedLimits exposes its values as prototype getters, so a for-in walks them.
  for (const key in adapter.limits) {
    const value = (adapter.limits as unknown as Record<string, unknown>)[key];
    if (typeof value === 'number') limits[key] = value;
  }
  return limits;
}

export function summarizeAdapter(adapter: GPUAdapter): AdapterSummary {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const label = [info.vendor, info.architecture].filter(Boolean).join(' ') || 'unnamed adapter';
  const name = info.description ? `${label} (${info.description})` : label;
  return { name, software: info.isFallbackAdapter === true || SOFTWARE_NAMES.test(`${name} ${info.device}`), limits: limitsOf(adapter) };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function install(): Promise<DawnAdapterResult> {
  // Not even tried there: the binding's external buffers are refused by Electron's V8 memory cage.
  if (process.versions.electron) return { ok: false, reason: "Dawn's node binding cannot run inside Electron (V8 memory cage refuses its external buffers)" };
  let dawn: DawnModule;
  try {
    dawn = (await import('webgpu')) as unknown as DawnModule;
  } catch (error) {
    return { ok: false, reason: `Dawn's node binding (npm webgpu) did not load: ${firstLine(error)}` };
  }
  const gpu = dawn.create([]);
  const adapter = await withTimeout(gpu.requestAdapter({ powerPreference: 'high-performance' }), ADAPTER_TIMEOUT_MS);
  if (adapter === 'timeout') return { ok: false, reason: `Dawn did not answer for an adapter within ${ADAPTER_TIMEOUT_MS / 1000} s` };
  if (adapter === null) {
    return { ok: false, reason: 'Dawn found no WebGPU adapter (no Vulkan, Metal or Direct3D 12 GPU driver it can use)' };
  }
  Object.assign(globalThis, dawn.globals);
  const host = globalThis as { navigator?: object };
  // Node 20 has no navigator; Node 21+ has one whose properties are getters.
  if (host.navigator === undefined) host.navigator = {};
  Object.defineProperty(host.navigator, 'gpu', { value: gpu, configurable: true });
  return { ok: true, adapter: summarizeAdapter(adapter) };
}

/** Loads Dawn once per process and reports the adapter it would give tfjs. */
export function dawnAdapter(): Promise<DawnAdapterResult> {
  installed ??= install().catch((error: unknown) => ({ ok: false as const, reason: `Dawn failed: ${firstLine(error)}` }));
  return installed;
}
