// Pre-labeling: runs a model version over the project's unlabeled images as predict jobs of a few
// images each, stores each image's proposals as soon as the engine sends its prediction (the job's final
// result fills any that did not arrive), keeps the proposals apart from the annotations (reviewStore
// reviews them), and records each run so that one cut off by a reload is shown as interrupted.

import type { EngineStatus } from '../../contract/api';
import type { EncodedImage, ImagePrediction, JobProgress } from '../../contract/jobs';
import { finishJobRecord, interruptOpenJobs, startJobRecord, updateJobRecord } from '../db/jobRepository';
import { proposedInstances, putImageProposals } from '../db/proposalRepository';
import type { ImageRecord, ModelVersionRecord } from '../db/records';
import type { SegAdaptDatabase } from '../db/segAdaptDatabase';
import { readImage } from '../db/validateRecords';
import type { EngineStore } from '../jobs/engineStore';
import { engineNotReadyReason } from './adaptRequest';
import { holdJobLock, liveJobIds } from './jobLocks';
import { filterImages, type ImageFilter } from '../workspace/imageFilter';

/** Images per predict job: well under the host's largest message (32 photos). */
export const PRELABEL_BATCH = 8;

export interface RunningPrelabel {
  versionId: string;
  versionName: string;
  jobId: string | null;
  /** Images whose predictions are stored. */
  done: number;
  total: number;
  /** Images pre-labeled so far that received proposals. */
  proposed: number;
  /** Seconds left for the whole run at the pace so far; null before the first image is stored. */
  etaSeconds: number | null;
  progress: JobProgress | null;
}

export interface PrelabelSnapshot {
  projectId: string | null;
  running: RunningPrelabel | null;
  message: { kind: 'info' | 'error'; text: string } | null;
}

export interface PrelabelDependencies {
  db: SegAdaptDatabase;
  engine: EngineStore;
  /** Image records (status) changed in the database. */
  imagesChanged(imageIds: string[]): Promise<void>;
  /** New proposals were stored for these images. */
  proposalsChanged(imageIds: string[]): Promise<void>;
}

export const PRELABEL_JOB_KIND = 'prelabel';

/** An image pre-labeling may write proposals for: nothing human on it yet. */
export function isPrelabelTarget(image: Pick<ImageRecord, 'status' | 'annotationCount' | 'fullyLabeled'>): boolean {
  return (image.status === 'unlabeled' || image.status === 'pre-labeled') && image.annotationCount === 0 && !image.fullyLabeled;
}

export type PrelabelScope = 'all' | 'filtered' | 'selected' | 'open';

/**
 * The ids of the images a run over `scope` pre-labels: every image with nothing human on it, those of
 * them in the list as filtered, those selected in the list, or the open image if it is one.
 */
export function prelabelTargetIds(
  images: readonly ImageRecord[],
  scope: PrelabelScope,
  view: { filter: ImageFilter; openImageId: string | null; selection: { ids: readonly string[] } },
): string[] {
  const pool =
    scope === 'filtered'
      ? filterImages(images, view.filter)
      : scope === 'selected'
        ? images.filter((image) => view.selection.ids.includes(image.id))
        : scope === 'open'
          ? images.filter((image) => image.id === view.openImageId)
          : images;
  return pool.filter(isPrelabelTarget).map((image) => image.id);
}

/** Why pre-labeling cannot start, or null. */
export function prelabelBlocker(engineStatus: EngineStatus | null, version: ModelVersionRecord | null, images: readonly ImageRecord[]): string | null {
  const engine = engineNotReadyReason(engineStatus);
  if (engine) return engine;
  if (!version) return 'Adapt a model version first';
  if (!images.some(isPrelabelTarget)) return 'No unlabeled image to pre-label';
  return null;
}

export class PrelabelStore {
  private snapshot: PrelabelSnapshot = { projectId: null, running: null, message: null };
  private readonly listeners = new Set<() => void>();
  private cancelRequested = false;

  constructor(private readonly deps: PrelabelDependencies) {
    deps.engine.subscribe(() => this.followProgress());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): PrelabelSnapshot => this.snapshot;

