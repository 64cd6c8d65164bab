// One few-shot episode: adapt on the support images with a method (or not at all: `unadapted`, the decoder
// at its initialisation), then IoU over the whole query set.

import type { MethodName } from '../../contract/jobs';
import { disposeModelTensors } from '../../engine/modelStore/adaptedModel';
import { createModel, type NewModelOptions } from '../../engine/modelStore/createModel';
import { iouAccumulator } from '../../engine/predict/iou';
import { segmentImage } from '../../engine/predict/segmentImage';
import { DEFAULT_SELF_TRAINING, trainWithUnlabeled, type SelfTrainingOptions } from '../../engine/training/selfTraining';
import type { TrainOptions } from '../../engine/training/trainModel';
import { loadEpisodeImage, type Episode } from './episodes';

export type BenchMethod = MethodName | 'unadapted';

export interface EpisodeResult {
  dataset: string;
  task: string;
  k: string;
  seed: number;
  method: BenchMethod;
  miou: number;
  foregroundIou: number;
  /** IoU per class name (null where neither prediction nor truth has the class). */
  perClass?: Record<string, number | null>;
  /** Test-time augmentation used on the queries (bench --tta). */
  tta?: 'flip';
  /** Query images also given to training without their labels (bench --unlabeled N: self-training). */
  unlabeled?: number;
  /** mIoU over the queries that were not among the unlabeled training images. */
  miouUnseen?: number;
  /** Self-training options this episode overrode (bench --self). */
  selfTraining?: Partial<SelfTrainingOptions>;
  adaptSeconds: number;
  steps: number;
  predictMsPerImage: number;
  /** What training reported (held-out score, best step, decoder warm-up steps...). */
  trainMetrics?: Record<string, number>;
  /** Training options this episode overrode (bench --train). */
  train?: TrainOverrides;
  /** Model options this episode overrode (bench --model). */
  model?: ModelOverrides;
}

/** Model options a bench run may override, e.g. --model '{"firstAdaptedBlock":"expanded_conv_3"}'. */
export type ModelOverrides = Partial<Pick<NewModelOptions, 'firstAdaptedBlock' | 'methodConfig' | 'inputSize'>>;

/** The numeric training options a bench run may override, e.g. --train '{"methodLearningRate":2e-3}'. */
export type TrainOverrides = Partial<Pick<TrainOptions, 'steps' | 'probeSteps' | 'batchSize' | 'decoderLearningRate' | 'methodLearningRate' | 'jointDecoderLearningRate' | 'classWeightPower'>>;

export async function runEpisode(dataRoot: string, episode: Episode, method: BenchMethod, options: { queryLimit?: number; steps?: number; train?: TrainOverrides; model?: ModelOverrides; tta?: 'flip'; unlabeled?: number; selfTraining?: Partial<SelfTrainingOptions> } = {}): Promise<EpisodeResult> {
  const multiclass = episode.classNames !== undefined;
  const classNames = episode.classNames ?? ['background', episode.task];
  const classes = classNames.map((name, id) => ({ id, name }));
  const load = (id: string) => loadEpisodeImage(dataRoot, episode.dataset, id, episode.targets, multiclass);
  const support = episode.support.map(load);
  const unlabeledIds = unlabeledQueries(episode, options.unlabeled ?? 0);
  const unlabeled = unlabeledIds.map((id) => ({ name: id, image: load(id).image }));
  const started = performance.now();
  const model = await createModel({ method: method === 'unadapted' ? 'head' : method, classes, seed: episode.seed, ...options.model });
  let steps = 0;
  let trainMetrics: Record<string, number> | undefined;
  try {
    if (method !== 'unadapted') {
      const result = await trainWithUnlabeled(model, support, unlabeled, { seed: episode.seed, steps: options.steps, ...options.train, checkpoint: async () => {}, progress: () => {} }, { ...DEFAULT_SELF_TRAINING, ...options.selfTraining });
      steps = result.steps;
      trainMetrics = result.metrics;
    }
    const adaptSeconds = (performance.now() - started) / 1000;
    const accumulator = iouAccumulator(classes.length);
    const unseen = iouAccumulator(classes.length);
    const seen = new Set(unlabeledIds);
    const query = episode.query.slice(0, options.queryLimit ?? episode.query.length);
    let predictMs = 0;
    for (const id of query) {
      const item = load(id);
      const t0 = performance.now();
      const segmentation = await segmentImage(model, item.image, { flip: options.tta === 'flip' });
      predictMs += performance.now() - t0;
      accumulator.add(segmentation.classIndex, item.labels);
      if (!seen.has(id)) unseen.add(segmentation.classIndex, item.labels);
    }
    const perClass = accumulator.perClass();
    return {
      dataset: episode.dataset,
      task: episode.task,
      k: episode.k,
      seed: episode.seed,
      method,
      miou: accumulator.mean(),
      foregroundIou: perClass[1] ?? 0,
      perClass: Object.fromEntries(classNames.map((name, index) => [name, perClass[index]])),
      ...(options.tta ? { tta: options.tta } : {}),
      ...(unlabeledIds.length ? { unlabeled: unlabeledIds.length, miouUnseen: unseen.mean() } : {}),
      ...(options.selfTraining ? { selfTraining: options.selfTraining } : {}),
      adaptSeconds: method === 'unadapted' ? 0 : adaptSeconds,
      steps,
      predictMsPerImage: predictMs / query.length,
      trainMetrics,
      ...(options.train ? { train: options.train } : {}),
      ...(options.model ? { model: options.model } : {}),
    };
  } finally {
    disposeModelTensors(model);
  }
}

/** The episode's unlabeled pool: every other query image, up to `count` (the rest stay unseen). */
export function unlabeledQueries(episode: Episode, count: number): string[] {
  return episode.query.filter((_, index) => index % 2 === 0).slice(0, count);
}
