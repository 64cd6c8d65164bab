// Engine status and job progress as the renderer knows them, fed by host events.
// A plain store (subscribe / getSnapshot) so React components only read it.

import type { ApiEvent, EngineStatus, ImportModelRequest, JobOutcome, JobPartialResult, JobProgress, JobResult, JobSpec, ModelSummary, SegAdaptApi } from '../../contract/api';

export interface JobView {
  jobId: string;
  kind: JobSpec['kind'];
  label: string;
  progress: JobProgress | null;
  outcome: JobOutcome | null;
  result: JobResult | null;
  error: string | null;
}

export interface EngineSnapshot {
  status: EngineStatus | null;
  jobs: JobView[];
}

const MAX_JOBS_SHOWN = 20;

export class EngineStore {
  private snapshot: EngineSnapshot = { status: null, jobs: [] };
  private readonly listeners = new Set<() => void>();
  private readonly finishWaiters = new Map<string, (job: JobView) => void>();
  private readonly partialListeners = new Map<string, Set<(partial: JobPartialResult) => void>>();

  constructor(private readonly api: SegAdaptApi) {
    api.onEvent((event) => this.apply(event));
    void api.engineStatus().then((status) => this.update({ status }));
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): EngineSnapshot => this.snapshot;

  async startJob(spec: JobSpec, label: string): Promise<string> {
    const ticket = await this.api.startJob(spec);
    const job: JobView = { jobId: ticket.jobId, kind: spec.kind, label, progress: null, outcome: null, result: null, error: null };
    this.update({ jobs: [job, ...this.snapshot.jobs.filter((j) => j.jobId !== ticket.jobId)].slice(0, MAX_JOBS_SHOWN) });
    return ticket.jobId;
  }

  /** Starts the host's model import (its own call: the host checks the files), followed like any job. */
  async importModel(request: ImportModelRequest, label: string): Promise<string> {
    const ticket = await this.api.importModel(request);
    const job: JobView = { jobId: ticket.jobId, kind: 'import', label, progress: null, outcome: null, result: null, error: null };
    this.update({ jobs: [job, ...this.snapshot.jobs.filter((j) => j.jobId !== ticket.jobId)].slice(0, MAX_JOBS_SHOWN) });
    return ticket.jobId;
  }

  /** The adapted models in the host's model store. */
  listModels(): Promise<ModelSummary[]> {
    return this.api.listModels();
  }

  cancelJob(jobId: string): Promise<boolean> {
    return this.api.cancelJob(jobId);
  }

  /** Calls `listener` with each piece of the job's result sent before it ends (not kept in the snapshot). */
  onPartialResult(jobId: string, listener: (partial: JobPartialResult) => void): () => void {
    const listeners = this.partialListeners.get(jobId) ?? new Set();
    listeners.add(listener);
    this.partialListeners.set(jobId, listeners);
    return () => {
      listeners.delete(listener);
      if (!listeners.size) this.partialListeners.delete(jobId);
    };
  }

  /**
   * Resolves when the job ends, however it ends, with its result. The result is handed over once: the
   * job list keeps only the outcome (results hold masks and model files, megabytes each).
   */
  waitForJob(jobId: string): Promise<JobView> {
    const known = this.snapshot.jobs.find((job) => job.jobId === jobId);
    if (known?.outcome) {
      this.releaseResult(jobId);
      return Promise.resolve(known);
    }
    return new Promise((resolve) => this.finishWaiters.set(jobId, resolve));
  }

  private releaseResult(jobId: string): void {
    if (this.snapshot.jobs.some((job) => job.jobId === jobId && job.result)) this.updateJob(jobId, { result: null });
  }

  private apply(event: ApiEvent): void {
    switch (event.type) {
      case 'engineStatus':
        this.update({ status: event.status });
        break;
      case 'jobProgress':
        this.updateJob(event.progress.jobId, { progress: event.progress });
        break;
      case 'jobPartialResult':
        for (const listener of this.partialListeners.get(event.jobId) ?? []) listener(event.partial);
        break;
      case 'jobFinished': {
        const job = this.updateJob(event.jobId, { outcome: event.outcome, result: event.result ?? null, error: event.error ?? null });
        const waiter = this.finishWaiters.get(event.jobId);
        if (waiter && job) {
          this.finishWaiters.delete(event.jobId);
          waiter(job);
          this.releaseResult(event.jobId);
        }
        break;
      }
    }
  }

  private updateJob(jobId: string, change: Partial<JobView>): JobView | null {
    let updated: JobView | null = null;
    const jobs = this.snapshot.jobs.map((job) => {
      if (job.jobId !== jobId) return job;
      updated = { ...job, ...change };
      return updated;
    });
    if (updated) this.update({ jobs });
    return updated;
  }

  private update(change: Partial<EngineSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}
