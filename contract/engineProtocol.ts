// Messages between a host's engine supervisor and the engine process (Electron utilityProcess or
// child_process.fork with advanced serialization: both carry typed arrays by structured clone).

import type { BackendProbe } from './api';
import type { TrainableCounts } from './trainableCounts';
import type { JobPartialResult, JobProgress, JobResult, JobSpec } from './jobs';

export type HostToEngineMessage =
  | { type: 'run'; jobId: string; spec: JobSpec }
  | { type: 'cancel'; jobId: string };

export type EngineToHostMessage =
  | { type: 'ready'; backend: string; probes: BackendProbe[] }
  | { type: 'trainableCounts'; counts: TrainableCounts }
  | { type: 'progress'; progress: JobProgress }
  | { type: 'partialResult'; jobId: string; partial: JobPartialResult }
  | { type: 'done'; jobId: string; result: JobResult }
  | { type: 'failed'; jobId: string; error: string }
  | { type: 'cancelled'; jobId: string };

/** Environment variables the host passes to the engine process. */
export const ENGINE_ENV = {
  modelsDir: 'SEGADAPT_MODELS_DIR',
  backend: 'SEGADAPT_BACKEND',
} as const;

/** The data of the message that hands the engine window its MessagePort (electron/ -> the page -> its engine worker). */
export const ENGINE_WINDOW_PORT_MESSAGE = 'segadapt-engine-port';
