// Pre-labeling: runs a model version over the project's unlabeled images as predict jobs of a few
// images each (the engine returns a job's predictions when it ends, so each batch is stored as it
// finishes), keeps the proposals apart from the annotations, and accepts or rejects those of the open image.

import type { EngineStatus } from '../../contract/api';
import type { EncodedImage, JobProgress } from '../../contract/jobs';
import { acceptProposals, listImageProposals, proposedInstances, putImageProposals, rejectProposals } from '../db/proposalRepository';
import type { ImageRecord, ModelVersionRecord, ProposalRecord } from '../db/records';
import type { SegAdaptDatabase } from '../db/segAdaptDatabase';
import { readImage } from '../db/validateRecords';
import type { EngineStore } from '../jobs/engineStore';
import { engineNotReadyReason } from './adaptRequest';

/** Images per predict job: well under the host's largest message (32 photos), and a batch's proposals show up soon. */
export const PRELABEL_BATCH = 8;

export interface RunningPrelabel {
  versionId: string;
  versionName: string;
  jobId: string | null;
  /** Images of earlier batches, done. */
  done: number;
  total: number;
  /** Images pre-labeled so far that received proposals. */
  proposed: number;
  progress: JobProgress | null;
}

export interface PrelabelSnapshot {
  projectId: string | null;
  running: RunningPrelabel | null;
  message: { kind: 'info' | 'error'; text: string } | null;
  /** The open image and its proposals (null when it has none). */
  openImageId: string | null;
  openProposals: ProposalRecord | null;
}

export interface PrelabelDependencies {
  db: SegAdaptDatabase;
  engine: EngineStore;
  /** Resolves when every edit made so far is stored. */
  flushed(): Promise<void>;
  /** Image records (status) changed in the database. */
  imagesChanged(imageIds: string[]): Promise<void>;
  /** The image's annotations changed in the database: the editor must show them. */
  annotationsChanged(imageId: string): Promise<void>;
}

/** An image pre-labeling may write proposals for: nothing human on it yet. */
export function isPrelabelTarget(image: Pick<ImageRecord, 'status' | 'annotationCount' | 'fullyLabeled'>): boolean {
  return (image.status === 'unlabeled' || image.status === 'pre-labeled') && image.annotationCount === 0 && !image.fullyLabeled;
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
  private snapshot: PrelabelSnapshot = { projectId: null, running: null, message: null, openImageId: null, openProposals: null };
  private readonly listeners = new Set<() => void>();
  private cancelRequested = false;
  private openRequest = 0;

  constructor(private readonly deps: PrelabelDependencies) {
    deps.engine.subscribe(() => this.followProgress());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): PrelabelSnapshot => this.snapshot;

  showProject(projectId: string | null): void {
    if (projectId !== this.snapshot.projectId) this.update({ projectId, message: null });
  }

  async showImage(imageId: string | null): Promise<void> {
    const request = ++this.openRequest;
    if (imageId !== this.snapshot.openImageId) this.update({ openImageId: imageId, openProposals: null });
    if (!imageId) return;
    const [proposals] = await listImageProposals(this.deps.db, imageId);
    if (request === this.openRequest) this.update({ openProposals: proposals ?? null });
  }

  /** Pre-labels every image of the project that has nothing human on it, with `version`. */
  async prelabel(version: ModelVersionRecord): Promise<void> {
    const { projectId, running } = this.snapshot;
    if (!projectId || running) return;
    this.cancelRequested = false;
    const images = (await this.deps.db.images.where('projectId').equals(projectId).toArray())
      .map(readImage)
      .filter(isPrelabelTarget)
      .sort((a, b) => a.addedAt - b.addedAt || a.id.localeCompare(b.id));
    if (!images.length) return this.update({ message: { kind: 'error', text: 'No unlabeled image to pre-label' } });
    const state: RunningPrelabel = { versionId: version.id, versionName: version.name, jobId: null, done: 0, total: images.length, proposed: 0, progress: null };
    this.update({ running: state, message: null });
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
      this.updateRunning({ jobId, progress: null });
      if (this.cancelRequested) await this.deps.engine.cancelJob(jobId);
      const job = await this.deps.engine.waitForJob(jobId);
      if (job.outcome === 'cancelled') break;
      if (job.outcome !== 'done' || job.result?.kind !== 'predict') {
        ending = { kind: 'error', text: `Pre-labeling failed: ${job.error ?? 'no result'}` };
        break;
      }
      const predictions = job.result.predictions;
      let proposed = 0;
      try {
        for (let i = 0; i < batch.length; i++) {
          const prediction = predictions[i];
          if (!prediction) continue;
          const stored = await putImageProposals(this.deps.db, { imageId: batch[i].id, modelVersionId: version.id, instances: proposedInstances(prediction), meanConfidence: prediction.confidence });
          if (stored) proposed++;
        }
      } catch (error) {
        ending = { kind: 'error', text: `Pre-labels could not be stored: ${errorText(error)}` };
      }
      const ids = batch.map((image) => image.id);
      await this.deps.imagesChanged(ids);
      const openImageId = this.snapshot.openImageId;
      if (openImageId && ids.includes(openImageId)) await this.showImage(openImageId);
      this.updateRunning({ done: state.done + batch.length, proposed: (this.snapshot.running?.proposed ?? 0) + proposed, jobId: null, progress: null });
      state.done += batch.length;
    }
    const finished = this.snapshot.running;
    const summary = finished ? `${finished.proposed} of ${finished.done} ${finished.done === 1 ? 'image' : 'images'} got proposals from ${version.name}` : '';
    if (!ending) ending = this.cancelRequested || (finished?.done ?? 0) < images.length ? { kind: 'info', text: `Pre-labeling was cancelled: ${summary}` } : { kind: 'info', text: `Pre-labeled: ${summary}` };
    this.update({ running: null, message: ending });
  }

  async cancel(): Promise<void> {
    const { running } = this.snapshot;
    if (!running) return;
    this.cancelRequested = true;
    if (running.jobId) await this.deps.engine.cancelJob(running.jobId);
  }

  /** Accepts every proposal of the open image: they become annotations marked 'predicted'. */
  async acceptAll(): Promise<void> {
    const { openImageId, openProposals } = this.snapshot;
    if (!openImageId || !openProposals) return;
    try {
      await this.deps.flushed();
      const added = await acceptProposals(this.deps.db, openImageId);
      this.update({ openProposals: null, message: { kind: 'info', text: `Accepted ${added.length} ${added.length === 1 ? 'proposal' : 'proposals'}` } });
      await this.deps.annotationsChanged(openImageId);
    } catch (error) {
      this.update({ message: { kind: 'error', text: `Accepting failed: ${errorText(error)}` } });
    }
  }

  /** Deletes the open image's proposals. */
  async reject(): Promise<void> {
    const { openImageId, openProposals } = this.snapshot;
    if (!openImageId || !openProposals) return;
    try {
      await rejectProposals(this.deps.db, openImageId);
      this.update({ openProposals: null, message: { kind: 'info', text: `Rejected ${openProposals.instances.length} ${openProposals.instances.length === 1 ? 'proposal' : 'proposals'}` } });
      await this.deps.imagesChanged([openImageId]);
    } catch (error) {
      this.update({ message: { kind: 'error', text: `Rejecting failed: ${errorText(error)}` } });
    }
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
