// Measures active labeling time on the open image: any change the editor makes (a pointer move over
// the canvas, a key, an edit, a review decision) is activity; the time between two activities counts
// when it is shorter than IDLE_MS, so a coffee break or a background tab counts nothing. The time is
// kept apart for images shown with a model version's proposals and without, and stored now and then.

import { addLabelingTime } from '../db/labelingTimeRepository';
import type { SegAdaptDatabase } from '../db/segAdaptDatabase';
import type { Editor } from '../editor/editor';

/** A pause longer than this is not labeling. */
export const IDLE_MS = 15_000;
/** Counted time is stored once this much has gathered (and whenever the image changes). */
export const FLUSH_MS = 5_000;

export interface LabelingTimerDependencies {
  db: SegAdaptDatabase;
  editor: Editor;
  projectId(): string | null;
  /** The version whose proposals the image has (pending or reviewed), or null when it has none. */
  proposalVersionOf(imageId: string): string | null;
  now?: () => number;
  /** Time was stored. */
  onStored?(): void;
}

interface Bucket {
  projectId: string;
  imageId: string;
  modelVersionId: string | null;
  ms: number;
}

export class LabelingTimer {
  private lastActivity: number | null = null;
  private lastImageId: string | null = null;
  private bucket: Bucket | null = null;
  private writes: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly deps: LabelingTimerDependencies) {
    this.now = deps.now ?? (() => performance.now());
    deps.editor.subscribe(() => this.activity());
  }

  /** Call on any user activity the editor does not see (it is called for every editor change). */
  activity(): void {
    const now = this.now();
    const imageId = this.deps.editor.getState().image?.id ?? null;
    const projectId = this.deps.projectId();
    if (imageId !== this.lastImageId) {
      this.flush();
      this.lastImageId = imageId;
      this.lastActivity = imageId ? now : null;
      return;
    }
    if (!imageId || !projectId) return;
    const gap = this.lastActivity === null ? 0 : now - this.lastActivity;
    this.lastActivity = now;
    if (gap <= 0 || gap > IDLE_MS) return;
    const modelVersionId = this.deps.proposalVersionOf(imageId);
    if (this.bucket && (this.bucket.imageId !== imageId || this.bucket.modelVersionId !== modelVersionId)) this.flush();
    this.bucket ??= { projectId, imageId, modelVersionId, ms: 0 };
    this.bucket.ms += gap;
    if (this.bucket.ms >= FLUSH_MS) this.flush();
  }

  /** Stores what has gathered; resolves when every write so far is done. */
  flush(): Promise<void> {
    const bucket = this.bucket;
    this.bucket = null;
    if (bucket && bucket.ms > 0) {
      this.writes = this.writes
        .then(() => addLabelingTime(this.deps.db, { ...bucket, ms: Math.round(bucket.ms) }))
        .then(() => this.deps.onStored?.())
        .catch(() => undefined);
    }
    return this.writes;
  }
}
