// The shapes of every stored record. Each carries `v`, its shape version; recordMigrations.ts turns
// an older shape into the current one and validateRecords.ts checks what is read back.

export const IMAGE_STATUSES = ['unlabeled', 'labeled', 'pre-labeled', 'reviewed'] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

export interface ProjectRecord {
  v: 1;
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
}

export interface ImageRecord {
  v: 2;
  id: string;
  projectId: string;
  name: string;
  /** SHA-256 of the file's bytes, hex: duplicates are found by it. */
  contentHash: string;
  mimeType: string;
  byteLength: number;
  /** Size after EXIF orientation is applied. */
  width: number;
  height: number;
  status: ImageStatus;
  /** Unpainted pixels count as background for training (added in v2). */
  fullyLabeled: boolean;
  /** Class ids that have at least one annotation on this image (for the class filter). */
  classIds: number[];
  annotationCount: number;
  thumbnail: Blob;
  addedAt: number;
  updatedAt: number;
}

/** The imported file, apart from ImageRecord so that listing images never loads full images. */
export interface ImageBlobRecord {
  imageId: string;
  blob: Blob;
}

export interface ClassRecord {
  v: 1;
  id: string;
  projectId: string;
  /** Id written in label masks: 1..254 (0 is background, 255 unlabeled). */
  classId: number;
  name: string;
  color: string;
  opacity: number;
  visible: boolean;
  /** Position in the list; the first nine get hotkeys 1-9. */
  order: number;
}

export type BoxGeometry = { kind: 'box'; x: number; y: number; w: number; h: number };
export type PolygonGeometry = { kind: 'polygon'; points: number[] };
export type ShapeGeometry = BoxGeometry | PolygonGeometry;

export interface AnnotationRecord {
  v: 1;
  id: string;
  projectId: string;
  imageId: string;
  classId: number;
  geometry: ShapeGeometry;
  source: 'manual' | 'predicted';
  updatedAt: number;
}

export interface MaskTileRecord {
  v: 1;
  /** `${imageId}:${classId}:${tx},${ty}` */
  id: string;
  projectId: string;
  imageId: string;
  classId: number;
  tx: number;
  ty: number;
  size: number;
  /** size*size bytes, 1 = painted. */
  data: Uint8Array;
}

/** One finished adaptation of a project: the engine's model and what it was trained on (table added in db v3). */
export interface ModelVersionRecord {
  v: 1;
  /** The id the engine knows the adapted model by. */
  id: string;
  projectId: string;
  name: string;
  method: string;
  /** Classes as the model predicts them, background (id 0) included. */
  classes: { id: number; name: string; color?: string }[];
  labeledImageIds: string[];
  labeledImageCount: number;
  createdAt: number;
  /** Wall-clock seconds the engine spent on the job. */
  seconds: number;
  backend: string;
  /** As the engine reported them: heldOutMiou when an image was held out, trainLoss, steps, ... */
  metrics: Record<string, number>;
  trainableParams: number;
}

/** One instance a model version proposed: never a human label until it is accepted. */
export interface ProposedInstance {
  /** Unique across runs, so a review decision names the proposal it was about (added in proposal v2). */
  id: string;
  classId: number;
  score: number;
  /** Outer contour in image pixels, [x0, y0, x1, y1, ...]. */
  polygon: number[];
}

/** A model version's pre-labels of one image, kept apart from its annotations (table added in db v4). One row per image. */
export interface ProposalRecord {
  v: 2;
  /** The image the proposals are for: a new pre-label run replaces this row. */
  imageId: string;
  projectId: string;
  modelVersionId: string;
  instances: ProposedInstance[];
  /** The engine's mean per-pixel confidence over the image. */
  meanConfidence: number;
  createdAt: number;
}

export type JobRecordOutcome = 'done' | 'failed' | 'cancelled' | 'interrupted';

/**
 * One adapt or pre-label run as the app saw it, written when it starts and when it ends, so a run the
 * page did not see end (reloaded, closed, crashed) is found and shown as interrupted (v2: 'interrupted',
 * the engine's job id, the one-line outcome).
 */
export interface JobRecord {
  v: 2;
  id: string;
  projectId: string;
  kind: string;
  label: string;
  startedAt: number;
  finishedAt: number | null;
  outcome: JobRecordOutcome | null;
  /** The engine job running now for this run (a pre-label run is several engine jobs), so an interrupted one can be cancelled. */
  engineJobId: string | null;
  /** How it ended, in one line. */
  detail: string | null;
}

/**
 * What the reviewer decided about one proposed instance (table added in db v5). The proposal is kept
 * as the model made it, beside the final shape (the annotation it became), so both can be compared.
 */
export interface ReviewDecisionRecord {
  v: 1;
  /** `${imageId}:${proposal.id}` */
  id: string;
  projectId: string;
  imageId: string;
  modelVersionId: string;
  proposal: ProposedInstance;
  decision: 'accepted' | 'rejected';
  /** The key that decided it: A, E (accepted to be edited), Shift+A (all shown), X. */
  via: 'accept' | 'edit' | 'acceptAll' | 'reject';
  /** The annotation an accepted proposal became (source 'predicted': a human label, model-assisted). */
  annotationId: string | null;
  decidedAt: number;
}

/**
 * Active labeling time on one image (table added in db v5): with the proposals of a model version
 * shown (`modelVersionId`), or without any (null). Id `${imageId}:${modelVersionId ?? ''}`.
 */
export interface LabelingTimeRecord {
  v: 1;
  id: string;
  projectId: string;
  imageId: string;
  modelVersionId: string | null;
  activeMs: number;
  updatedAt: number;
}

export const reviewDecisionId = (imageId: string, proposalId: string): string => `${imageId}:${proposalId}`;
export const labelingTimeId = (imageId: string, modelVersionId: string | null): string => `${imageId}:${modelVersionId ?? ''}`;

export const maskTileId = (imageId: string, classId: number, tx: number, ty: number): string => `${imageId}:${classId}:${tx},${ty}`;
