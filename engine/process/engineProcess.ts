// The engine process: picks a backend, then runs jobs one at a time as the host sends them.

import os from 'node:os';
import path from 'node:path';
import { ENGINE_ENV } from '../../contract/engineProtocol';
import type { HostToEngineMessage } from '../../contract/engineProtocol';
import type { JobSpec } from '../../contract/jobs';
import { selectBackend } from '../backend/selectBackend';
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
    const result = await runJob(next.spec, context);
    channel.send({ type: 'done', jobId: next.jobId, result });
  } catch (error) {
    if (error instanceof JobCancelledError) channel.send({ type: 'cancelled', jobId: next.jobId });
    else channel.send({ type: 'failed', jobId: next.jobId, error: error instanceof Error ? error.message : String(error) });
  } finally {
    current = null;
  }
  void drain();
}

channel.onMessage(onMessage);

try {
  const choice = await selectBackend();
  backend = choice.backend;
  channel.send({ type: 'ready', backend: choice.backend, probes: choice.probes });
  void drain();
  // Loads the backbone the first job needs anyway; a failure only leaves the counts unknown.
  trainableCounts()
    .then((counts) => channel.send({ type: 'trainableCounts', counts }))
    .catch((error: unknown) => console.error(`trainable counts: ${error instanceof Error ? error.message : error}`));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(3);
}
