// What a running job gets from the engine process: progress reporting and cooperative cancellation.

import type { JobKind, JobPartialResult, JobProgress, JobResult, JobSpec } from '../../contract/jobs';

export class JobCancelledError extends Error {
  constructor() {
    super('job cancelled');
    this.name = 'JobCancelledError';
  }
}

export type ProgressUpdate = Omit<JobProgress, 'jobId' | 'kind'>;

export interface JobContext {
  jobId: string;
  kind: JobKind;
  /** Folder where adapted models live (one sub-folder per model id). */
  modelsDir: string;
  /** tfjs backend in use. */
  backend: string;
  signal: AbortSignal;
  progress(update: ProgressUpdate): void;
  /** Sends a piece of the result before the job ends (the final result still holds everything). */
  partial(result: JobPartialResult): void;
  /**
   * Yields to the event loop (so a cancel message can arrive) and throws JobCancelledError if the job
   * was cancelled. Long jobs call it between steps.
   */
  checkpoint(): Promise<void>;
}

export type JobRunner<S extends JobSpec = JobSpec> = (spec: S, context: JobContext) => Promise<JobResult>;

export function createJobContext(options: {
  jobId: string;
  kind: JobKind;
  modelsDir: string;
  backend: string;
  signal: AbortSignal;
  report: (progress: JobProgress) => void;
  reportPartial?: (partial: JobPartialResult) => void;
}): JobContext {
  const { jobId, kind, signal, report, reportPartial } = options;
  return {
    jobId,
    kind,
    modelsDir: options.modelsDir,
    backend: options.backend,
    signal,
    progress: (update) => report({ jobId, kind, ...update }),
    partial: (result) => reportPartial?.(result),
    checkpoint: async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (signal.aborted) throw new JobCancelledError();
    },
  };
}
