// Import of an exported model into the open project (Adapt panel, "Import model…"; File menu): the picked
// zip or files become the host's importModel call, whose engine job re-applies the adapter to the installed
// base model and stores it; a finished import is recorded as a model version of the project. Every failure
// is one line naming the picked file; nothing is recorded unless the engine stored the model.
import type { ImportModelRequest } from '../../contract/api';
import type { JobProgress } from '../../contract/jobs';
import type { ClassRecord, ModelVersionRecord } from '../db/records';
import { addModelVersion } from '../db/modelVersionRepository';
import type { SegAdaptDatabase } from '../db/segAdaptDatabase';
import { listClasses } from '../db/classRepository';
import type { EngineStore } from '../jobs/engineStore';
import { declaredClasses, foreignClassesReason, importFailureText, ModelImportError, modelImportRequest, type PickedFile } from './modelImportFiles';

export interface RunningImport {
  source: string;
  jobId: string | null;
  progress: JobProgress | null;
}

export interface ModelImportSnapshot {
  running: RunningImport | null;
  message: { kind: 'info' | 'error'; text: string } | null;
}

export interface ModelImportDependencies {
  db: SegAdaptDatabase;
  engine: Pick<EngineStore, 'importModel' | 'waitForJob' | 'subscribe' | 'getSnapshot'>;
  currentProjectId(): string | null;
  /** The project's version list changed (the Adapt panel reloads it). */
  versionsChanged(projectId: string): Promise<void>;
  classesOf?(projectId: string): Promise<readonly Pick<ClassRecord, 'classId' | 'name'>[]>;
}

/** The bytes of picked browser files. */
export async function readPicked(files: readonly File[]): Promise<PickedFile[]> {
  return Promise.all(files.map(async (file) => ({ name: file.name, data: new Uint8Array(await file.arrayBuffer()) })));
}

export class ModelImportStore {
  private snapshot: ModelImportSnapshot = { running: null, message: null };
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: ModelImportDependencies) {
    deps.engine.subscribe(() => this.followProgress());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ModelImportSnapshot => this.snapshot;

  dismissMessage(): void {
    this.update({ message: null });
  }

  /** Imports what was picked into the open project; one import at a time. Resolves to the new version, or null. */
  async importPicked(picked: readonly PickedFile[]): Promise<ModelVersionRecord | null> {
    if (this.snapshot.running) return null;
    const projectId = this.deps.currentProjectId();
    const fail = (text: string) => {
      this.update({ running: null, message: { kind: 'error', text } });
      return null;
    };
    if (!projectId) return fail('Open a project first: an imported model becomes one of its versions.');
    let request: ImportModelRequest;
    try {
      request = modelImportRequest(picked);
    } catch (error) {
      return fail(error instanceof ModelImportError ? error.message : String(error));
    }
    const { source } = request;
    this.update({ running: { source, jobId: null, progress: null }, message: null });
    try {
      const classes = await (this.deps.classesOf ?? ((id) => listClasses(this.deps.db, id)))(projectId);
      const foreign = foreignClassesReason(source, declaredClasses(request), classes);
      if (foreign) return fail(foreign);
      let jobId: string;
      try {
        jobId = await this.deps.engine.importModel(request, `Import ${source}`);
      } catch (error) {
        return fail(importFailureText(source, errorText(error)));
      }
      this.patchRunning({ jobId });
      const job = await this.deps.engine.waitForJob(jobId);
      if (job.outcome !== 'done' || job.result?.kind !== 'import') return fail(job.outcome === 'cancelled' ? `${source}: the import was cancelled` : importFailureText(source, job.error));
      const { result } = job;
      // The engine stored what segadapt.json says; checked again in case the project's classes changed meanwhile.
      const changed = foreignClassesReason(source, result.classes, await (this.deps.classesOf ?? ((id) => listClasses(this.deps.db, id)))(projectId));
      if (changed) return fail(changed);
      const version = await addModelVersion(this.deps.db, {
        projectId,
        name: result.name,
        classes: result.classes,
        labeledImageIds: [],
        result: { kind: 'adapt', modelId: result.modelId, method: result.method, trainableParams: result.trainableParams, seconds: result.seconds, backend: result.backend, metrics: result.metrics },
      });
      await this.deps.versionsChanged(projectId);
      this.update({ running: null, message: { kind: 'info', text: `Imported ${version.name} (${version.method}) from ${source}` } });
      return version;
    } catch (error) {
      return fail(importFailureText(source, errorText(error)));
    }
  }

  private followProgress(): void {
    const { running } = this.snapshot;
    if (!running?.jobId) return;
    const progress = this.deps.engine.getSnapshot().jobs.find((job) => job.jobId === running.jobId)?.progress ?? null;
    if (progress && progress !== running.progress) this.patchRunning({ progress });
  }

  private patchRunning(change: Partial<RunningImport>): void {
    if (this.snapshot.running) this.update({ running: { ...this.snapshot.running, ...change } });
  }

  private update(change: Partial<ModelImportSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
