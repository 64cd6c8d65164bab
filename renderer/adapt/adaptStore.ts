// The Adapt panel's state: the settings, the running adapt job (progress and loss curve), and the
// project's model versions. Starts the job through the engine store and records a finished one in Dexie.

import { describeBytes } from '../format/describeBytes';
import type { EngineStatus } from '../../contract/api';
import { DEFAULT_METHOD, MAX_UNLABELED_IMAGES, type ClassSpec, type JobProgress, type MethodName } from '../../contract/jobs';
import { finishJobRecord, interruptOpenJobs, startJobRecord } from '../db/jobRepository';
import { deleteVersionProposals } from '../db/proposalRepository';
import { addModelVersion, deleteModelVersion, heldOutScore, listModelVersions, renameModelVersion } from '../db/modelVersionRepository';
import type { ClassRecord, ImageRecord, ModelVersionRecord } from '../db/records';
import type { SegAdaptDatabase } from '../db/segAdaptDatabase';
import type { EngineStore } from '../jobs/engineStore';
import type { DialogStore } from '../workspace/dialogStore';
import { adaptBlocker, buildAdaptRequest, QUICK_METHOD, type AdaptOptions } from './adaptRequest';
import { holdJobLock, liveJobIds } from './jobLocks';

export interface AdaptSettings {
  method: MethodName;
  /** As typed; empty means the engine's own budget (steps) or the model's input size. */
  steps: string;
  size: string;
  /** Also learn from up to MAX_UNLABELED_IMAGES images nobody labeled (self-training; not for Quick). */
  selfTraining: boolean;
  /** '' = adapt from the base model; else the model version to continue. */
  startFrom: string;
}

export interface RunningAdaptation {
  jobId: string;
  method: MethodName;
  modelName: string;
  progress: JobProgress | null;
  /** The held-out image's score at the last check, while it trains. */
  heldOutMiou?: number;
}

export interface AdaptSnapshot {
  projectId: string | null;
  versions: ModelVersionRecord[];
  settings: AdaptSettings;
  /** True from the click until the job is started or refused. */
  starting: boolean;
  running: RunningAdaptation | null;
  /** Training loss by step, of the running job or the last one. */
  lossCurve: { steps: number[]; losses: number[] };
  /** The outcome of the last attempt: why it did not start, how it ended. */
  message: { kind: 'info' | 'error'; text: string } | null;
  /** Bytes on disk of each model in the host's store, by id; null until the host has answered. */
  storedModels: Record<string, number> | null;
}

export interface AdaptDependencies {
  db: SegAdaptDatabase;
  engine: EngineStore;
  dialogs: DialogStore;
  /** Resolves when every edit made so far is stored, so the job sees the last stroke. */
  flushed(): Promise<void>;
  /** A deleted version's proposals were deleted from these images. */
  proposalsDeleted?(imageIds: string[]): Promise<void>;
}

export const ADAPT_JOB_KIND = 'adapt';

export function parseOptions(settings: AdaptSettings, versions: readonly ModelVersionRecord[] = []): AdaptOptions {
  const options: AdaptOptions = { method: settings.method };
  if (settings.steps.trim()) options.steps = Number(settings.steps);
  if (settings.size.trim()) options.size = Number(settings.size);
  if (settings.selfTraining) options.unlabeled = MAX_UNLABELED_IMAGES;
  const from = versions.find((v) => v.id === settings.startFrom);
  if (from) options.fromVersion = from;
  return options;
}

function newest(versions: readonly ModelVersionRecord[]): ModelVersionRecord | null {
  return versions.reduce<ModelVersionRecord | null>((latest, v) => (!latest || v.createdAt > latest.createdAt ? v : latest), null);
}

/** The host has answered, and this version's folder is not in its model store. */
export function weightsMissing(version: Pick<ModelVersionRecord, 'id'>, storedModels: Record<string, number> | null): boolean {
  return storedModels !== null && storedModels[version.id] === undefined;
}

/** "3.4 MB on disk", "weights missing on disk", or '' while the host has not said. */
export function describeStorage(version: Pick<ModelVersionRecord, 'id'>, storedModels: Record<string, number> | null): string {
  if (!storedModels) return '';
  if (weightsMissing(version, storedModels)) return 'weights missing on disk';
  const bytes = storedModels[version.id];
  return `${describeBytes(bytes)} on disk`;
}

export function describeScore(version: ModelVersionRecord): string {
  const score = heldOutScore(version);
  return score === null ? 'no held-out image' : `held-out mIoU ${score.toFixed(3)}`;
}

