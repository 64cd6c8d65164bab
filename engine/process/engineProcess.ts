// The engine process: picks a backend, then runs jobs one at a time as the host sends them (engineLoop.ts).

import os from 'node:os';
import path from 'node:path';
import { ENGINE_ENV } from '../../contract/engineProtocol';
import type { JobSpec } from '../../contract/jobs';
import { DEFAULT_JOB_SIZE, missingLimits } from '../backend/adapterLimits';
import { dawnAdapter } from '../backend/dawnWebgpu';
import { parseBackendOverride, selectBackend } from '../backend/selectBackend';
import { connectToParent } from './parentChannel';
import { startEngineLoop } from './engineLoop';
import { trainableCounts } from '../modelStore/trainableCounts';

const channel = connectToParent();
const modelsDir = process.env[ENGINE_ENV.modelsDir] || path.join(os.homedir(), '.segadapt', 'models');

/** Why the adapter cannot hold this adapt job's largest tensors, or null. */
async function webgpuLimitsProblem(spec: JobSpec, backend: string): Promise<string | null> {
  if (backend !== 'webgpu' || spec.kind !== 'adapt') return null;
  const dawn = await dawnAdapter();
  if (!dawn.ok) return null;
  const size = spec.size ?? DEFAULT_JOB_SIZE;
  const missing = missingLimits(dawn.adapter.limits, size, spec.classes.length);
  return missing.length ? `the GPU (${dawn.adapter.name}) cannot hold a ${size} px training with ${spec.classes.length} classes: ${missing.join(', ')}; use a smaller size` : null;
}

const loop = startEngineLoop({
  channel,
  modelsDir,
  limitsProblem: webgpuLimitsProblem,
  selectAfterDeviceLoss: (description) =>
    selectBackend(parseBackendOverride(process.env[ENGINE_ENV.backend]), { exclude: ['webgpu'], excludeReason: `not used again: ${description}` }),
  exit: (message) => {
    console.error(message);
    process.exit(3);
  },
});

try {
  loop.announce(await selectBackend());
  // Loads the backbone the first job needs anyway; a failure only leaves the counts unknown.
  trainableCounts()
    .then((counts) => channel.send({ type: 'trainableCounts', counts }))
    .catch((error: unknown) => console.error(`trainable counts: ${error instanceof Error ? error.message : error}`));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(3);
}
