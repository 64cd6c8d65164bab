// The engine's job loop, the same in the engine process and in the engine window: jobs run one at a time
// in the order the host sent them, each cancellable before or while it runs; a lost webgpu device fails
// the running job with a clear message, frees what lived on the device and carries on on the next backend.

import * as tf from '@tensorflow/tfjs-core';
import type { HostToEngineMessage } from '../../contract/engineProtocol';
import type { JobSpec } from '../../contract/jobs';
import type { BackendChoice } from '../backend/chooseBackend';
import { onSyncReadableBackend } from '../backend/syncReadingJobs';
import { lossWithin, webgpuDeviceLoss } from '../backend/webgpuDeviceLost';
import { releaseBackbone } from '../backbone/registry';
import { releaseLoadedModel } from '../jobs/predictJob';
import { createJobContext, JobCancelledError } from '../jobs/jobContext';
import { runJob } from '../jobs/registry';
import type { ParentChannel } from './parentChannel';

/** What differs between the hosts the loop runs in. */
export interface EngineHost {
  channel: ParentChannel;
  /** Folder where adapted models live, as the engine's files (engine/files) name it. */
  modelsDir: string;
  /** Why the active GPU cannot hold this job (webgpu adapter limits), or null. */
  limitsProblem(spec: JobSpec, backend: string): Promise<string | null>;
  /** The next backend after the webgpu device was lost (never webgpu again). */
  selectAfterDeviceLoss(description: string): Promise<BackendChoice>;
  /** Ends the engine when no backend is left: the host sees it go and restarts it. */
  exit(message: string): void;
}

export interface EngineLoop {
  /** Starts running jobs on the chosen (already active) backend and tells the host. */
  announce(choice: BackendChoice): void;
}

export function startEngineLoop(host: EngineHost): EngineLoop {
  const { channel } = host;
  const queue: { jobId: string; spec: JobSpec }[] = [];
  const cancelled = new Set<string>();
  let current: { jobId: string; abort: AbortController } | null = null;
  let backend: string | null = null;
  /** Set when the webgpu device was lost: the running job fails with it and the engine moves to the next backend. */
  let deviceLost: string | null = null;
  let deviceLoss: Promise<string> | null = null;

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
      modelsDir: host.modelsDir,
      backend,
      signal: abort.signal,
      report: (progress) => channel.send({ type: 'progress', progress }),
      reportPartial: (partial) => channel.send({ type: 'partialResult', jobId: next.jobId, partial }),
    });
    try {
      if (abort.signal.aborted) throw new JobCancelledError();
      const limitsProblem = await host.limitsProblem(next.spec, backend);
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
      const choice = await host.selectAfterDeviceLoss(description);
      deviceLost = null;
      announce(choice);
    };
    recover().catch((error: unknown) => host.exit(`${description}; no other backend: ${error instanceof Error ? error.message : error}`));
  }

  channel.onMessage((message: HostToEngineMessage) => {
    if (message.type === 'run') {
      queue.push({ jobId: message.jobId, spec: message.spec });
      void drain();
    } else if (message.type === 'cancel') {
      if (current?.jobId === message.jobId) current.abort.abort();
      else cancelled.add(message.jobId);
    }
  });
  return { announce };
}
