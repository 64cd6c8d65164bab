// The engine process: picks a backend, then runs jobs one at a time as the host sends them.

import * as tf from '@tensorflow/tfjs-core';
import os from 'node:os';
import path from 'node:path';
import { ENGINE_ENV } from '../../contract/engineProtocol';
import type { HostToEngineMessage } from '../../contract/engineProtocol';
import type { JobSpec } from '../../contract/jobs';
import { DEFAULT_JOB_SIZE, missingLimits } from '../backend/adapterLimits';
import { dawnAdapter } from '../backend/dawnWebgpu';
import { parseBackendOverride, selectBackend, type BackendChoice } from '../backend/selectBackend';
import { onSyncReadableBackend } from '../backend/syncReadingJobs';
import { lossWithin, webgpuDeviceLoss } from '../backend/webgpuDeviceLost';
import { releaseBackbone } from '../backbone/registry';
import { releaseLoadedModel } from '../jobs/predictJob';
import { createJobContext, JobCancelledError } from '../jobs/jobContext';
import { runJob } from '../jobs/registry';
import { connectToParent } from './parentChannel';
import { trainableCounts } from '../modelStore/trainableCounts';

const channel = connectToParent();
const modelsDir = process.env[ENGINE_ENV.modelsDir] || path.join(os.homedir(), '.segadapt', 'models');

const queue: { jobId: string; spec: JobSpec }[] = [];
const cancelled = new Set<string>();
let current: { jobId: string; abort: AbortController } | null = null;
let backend: string | null = null;
/** Set when the webgpu device was lost: the running job fails with it and the engine moves to the next backend. */
let deviceLost: string | null = null;
let deviceLoss: Promise<string> | null = null;

/** Why the adapter cannot hold this adapt job's largest tensors, or null. */
async function webgpuLimitsProblem(spec: JobSpec): Promise<string | null> {
  if (backend !== 'webgpu' || spec.kind !== 'adapt') return null;
  const dawn = await dawnAdapter();
  if (!dawn.ok) return null;
  const size = spec.size ?? DEFAULT_JOB_SIZE;
  const missing = missingLimits(dawn.adapter.limits, size, spec.classes.length);
  return missing.length ? `the GPU (${dawn.adapter.name}) cannot hold a ${size} px training with ${spec.classes.length} classes: ${missing.join(', ')}; use a smaller size` : null;
}

function onMessage(message: HostToEngineMessage): void {
  if (message.type === 'run') {
    queue.push({ jobId: message.jobId, spec: message.spec });
    void drain();
  } else if (message.type === 'cancel') {
    if (current?.jobId === message.jobId) current.abort.abort();
    else cancelled.add(message.jobId);
  }
}

async function drain(): Promise<void> {
  if (current !== null || backend === null) return;
  const next = queue.shift();
  if (!next) return;
  const abort = new AbortController();
  current = { jobId: next.jobId, abort };
  if (cancelled.delete(next.jobId)) abort.abort();
  const context = createJobContext({
    jobId: next.jobId,
    kind: next.spec.kind,
    modelsDir,
    backend,
    signal: abort.signal,
    report: (progress) => channel.send({ type: 'progress', progress }),
    reportPartial: (partial) => channel.send({ type: 'partialResult', jobId: next.jobId, partial }),
  });
  try {
    if (abort.signal.aborted) throw new JobCancelledError();
    const limitsProblem = await webgpuLimitsProblem(next.spec);
    if (limitsProblem) throw new Error(limitsProblem);
    const result = await onSyncReadableBackend(next.spec.kind, () => runJob(next.spec, context));
    channel.send({ type: 'done', jobId: next.jobId, result });
  } catch (error) {
    const lost = deviceLost ?? (deviceLoss ? await lossWithin(deviceLoss, 500) : null);
    if (lost) channel.send({ type: 'failed', jobId: next.jobId, error: `${lost} while running this job; the engine continues on the next backend and your labels are safe` });
    else if (error instanceof JobCancelledError) channel.send({ type: 'cancelled', jobId: next.jobId });
    else channel.send({ type: 'failed', jobId: next.jobId, error: error instanceof Error ? error.message : String(error) });
  } finally {
    current = null;
  }
  void drain();
}

function announce(choice: BackendChoice): void {
  backend = choice.backend;
  deviceLoss = backend === 'webgpu' ? webgpuDeviceLoss() : null;
  void deviceLoss?.then(onDeviceLost);
  channel.send({ type: 'ready', backend: choice.backend, probes: choice.probes });
  void drain();
}

/** Stops the running job, frees what lived on the lost device, and starts over on the next backend. */
function onDeviceLost(description: string): void {
  deviceLost = description;
  deviceLoss = null;
  backend = null;
  current?.abort.abort();
  const recover = async () => {
    while (current !== null) await new Promise((resolve) => setTimeout(resolve, 50));
    releaseLoadedModel();
    await releaseBackbone();
    tf.removeBackend('webgpu');
    const choice = await selectBackend(parseBackendOverride(process.env[ENGINE_ENV.backend]), { exclude: ['webgpu'], excludeReason: `not used again: ${description}` });
    deviceLost = null;
    announce(choice);
  };
  recover().catch((error: unknown) => {
    console.error(`${description}; no other backend: ${error instanceof Error ? error.message : error}`);
    process.exit(3);
  });
}

channel.onMessage(onMessage);

try {
  announce(await selectBackend());
  // Loads the backbone the first job needs anyway; a failure only leaves the counts unknown.
  trainableCounts()
    .then((counts) => channel.send({ type: 'trainableCounts', counts }))
    .catch((error: unknown) => console.error(`trainable counts: ${error instanceof Error ? error.message : error}`));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(3);
}
