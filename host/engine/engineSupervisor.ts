// Owns the engine process for a host: starts it, queues jobs (one runs at a time), streams progress,
// cancels, and when the process dies mid-job reports the failure and starts a new one.

import { randomUUID } from 'node:crypto';
import type { ApiEvent, EngineStatus, JobTicket } from '../../contract/api';
import type { EngineToHostMessage } from '../../contract/engineProtocol';
import type { JobResult, JobSpec } from '../../contract/jobs';
import type { EngineExit, EngineHandle, EngineLauncher } from './engineHandle';

export interface EngineSupervisorOptions {
  launch: EngineLauncher;
  /** Delay before restarting a crashed engine; doubles on quick repeated crashes. */
  restartDelayMs?: number;
  /** Crashes within `crashWindowMs` after which the supervisor stops restarting. */
  maxQuickCrashes?: number;
  crashWindowMs?: number;
  /** How long a cancelled job may take to stop before its engine process is killed and restarted. */
  cancelGraceMs?: number;
}

interface QueuedJob {
  jobId: string;
  spec: JobSpec;
}

export class EngineSupervisor {
  private engine: EngineHandle | null = null;
  private readonly listeners = new Set<(event: ApiEvent) => void>();
  private readonly queue: QueuedJob[] = [];
  private running: QueuedJob | null = null;
  private cancelTimer: NodeJS.Timeout | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private recentCrashes: number[] = [];
  private stopped = false;
  private stderrTail = '';
  private status: EngineStatus = {
    state: 'stopped',
    backend: null,
    probes: [],
    restarts: 0,
    runningJobId: null,
    queuedJobIds: [],
    lastError: null,
  };

  constructor(private readonly options: EngineSupervisorOptions) {}

  start(): void {
    this.stopped = false;
    this.launch('starting');
  }

  stop(): void {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.clearCancelTimer();
    const engine = this.engine;
    this.engine = null;
    engine?.kill();
    for (const job of [...(this.running ? [this.running] : []), ...this.queue]) {
      this.emit({ type: 'jobFinished', jobId: job.jobId, outcome: 'cancelled', error: 'SegAdapt is closing' });
    }
    this.running = null;
    this.queue.length = 0;
    this.setStatus({ state: 'stopped' });
  }

  getStatus(): EngineStatus {
    return { ...this.status, probes: [...this.status.probes], queuedJobIds: [...this.status.queuedJobIds] };
  }

  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The process id of the engine now running (tests kill it to check recovery). */
  get enginePid(): number | undefined {
    return this.engine?.pid;
  }

  startJob(spec: JobSpec): JobTicket {
    if (this.stopped) throw new Error('the engine is stopped');
    const job = { jobId: randomUUID(), spec };
    this.queue.push(job);
    const position = this.queue.length + (this.running ? 1 : 0) - 1;
    this.syncJobsInStatus();
    this.dispatch();
    return { jobId: job.jobId, position };
  }

  cancelJob(jobId: string): boolean {
    const index = this.queue.findIndex((job) => job.jobId === jobId);
    if (index >= 0) {
      this.queue.splice(index, 1);
      this.syncJobsInStatus();
      this.emit({ type: 'jobFinished', jobId, outcome: 'cancelled' });
      return true;
    }
    if (this.running?.jobId !== jobId || !this.engine) return false;
    this.engine.send({ type: 'cancel', jobId });
    this.clearCancelTimer();
    const engine = this.engine;
    // A job stuck in one long synchronous step cannot see the cancel: end its process instead.
    this.cancelTimer = setTimeout(() => {
      if (this.running?.jobId === jobId && this.engine === engine) {
        this.finishRunning('cancelled');
        this.engine = null;
        engine.kill();
        this.launch('restarting');
      }
    }, this.options.cancelGraceMs ?? 10_000);
    return true;
  }