export class AdaptStore {
  private snapshot: AdaptSnapshot = {
    projectId: null,
    versions: [],
    storedModels: null,
    settings: { method: DEFAULT_METHOD, steps: '', size: '', selfTraining: true, startFrom: '' },
    starting: false,
    running: null,
    lossCurve: { steps: [], losses: [] },
    message: null,
  };
  private readonly listeners = new Set<() => void>();
  private projectRequest = 0;

  constructor(private readonly deps: AdaptDependencies) {
    deps.engine.subscribe(() => this.followProgress());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): AdaptSnapshot => this.snapshot;

  async showProject(projectId: string | null): Promise<void> {
    if (projectId === this.snapshot.projectId) return;
    const request = ++this.projectRequest;
    this.update({ projectId, versions: [] });
    if (!projectId) return;
    const versions = await listModelVersions(this.deps.db, projectId);
    if (request === this.projectRequest) this.update({ versions });
    await this.refreshStoredModels();
    if (this.snapshot.running || this.snapshot.starting) return;
    // An adaptation the page did not see end (reloaded, closed) is over for the app: say so, and stop its engine job.
    const cut = await interruptOpenJobs(this.deps.db, projectId, ADAPT_JOB_KIND, await liveJobIds());
    for (const job of cut) if (job.engineJobId) await this.deps.engine.cancelJob(job.engineJobId).catch(() => false);
    if (cut.length && request === this.projectRequest) this.update({ message: { kind: 'error', text: `${cut.at(-1)!.label} was interrupted (the app was reloaded or closed); adapt again to make the version` } });
  }

  changeSettings(change: Partial<AdaptSettings>): void {
    this.update({ settings: { ...this.snapshot.settings, ...change } });
  }

  /** Why the buttons cannot start a job now, from what the workspace already holds, or null. */
  blocker(engineStatus: EngineStatus | null, classes: readonly ClassRecord[], images: readonly ImageRecord[]): string | null {
    if (!this.snapshot.projectId) return 'Open a project first';
    return adaptBlocker({ engineStatus, classes, images, options: parseOptions(this.snapshot.settings, this.snapshot.versions) });
  }

  /** Adapt again from `versionId` with the labels and corrections made since (same method and classes). */
  async adaptAgain(versionId: string): Promise<void> {
    if (!this.snapshot.versions.some((v) => v.id === versionId)) return;
    this.changeSettings({ startFrom: versionId });
    await this.adapt();
  }

  /** Adapts with the chosen settings; `quick` trains the decoder only, whatever method is chosen. */
  async adapt(quick = false): Promise<void> {
    const { projectId, settings, starting, running } = this.snapshot;
    if (!projectId || starting || running) return;
    this.update({ starting: true, message: null });
    let jobId: string;
    let labeledImageIds: string[];
    let modelName: string;
    let classes: ClassSpec[];
    let recordId: string | null = null;
    let previous: ModelVersionRecord | null = null;
    try {
      await this.deps.flushed();
      const options = { ...parseOptions(settings, this.snapshot.versions), modelName: `Version ${this.snapshot.versions.length + 1}` };
      // Quick is a first look: the decoder alone, from the base model, on the labels only.
      if (quick) Object.assign(options, { method: QUICK_METHOD, unlabeled: 0, fromVersion: undefined });
      previous = options.fromVersion ? this.snapshot.versions.find((v) => v.id === options.fromVersion!.id) ?? null : newest(this.snapshot.versions);
      const request = await buildAdaptRequest(this.deps.db, projectId, this.deps.engine.getSnapshot().status, options);
      if (!request.ok) {
        this.update({ starting: false, message: { kind: 'error', text: request.reason } });
        return;
      }
      ({ labeledImageIds } = request);
      ({ modelName, classes } = request.spec);
      const label = `Adapt ${modelName} (${request.spec.method})`;
      jobId = await this.deps.engine.startJob(request.spec, label);
      recordId = await this.record(projectId, label, jobId);
      this.update({ starting: false, running: { jobId, method: request.spec.method, modelName, progress: null }, lossCurve: { steps: [], losses: [] } });
    } catch (error) {
      this.update({ starting: false, message: { kind: 'error', text: `Adapting could not start: ${errorText(error)}` } });
      return;
    }

    const releaseLock = recordId ? holdJobLock(recordId) : () => undefined;
    const job = await this.deps.engine.waitForJob(jobId);
    this.update({ running: null });
    const finish = async (outcome: 'done' | 'failed' | 'cancelled', message: NonNullable<AdaptSnapshot['message']>) => {
      if (recordId) await finishJobRecord(this.deps.db, recordId, outcome, message.text).catch(() => undefined);
      releaseLock();
      this.update({ message });
    };
    if (job.outcome === 'cancelled') return finish('cancelled', { kind: 'info', text: 'Adapting was cancelled' });
    if (job.outcome !== 'done' || job.result?.kind !== 'adapt') return finish('failed', { kind: 'error', text: `Adapting failed: ${job.error ?? 'no result'}` });
    try {
      const version = await addModelVersion(this.deps.db, { projectId, name: modelName, classes, labeledImageIds, result: job.result });
      await this.reloadVersions(projectId);
      const before = previous ? ` (${previous.name}: ${describeScore(previous).replace('held-out mIoU ', '')})` : '';
      await finish('done', { kind: 'info', text: `${version.name} is ready: ${describeScore(version)}${before}, ${Math.round(version.seconds)} s on ${version.backend}` });
    } catch (error) {
      await finish('failed', { kind: 'error', text: `The model was adapted but not recorded: ${errorText(error)}` });
    }
  }

