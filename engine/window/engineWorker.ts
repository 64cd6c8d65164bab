// The engine in the engine window: a dedicated worker running the same job loop as the engine process
// (engine/process/engineLoop.ts) over Chromium's WebGPU or the threaded wasm build, with its files asked of
// the host (hostEngineFiles.ts). Its page (engineWindowPage.ts) hands it the host's MessagePort; the
// worker URL's `backend` parameter overrides the backend order as SEGADAPT_BACKEND does.

import type { JobSpec } from '../../contract/jobs';
import { DEFAULT_JOB_SIZE, missingLimits } from '../backend/adapterLimits';
import { parseBackendOverride } from '../backend/chooseBackend';
import { useEngineFiles } from '../files/engineFiles';
import { trainableCounts } from '../modelStore/trainableCounts';
import { startEngineLoop } from '../process/engineLoop';
import { hostEngineFiles, WINDOW_MODELS_DIR } from './hostEngineFiles';
import { portChannel, type PortLike } from './portChannel';
import { selectWindowBackend, windowAdapter } from './selectWindowBackend';
import { ENGINE_PORT_MESSAGE, type WorkerToPageMessage } from './windowMessages';

interface WorkerScope {
  location: { href: string };
  onmessage: ((event: { data: unknown; ports: readonly PortLike[] }) => void) | null;
  postMessage(message: WorkerToPageMessage): void;
  close(): void;
}

const scope = globalThis as unknown as WorkerScope;
const here = scope.location.href;
const channel = portChannel();
scope.onmessage = (event) => {
  if (event.data === ENGINE_PORT_MESSAGE && event.ports[0]) channel.connect(event.ports[0]);
};

useEngineFiles(hostEngineFiles(new URL('../files/', here).href));
const override = parseBackendOverride(new URL(here).searchParams.get('backend') ?? undefined);
const wasmFilesUrl = new URL('tfjs/', here).href;

async function webgpuLimitsProblem(spec: JobSpec, backend: string): Promise<string | null> {
  if (backend !== 'webgpu' || spec.kind !== 'adapt') return null;
  const adapter = await windowAdapter();
  if (adapter === null) return null;
  const size = spec.size ?? DEFAULT_JOB_SIZE;
  const missing = missingLimits(adapter.limits, size, spec.classes.length);
  return missing.length ? `the GPU (${adapter.name}) cannot hold a ${size} px training with ${spec.classes.length} classes: ${missing.join(', ')}; use a smaller size` : null;
}

/** The page closes the window on this; the host sees the engine exit and restarts it. */
function exit(message: string): void {
  console.error(message);
  scope.postMessage({ type: 'exit', message });
  scope.close();
}

const loop = startEngineLoop({
  channel,
  modelsDir: WINDOW_MODELS_DIR,
  limitsProblem: webgpuLimitsProblem,
  selectAfterDeviceLoss: (description) => selectWindowBackend(override, wasmFilesUrl, { exclude: ['webgpu'], excludeReason: `not used again: ${description}` }),
  exit,
});

try {
  loop.announce(await selectWindowBackend(override, wasmFilesUrl));
  trainableCounts()
    .then((counts) => channel.send({ type: 'trainableCounts', counts }))
    .catch((error: unknown) => console.error(`trainable counts: ${error instanceof Error ? error.message : error}`));
} catch (error) {
  exit(error instanceof Error ? error.message : String(error));
}