  /** Shows the project; a run of it that a reload or crash cut off is marked interrupted, and its engine job cancelled. */
  async showProject(projectId: string | null): Promise<void> {
    if (projectId === this.snapshot.projectId) return;
    this.update({ projectId, message: null });
    if (!projectId || this.snapshot.running) return;
    const cut = await interruptOpenJobs(this.deps.db, projectId, PRELABEL_JOB_KIND, await liveJobIds());
    for (const job of cut) if (job.engineJobId) await this.deps.engine.cancelJob(job.engineJobId).catch(() => false);
    const last = cut.at(-1);
    if (last && this.snapshot.projectId === projectId) {
      this.update({ message: { kind: 'error', text: `Pre-labeling was interrupted (the app was reloaded or closed)${last.detail ? `: ${last.detail}` : ''}; stored proposals are kept` } });
    }
  }

  /** Pre-labels every image of the project that has nothing human on it (or those of `onlyIds`), with `version`. */
  async prelabel(version: ModelVersionRecord, onlyIds?: readonly string[]): Promise<void> {
    const { projectId, running } = this.snapshot;
    if (!projectId || running) return;
    this.cancelRequested = false;
    const images = (await this.deps.db.images.where('projectId').equals(projectId).toArray())
      .map(readImage)
      .filter((image) => isPrelabelTarget(image) && (!onlyIds || onlyIds.includes(image.id)))
      .sort((a, b) => a.addedAt - b.addedAt || a.id.localeCompare(b.id));
    if (!images.length) return this.update({ message: { kind: 'error', text: 'No unlabeled image to pre-label' } });
    const state: RunningPrelabel = { versionId: version.id, versionName: version.name, jobId: null, done: 0, total: images.length, proposed: 0, etaSeconds: null, progress: null };
    const startedAt = performance.now();
    this.update({ running: state, message: null });
    const record = await startJobRecord(this.deps.db, { projectId, kind: PRELABEL_JOB_KIND, label: `Pre-label ${images.length} images (${version.name})` }).catch(() => null);
    const releaseLock = record ? holdJobLock(record.id) : () => undefined;
    const note = (change: Parameters<typeof updateJobRecord>[2]) => (record ? updateJobRecord(this.deps.db, record.id, change).catch(() => undefined) : Promise.resolve());
    let ending: PrelabelSnapshot['message'] = null;
    for (let start = 0; start < images.length && !ending; start += PRELABEL_BATCH) {
      if (this.cancelRequested) break;
      const batch = images.slice(start, start + PRELABEL_BATCH);
      let jobId: string;
      try {
        const encoded: EncodedImage[] = [];
        for (const image of batch) {
          const stored = await this.deps.db.imageBlobs.get(image.id);
          if (!stored) throw new Error(`${image.name} has no stored file`);
          encoded.push({ name: image.name, bytes: new Uint8Array(await stored.blob.arrayBuffer()) });
        }
        jobId = await this.deps.engine.startJob({ kind: 'predict', modelId: version.id, images: encoded }, `Pre-label ${start + 1}-${start + batch.length} of ${images.length} (${version.name})`);
      } catch (error) {
        ending = { kind: 'error', text: `Pre-labeling could not start: ${errorText(error)}` };
        break;
      }
      const storing = this.storeAsTheyArrive(batch, version, state, startedAt);
      const stopListening = this.deps.engine.onPartialResult(jobId, (partial) => storing.add(partial.index, partial.prediction));
      this.updateRunning({ jobId, progress: null });
      await note({ engineJobId: jobId });
      if (this.cancelRequested) await this.deps.engine.cancelJob(jobId);
      const job = await this.deps.engine.waitForJob(jobId);
      stopListening();
      if (job.outcome === 'done' && job.result?.kind === 'predict') job.result.predictions.forEach((prediction, index) => storing.add(index, prediction));
      const storeError = await storing.finished();
      this.updateRunning({ jobId: null, progress: null });
      await note({ engineJobId: null, detail: `${state.done} of ${images.length} images pre-labeled` });
      if (storeError) {
        ending = { kind: 'error', text: `Pre-labels could not be stored: ${errorText(storeError)}` };
        break;
      }
      if (job.outcome === 'cancelled') break;
      if (job.outcome !== 'done' || job.result?.kind !== 'predict') {
        const kept = state.proposed;
        ending = { kind: 'error', text: `Pre-labeling failed: ${job.error ?? 'no result'}${kept ? ` (the proposals of ${kept} ${kept === 1 ? 'image' : 'images'} are kept)` : ''}` };
        break;
      }
    }
    const finished = this.snapshot.running;
    const summary = finished ? `${finished.proposed} of ${finished.done} ${finished.done === 1 ? 'image' : 'images'} got proposals from ${version.name}` : '';
    if (!ending) ending = this.cancelRequested || (finished?.done ?? 0) < images.length ? { kind: 'info', text: `Pre-labeling was cancelled: ${summary}` } : { kind: 'info', text: `Pre-labeled: ${summary}` };
    if (record) await finishJobRecord(this.deps.db, record.id, ending.kind === 'error' ? 'failed' : this.cancelRequested ? 'cancelled' : 'done', ending.text).catch(() => undefined);
    releaseLock();
    this.update({ running: null, message: ending });
  }

