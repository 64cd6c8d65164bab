// Job specifications, progress and results: what the renderer asks the engine to do.

export const METHOD_NAMES = ['svf', 'ssf', 'lora', 'conv-adapter', 'bitfit', 'head', 'full'] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/**
 * The method used when none is named (CLI, and the UI's preselection): the best mean query mIoU at K=5 in
 * bench/fewshot (seed 0, 50 queries per task: lora 0.714, full 0.714, bitfit 0.680, svf 0.678, head 0.672;
 * bench/fewshot/results/).
 */
export const DEFAULT_METHOD: MethodName = 'lora';

export interface ClassSpec {
  /** Class id as stored in masks (0..254; 255 = ignore). */
  id: number;
  name: string;
  color?: string;
}

/** A single-channel label image: pixel = class id, 255 = not labeled (ignored by the loss). */
export interface LabelMask {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface LabeledBox {
  classId: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** An encoded image (PNG, JPEG, WebP, BMP bytes) as it was imported. */
export interface EncodedImage {
  name: string;
  bytes: Uint8Array;
}

export interface TrainingSample {
  image: EncodedImage;
  /** Rasterised masks and polygons; absent when the image has only boxes. */
  mask?: LabelMask;
  boxes?: LabeledBox[];
}

export interface AdaptJobSpec {
  kind: 'adapt';
  /** Human name of the model that will be written. */
  modelName: string;
  method: MethodName;
  classes: ClassSpec[];
  samples: TrainingSample[];
  steps?: number;
  size?: number;
  seed?: number;
  /** Continue from an adapted model instead of the base model. */
  fromModelId?: string;
  /**
   * Images nobody labeled, for self-training: the model adapted on the labels pseudo-labels their
   * confident pixels and trains on them too. At most MAX_UNLABELED_IMAGES are used.
   */
  unlabeled?: EncodedImage[];
}

/** Unlabeled images an adapt job uses at most (each costs a prediction and training views). */
export const MAX_UNLABELED_IMAGES = 50;

/** `count` of `items` spread evenly over them, in order (all of them when there are no more): which unlabeled images a job takes. */
export function spreadEvenly<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]);
}

export interface PredictJobSpec {
  kind: 'predict';
  modelId: string;
  images: EncodedImage[];
}

/** `all`: model.onnx, the TensorFlow.js graph model and the adapter in one folder. */
export type ExportFormat = 'onnx' | 'tfjs' | 'adapter' | 'all';

export interface ExportJobSpec {
  kind: 'export';
  modelId: string;
  format: ExportFormat;
}

/**
 * Re-applies an exported adapter (engine/export's adapter.bin + decoder.bin + adapted.json + segadapt.json)
 * to the installed base model: the engine loads it as a model folder, which refuses another base, and
 * stores it under a fresh model id. Started by the host's importModel call, which checks the files first.
 */
export interface ImportJobSpec {
  kind: 'import';
  /** What the user picked (a zip's or a file's name), for messages. */
  source: string;
  files: { name: string; data: Uint8Array }[];
}

/** The files of a model folder an import needs; any other file of an export (model.onnx, ...) is not kept. */
export const IMPORTED_MODEL_FILES = ['segadapt.json', 'adapted.json', 'adapter.bin', 'decoder.bin'] as const;

/** A short real workload on the engine's backend (matrix products), to check it and measure it. */
export interface SelfTestJobSpec {
  kind: 'selftest';
  steps: number;
  /** Side of the square matrices multiplied at each step. */
  matrixSize: number;
  /** Pause between steps, so a test can watch progress and cancel. */
  pauseMs?: number;
}

export type JobSpec = AdaptJobSpec | PredictJobSpec | ExportJobSpec | ImportJobSpec | SelfTestJobSpec;
export type JobKind = JobSpec['kind'];

export interface JobProgress {
  jobId: string;
  kind: JobKind;
  step: number;
  total: number;
  /** What the job is doing now, for the user ("loading backbone", "training", ...). */
  phase?: string;
  /** The step within the phase (e.g. 3 of 6 decoder warm-up steps); `step`/`total` count all phases together. */
  phaseStep?: number;
  phaseTotal?: number;
  loss?: number;
  metrics?: Record<string, number>;
  etaSeconds?: number;
}

/** A piece of a job's result sent before the job ends: a predict job's prediction of one image, as soon as it is done. */
export interface PredictPartialResult {
  kind: 'predict';
  /** Index of the image in the job's spec. */
  index: number;
  prediction: ImagePrediction;
}

export type JobPartialResult = PredictPartialResult;

export interface PredictedInstance {
  classId: number;
  score: number;
  /** Outer contour in image pixels, [x0, y0, x1, y1, ...]. */
  polygon: number[];
  box: { x: number; y: number; w: number; h: number };
}

export interface ImagePrediction {
  name: string;
  mask: LabelMask;
  /** Mean per-pixel confidence of the predicted class over the image. */
  confidence: number;
  instances: PredictedInstance[];
}

export interface AdaptJobResult {
  kind: 'adapt';
  modelId: string;
  method: MethodName;
  trainableParams: number;
  seconds: number;
  backend: string;
  metrics: Record<string, number>;
}

export interface PredictJobResult {
  kind: 'predict';
  predictions: ImagePrediction[];
}

export interface ExportJobResult {
  kind: 'export';
  format: ExportFormat;
  files: { name: string; data: Uint8Array }[];
}

export interface ImportJobResult {
  kind: 'import';
  /** The fresh id the model is stored under in the host's model store. */
  modelId: string;
  name: string;
  method: MethodName;
  classes: ClassSpec[];
  trainableParams: number;
  metrics: Record<string, number>;
  seconds: number;
  backend: string;
  /** When the imported model was adapted (its segadapt.json). */
  createdAt: string;
}

export interface SelfTestJobResult {
  kind: 'selftest';
  backend: string;
  steps: number;
  gflops: number;
  checksum: number;
}

export type JobResult = AdaptJobResult | PredictJobResult | ExportJobResult | ImportJobResult | SelfTestJobResult;

export type JobOutcome = 'done' | 'failed' | 'cancelled';
