// What the renderer sends to start an adaptation, built from the open project as stored in Dexie,
// or the one line that tells the user why it cannot start yet.

import type { EngineStatus } from '../../contract/api';
import { DEFAULT_METHOD, MAX_UNLABELED_IMAGES, spreadEvenly, type AdaptJobSpec, type ClassSpec, type EncodedImage, type MethodName, type TrainingSample } from '../../contract/jobs';
import { listClasses } from '../db/classRepository';
import type { ClassRecord, ImageRecord, ModelVersionRecord } from '../db/records';
import type { SegAdaptDatabase } from '../db/segAdaptDatabase';
import { readImage } from '../db/validateRecords';
import { loadTrainingSample } from '../training/loadTrainingSample';
import { BACKGROUND, UNLABELED } from '../training/trainingLabels';

export const BACKGROUND_CLASS: ClassSpec = { id: BACKGROUND, name: 'background' };

/** The "Quick" button: the decoder alone trains over the frozen backbone. */
export const QUICK_METHOD: MethodName = 'head';

export interface AdaptOptions {
  method?: MethodName;
  steps?: number;
  size?: number;
  modelName?: string;
  /** Up to this many images without human labels go with the job for self-training (default none). */
  unlabeled?: number;
  /** Continue training this model version (same method and classes) instead of the base model. */
  fromVersion?: Pick<ModelVersionRecord, 'id' | 'name' | 'method' | 'classes'>;
}

/** Bytes of unlabeled images one job carries at most, far below the message limit (contract/wireLimits). */
export const MAX_UNLABELED_BYTES = 200 * 1024 * 1024;

export type AdaptRequest =
  | { ok: true; spec: AdaptJobSpec; labeledImageIds: string[] }
  | { ok: false; reason: string };

const ENGINE_REASONS: Record<string, string> = {
  starting: 'The engine is still starting',
  restarting: 'The engine is restarting after a crash',
  crashed: 'The engine crashed; wait for it to restart',
  stopped: 'The engine is stopped',
};

/** Why the engine cannot take an adapt job now, or null. A busy engine queues the job. */
export function engineNotReadyReason(status: EngineStatus | null): string | null {
  if (!status) return 'Not connected to the engine yet';
  return ENGINE_REASONS[status.state] ?? null;
}

/** Why steps or size would be refused by the engine, or null. */
export function optionsReason(options: AdaptOptions): string | null {
  const { steps, size } = options;
  if (steps !== undefined && (!Number.isInteger(steps) || steps < 1 || steps > 100_000)) return 'Steps must be a whole number from 1 to 100000';
  if (size !== undefined && (!Number.isInteger(size) || size < 64 || size > 2048 || size % 32 !== 0)) return 'Input size must be a multiple of 32 from 64 to 2048';
  return null;
}

const quoted = (names: string[]): string => names.map((name) => `“${name}”`).join(', ');

/**
 * Why the project cannot be adapted, judged from its class and image records alone (cheap enough to
 * run on every change, so the buttons can say it before they are pressed), or null.
 */
export function adaptBlocker(input: { engineStatus: EngineStatus | null; classes: readonly ClassRecord[]; images: readonly ImageRecord[]; options?: AdaptOptions }): string | null {
  const { classes, images } = input;
  const engine = engineNotReadyReason(input.engineStatus);
  if (engine) return engine;
  const options = optionsReason(input.options ?? {});
  if (options) return options;
  if (!classes.length) return 'Add a class first';
  const labeled = images.filter((image) => image.annotationCount > 0 || image.fullyLabeled);
  if (!labeled.length) return 'No labeled image yet: draw a polygon, box or mask on an image';
  const used = new Set(labeled.flatMap((image) => image.classIds));
  return missingClassesReason(
    classes.filter((c) => !used.has(c.classId)).map((c) => c.name),
    labeled.some((image) => image.fullyLabeled),
  );
}

function missingClassesReason(missing: string[], hasBackground: boolean): string | null {
  if (missing.length) return `Nothing is labeled ${quoted(missing)} yet: draw one, or delete the class`;
  if (!hasBackground) return 'Nothing is labeled background yet: tick “Fully labeled” on an image whose objects are all drawn';
  return null;
}

