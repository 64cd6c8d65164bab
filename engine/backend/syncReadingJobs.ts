// Exports build their graph with dataSync() over weights merged on the active backend, which webgpu in
// Node cannot serve (webgpuNodeReads.ts). On webgpu such jobs run on wasm: tfjs moves the tensors they
// touch (the backbone's weights, kept readable on the CPU) to wasm, and the next GPU job moves them back.

import * as tf from '@tensorflow/tfjs-core';
import type { JobKind } from '../../contract/jobs';
import { activateWasm } from './activateBackend';

const SYNC_READING_JOBS: ReadonlySet<JobKind> = new Set(['export']);

/** Runs `job` on wasm when the engine is on webgpu and the job reads synchronously; elsewhere as it is. */
export async function onSyncReadableBackend<T>(kind: JobKind, job: () => Promise<T>): Promise<T> {
  const active = tf.getBackend();
  if (active !== 'webgpu' || !SYNC_READING_JOBS.has(kind)) return job();
  const failure = await activateWasm();
  if (failure !== null) throw new Error(`this ${kind} job needs the wasm backend beside webgpu: ${failure}`);
  try {
    return await job();
  } finally {
    await tf.setBackend(active);
  }
}