  private launch(state: 'starting' | 'restarting'): void {
    this.stderrTail = '';
    const engine = this.options.launch();
    this.engine = engine;
    this.setStatus({ state, backend: null });
    engine.onMessage((message) => {
      if (this.engine === engine) this.handleMessage(message);
    });
    engine.onStderr?.((text) => {
      this.stderrTail = (this.stderrTail + text).slice(-2000);
    });
    engine.onExit((exit) => {
      if (this.engine === engine) this.handleExit(exit);
    });
  }

  private handleMessage(message: EngineToHostMessage): void {
    switch (message.type) {
      case 'ready':
        this.setStatus({ state: 'ready', backend: message.backend, probes: message.probes, lastError: null });
        this.dispatch();
        break;
      case 'trainableCounts':
        this.setStatus({ trainableCounts: message.counts });
        break;
      case 'progress':
        if (message.progress.jobId === this.running?.jobId) this.emit({ type: 'jobProgress', progress: message.progress });
        break;
      case 'partialResult':
        if (message.jobId === this.running?.jobId) this.emit({ type: 'jobPartialResult', jobId: message.jobId, partial: message.partial });
        break;
      case 'done':
        if (message.jobId === this.running?.jobId) this.finishRunning('done', message.result);
        break;
      case 'failed':
        if (message.jobId === this.running?.jobId) this.finishRunning('failed', undefined, message.error);
        break;
      case 'cancelled':
        if (message.jobId === this.running?.jobId) this.finishRunning('cancelled');
        break;
    }
  }

  private handleExit(exit: EngineExit): void {
    this.engine = null;
    if (this.stopped) return;
    const how = exit.signal ? `was killed (${exit.signal})` : `exited with code ${exit.code}`;
    const detail = this.stderrTail.trim().split('\n').filter(Boolean).pop();
    const reason = `the engine process ${how}${detail ? `: ${detail}` : ''}`;
    if (this.running) {
      this.finishRunning('failed', undefined, `${reason} while running this job; it is being restarted and your labels are safe`);
    }
    const now = Date.now();
    const windowMs = this.options.crashWindowMs ?? 60_000;
    this.recentCrashes = [...this.recentCrashes.filter((t) => now - t < windowMs), now];
    if (this.recentCrashes.length > (this.options.maxQuickCrashes ?? 5)) {
      this.setStatus({ state: 'stopped', lastError: `${reason}; it crashed ${this.recentCrashes.length} times in a row, so it was not restarted` });
      return;
    }
    this.setStatus({ state: 'crashed', backend: null, lastError: reason });
    const delay = (this.options.restartDelayMs ?? 500) * 2 ** (this.recentCrashes.length - 1);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.stopped) return;
      this.status.restarts += 1;
      this.launch('restarting');
    }, delay);
  }

  private dispatch(): void {
    if (this.running || !this.engine || this.status.state !== 'ready') return;
    const next = this.queue.shift();
    if (!next) return;
    this.running = next;
    this.engine.send({ type: 'run', jobId: next.jobId, spec: next.spec });
    this.setStatus({ state: 'busy' });
  }

  private finishRunning(outcome: 'done' | 'failed' | 'cancelled', result?: JobResult, error?: string): void {
    const job = this.running;
    if (!job) return;
    this.clearCancelTimer();
    this.running = null;
    this.emit({ type: 'jobFinished', jobId: job.jobId, outcome, result, error });
    if (this.status.state === 'busy') this.setStatus({ state: 'ready' });
    else this.syncJobsInStatus();
    this.dispatch();
  }

  private clearCancelTimer(): void {
    if (this.cancelTimer) clearTimeout(this.cancelTimer);
    this.cancelTimer = null;
  }

  private syncJobsInStatus(): void {
    this.setStatus({});
  }

  private setStatus(change: Partial<EngineStatus>): void {
    this.status = {
      ...this.status,
      ...change,
      runningJobId: this.running?.jobId ?? null,
      queuedJobIds: this.queue.map((job) => job.jobId),
    };
    this.emit({ type: 'engineStatus', status: this.getStatus() });
  }

  private emit(event: ApiEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