/** The adapt job for the project: its classes after background (id 0) and every image that has labels. */
export async function buildAdaptRequest(db: SegAdaptDatabase, projectId: string, engineStatus: EngineStatus | null, options: AdaptOptions = {}): Promise<AdaptRequest> {
  const fail = (reason: string): AdaptRequest => ({ ok: false, reason });
  const classes = await listClasses(db, projectId);
  const images = (await db.images.where('projectId').equals(projectId).toArray()).map(readImage).sort((a, b) => a.addedAt - b.addedAt || a.id.localeCompare(b.id));
  const blocker = adaptBlocker({ engineStatus, classes, images, options });
  if (blocker) return fail(blocker);

  const samples: TrainingSample[] = [];
  const labeledImageIds: string[] = [];
  const labeledClassIds = new Set<number>();
  for (const image of images) {
    if (image.annotationCount === 0 && !image.fullyLabeled) continue;
    const sample = await loadTrainingSample(db, image.id);
    const ids = labeledIds(sample);
    if (!ids.size) continue;
    for (const id of ids) labeledClassIds.add(id);
    samples.push(sample);
    labeledImageIds.push(image.id);
  }
  if (!samples.length) return fail('No labeled image yet: draw a polygon, box or mask inside an image');
  // Shapes may lie outside their image, or a mask may be painted over by another class: judge by pixels.
  const missing = missingClassesReason(
    classes.filter((c) => !labeledClassIds.has(c.classId)).map((c) => c.name),
    labeledClassIds.has(BACKGROUND),
  );
  if (missing) return fail(missing);

  const method = options.fromVersion ? (options.fromVersion.method as MethodName) : (options.method ?? DEFAULT_METHOD);
  const jobClasses: ClassSpec[] = [BACKGROUND_CLASS, ...classes.map((c) => ({ id: c.classId, name: c.name, color: c.color }))];
  if (options.fromVersion) {
    const reason = continueReason(options.fromVersion, jobClasses);
    if (reason) return fail(reason);
  }
  const spec: AdaptJobSpec = {
    kind: 'adapt',
    modelName: options.modelName?.trim() || `Adapted (${method})`,
    method,
    classes: jobClasses,
    samples,
  };
  if (options.fromVersion) spec.fromModelId = options.fromVersion.id;
  if (options.steps !== undefined) spec.steps = options.steps;
  if (options.size !== undefined) spec.size = options.size;
  const unlabeled = await unlabeledImages(db, images, Math.min(options.unlabeled ?? 0, MAX_UNLABELED_IMAGES));
  if (unlabeled.length) spec.unlabeled = unlabeled;
  return { ok: true, spec, labeledImageIds };
}

/**
 * Up to `count` images nobody labeled (pre-labels do not count as labels), spread evenly over the
 * project, within MAX_UNLABELED_BYTES.
 */
async function unlabeledImages(db: SegAdaptDatabase, images: ImageRecord[], count: number): Promise<EncodedImage[]> {
  const candidates = images.filter((image) => image.annotationCount === 0 && !image.fullyLabeled);
  if (count <= 0 || !candidates.length) return [];
  const picked = spreadEvenly(candidates, count);
  const encoded: EncodedImage[] = [];
  let bytes = 0;
  for (const image of picked) {
    if (bytes + image.byteLength > MAX_UNLABELED_BYTES) continue;
    const stored = await db.imageBlobs.get(image.id);
    if (!stored) continue;
    encoded.push({ name: image.name, bytes: new Uint8Array(await stored.blob.arrayBuffer()) });
    bytes += image.byteLength;
  }
  return encoded;
}

/** Why `version` cannot be continued with these classes (the engine needs the same class ids), or null. */
export function continueReason(version: Pick<ModelVersionRecord, 'name' | 'classes'>, classes: readonly ClassSpec[]): string | null {
  const ids = (list: readonly { id: number }[]) => list.map((c) => c.id).join(',');
  if (ids(version.classes) !== ids(classes)) return `${version.name} was adapted for other classes than the project has now: adapt from the base model instead`;
  return null;
}

/** The class ids a sample teaches: its mask's labeled pixels and its boxes. */
function labeledIds(sample: TrainingSample): Set<number> {
  const ids = new Set<number>();
  for (const box of sample.boxes ?? []) ids.add(box.classId);
  const data = sample.mask?.data;
  if (data) for (let i = 0; i < data.length; i++) if (data[i] !== UNLABELED) ids.add(data[i]);
  return ids;
}