  /** The run's record, so that a reload mid-job finds it unfinished; a failed write does not stop the job. */
  private async record(projectId: string, label: string, engineJobId: string): Promise<string | null> {
    try {
      const record = await startJobRecord(this.deps.db, { projectId, kind: ADAPT_JOB_KIND, label });
      await this.deps.db.jobs.update(record.id, { engineJobId });
      return record.id;
    } catch {
      return null;
    }
  }

  async cancel(): Promise<void> {
    const { running } = this.snapshot;
    if (running) await this.deps.engine.cancelJob(running.jobId);
  }

  async rename(id: string): Promise<void> {
    const version = this.snapshot.versions.find((v) => v.id === id);
    if (!version) return;
    const name = await this.deps.dialogs.prompt('Rename model version', 'Version name', version.name);
    if (!name?.trim()) return;
    await renameModelVersion(this.deps.db, id, name);
    await this.reloadVersions(version.projectId);
  }

  async remove(id: string): Promise<void> {
    const version = this.snapshot.versions.find((v) => v.id === id);
    if (!version) return;
    const ok = await this.deps.dialogs.confirm(`Delete “${version.name}”?`, 'The version leaves this project’s list, and its pre-labels not yet accepted are deleted.', 'Delete');
    if (!ok) return;
    const imageIds = (await this.deps.db.proposals.where('modelVersionId').equals(id).primaryKeys()) as string[];
    await deleteVersionProposals(this.deps.db, id);
    await deleteModelVersion(this.deps.db, id);
    if (this.snapshot.settings.startFrom === id) this.changeSettings({ startFrom: '' });
    if (imageIds.length) await this.deps.proposalsDeleted?.(imageIds);
    await this.reloadVersions(version.projectId);
  }

  /** Another store added a version (an imported model): show it. */
  versionsChanged(projectId: string): Promise<void> {
    return this.reloadVersions(projectId);
  }

  private async reloadVersions(projectId: string): Promise<void> {
    const versions = await listModelVersions(this.deps.db, projectId);
    if (this.snapshot.projectId === projectId) this.update({ versions });
    await this.refreshStoredModels();
  }

  /** Which versions still have their weights in the host's model store, and how big they are. */
  async refreshStoredModels(): Promise<void> {
    try {
      const models = await this.deps.engine.listModels();
      this.update({ storedModels: Object.fromEntries(models.map((m) => [m.id, m.sizeBytes ?? 0])) });
    } catch {
      this.update({ storedModels: null });
    }
  }

  private followProgress(): void {
    const { running, lossCurve } = this.snapshot;
    if (!running) return;
    const progress = this.deps.engine.getSnapshot().jobs.find((job) => job.jobId === running.jobId)?.progress ?? null;
    if (!progress || progress === running.progress) return;
    let curve = lossCurve;
    const lastStep = lossCurve.steps.at(-1) ?? -Infinity;
    if (progress.loss !== undefined && Number.isFinite(progress.loss) && progress.step > lastStep) {
      curve = { steps: [...lossCurve.steps, progress.step], losses: [...lossCurve.losses, progress.loss] };
    }
    const heldOut = progress.metrics?.heldOutMiou;
    this.update({ running: { ...running, progress, ...(typeof heldOut === 'number' ? { heldOutMiou: heldOut } : {}) }, lossCurve: curve });
  }

  private update(change: Partial<AdaptSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