  /**
   * Stores the proposals of each image of `batch` once, in arrival order, and tells the app about the
   * images stored whenever it catches up (one at a time when the engine is slower than the database).
   */
  private storeAsTheyArrive(batch: readonly ImageRecord[], version: ModelVersionRecord, state: RunningPrelabel, startedAt: number) {
    const seen = new Set<number>();
    const unannounced: string[] = [];
    let chain = Promise.resolve();
    let pending = 0;
    let failure: unknown = null;
    const storeOne = async (image: ImageRecord, prediction: ImagePrediction) => {
      const stored = await putImageProposals(this.deps.db, { imageId: image.id, modelVersionId: version.id, instances: proposedInstances(prediction), meanConfidence: prediction.confidence });
      state.done++;
      if (stored) state.proposed++;
      state.etaSeconds = (((performance.now() - startedAt) / 1000) * (state.total - state.done)) / state.done;
      unannounced.push(image.id);
      if (pending > 1) return;
      const ids = unannounced.splice(0);
      await this.deps.imagesChanged(ids);
      await this.deps.proposalsChanged(ids);
      this.updateRunning({ done: state.done, proposed: state.proposed, etaSeconds: state.etaSeconds });
    };
    return {
      add: (index: number, prediction: ImagePrediction) => {
        const image = batch[index];
        if (!image || image.name !== prediction.name || seen.has(index)) return;
        seen.add(index);
        pending++;
        chain = chain
          .then(() => (failure ? undefined : storeOne(image, prediction)))
          .catch((error: unknown) => void (failure ??= error))
          .finally(() => void pending--);
      },
      /** Waits for what was added; the error that stopped storing, if any. */
      finished: async (): Promise<unknown> => {
        await chain;
        if (unannounced.length) {
          const ids = unannounced.splice(0);
          await this.deps.imagesChanged(ids).catch(() => undefined);
          await this.deps.proposalsChanged(ids).catch(() => undefined);
        }
        this.updateRunning({ done: state.done, proposed: state.proposed, etaSeconds: state.etaSeconds });
        return failure;
      },
    };
  }

  async cancel(): Promise<void> {
    const { running } = this.snapshot;
    if (!running) return;
    this.cancelRequested = true;
    if (running.jobId) await this.deps.engine.cancelJob(running.jobId);
  }

  private followProgress(): void {
    const { running } = this.snapshot;
    if (!running?.jobId) return;
    const progress = this.deps.engine.getSnapshot().jobs.find((job) => job.jobId === running.jobId)?.progress ?? null;
    if (progress && progress !== running.progress) this.updateRunning({ progress });
  }

  private updateRunning(change: Partial<RunningPrelabel>): void {
    const { running } = this.snapshot;
    if (running) this.update({ running: { ...running, ...change } });
  }

  private update(change: Partial<PrelabelSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
