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
  classId: number;
  score: number;
  /** Outer contour in image pixels, [x0, y0, x1, y1, ...]. */
  polygon: number[];
}

/** A model version's pre-labels of one image, kept apart from its annotations (table added in db v4). One row per image. */
export interface ProposalRecord {
  v: 1;
  /** The image the proposals are for: a new pre-label run replaces this row. */
  imageId: string;
  projectId: string;
  modelVersionId: string;
  instances: ProposedInstance[];
  /** The engine's mean per-pixel confidence over the image. */
  meanConfidence: number;
  createdAt: number;
}

export interface JobRecord {
  v: 1;
  id: string;
  projectId: string;
  kind: string;
  label: string;
  startedAt: number;
  finishedAt: number | null;
  outcome: 'done' | 'failed' | 'cancelled' | null;
}

export const maskTileId = (imageId: string, classId: number, tx: number, ty: number): string => `${imageId}:${classId}:${tx},${ty}`;
