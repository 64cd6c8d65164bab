// Few-shot training: cached frozen features per augmented view, Adam with warm-up and cosine decay over
// the decoder and the method's tensors, a step budget scaled to the labels, early stopping on a held-out
// labeled image when there are at least eight, cancellation and progress at every step.

import * as tf from '@tensorflow/tfjs-core';
import './registerGradients';
import type { ParamMap } from '../model/params';
import { splitTrainable, trainableOf, type AdaptedModel } from '../modelStore/adaptedModel';
import { iouAccumulator } from '../predict/iou';
import { segmentImage } from '../predict/segmentImage';
import { TrainingPool } from '../parallel/trainingPool';
import { trainingWorkerCount } from '../parallel/workerCount';
import { makeSyncReadable } from '../backend/syncReadable';
import { Adam } from './adam';
import type { FeatureStore } from './featureStore';
import { batchGradients } from './batchGradients';
import { batchSampler, cacheViews, disposeBatch, type CachedView } from './cachedViews';
import { probeDecoder } from './probeDecoder';
import { seededRandom } from './seededRandom';
import type { LabeledImage } from './views';

export interface TrainOptions {
  seed: number;
  /** Fixed step budget; default scales with the number of labeled images. */
  steps?: number;
  /**
   * Decoder-only steps on the frozen features before the joint training (see probeDecoder); default
   * defaultProbeSteps for methods that adapt backbone layers when there is no held-out image and the
   * training is not `continuing`, else 0 (`head`'s whole training is such a phase).
   */
  probeSteps?: number;
  batchSize?: number;
  decoderLearningRate?: number;
  /**
   * Training continues an adapted model (adapt again with more labels): lower peak rates and a longer
   * warm-up, since a fresh Adam's first steps at full rate knock a fitted model off its solution.
   */
  continuing?: boolean;
  /** The decoder's rate in the joint phase when a decoder-only warm-up ran before it. */
  jointDecoderLearningRate?: number;
  methodLearningRate?: number;
  /** Exponent of the class weights share^-power in the cross-entropy (default 0.5). */
  classWeightPower?: number;
  /**
   * Worker threads sharing each step's batch (engine/parallel); default SEGADAPT_TRAINING_WORKERS or one
   * per core, at most the batch size; 1 trains in this thread.
   */
  workers?: number;
  /** Prefix features kept from earlier trainings (adapt again): views found there are not recomputed. */
  featureStore?: FeatureStore;
  /** Called before every step; throws to cancel (JobContext.checkpoint). */
  checkpoint: () => Promise<void>;
  progress: (update: { step: number; total: number; phase: string; phaseStep?: number; phaseTotal?: number; loss?: number; etaSeconds?: number; metrics?: Record<string, number> }) => void;
}

export interface TrainResult {
  steps: number;
  finalLoss: number;
  metrics: Record<string, number>;
}

/**
 * Mask-labeled images a job needs before one is held out for early stopping and the reported score. Below
 * it every label trains: at K=5, holding one image out cost more than early stopping gave (bench/fewshot
 * run10, lora: camvid_dev 0.420 -> 0.435 mIoU without it; hair +4.1, person +1.6, fluorescence -0.2,
 * shoes +0.6 points), since a fifth of the labels is lost and a single image judges the steps noisily.
 */
export const HELD_OUT_MIN_LABELED = 8;

/** Decoder-only warm-up steps: as many as the joint phase (at most 300); on cached features they are cheap. */
export function defaultProbeSteps(jointSteps: number): number {
  return Math.min(300, jointSteps);
}

/** Views cached per pseudo-labeled image (a human-labeled one gets 6-16). */
const PSEUDO_VIEWS = 2;

/** Peak learning rates of a continued training, relative to a fresh one's. */
const CONTINUING_RATE_SCALE = 0.3;

/** Steps for a job with `labeled` images: enough for the decoder to settle, more with more labels. */
export function defaultStepBudget(labeled: number): number {
  return Math.min(300, 60 + 10 * labeled);
}

/** Share of that budget run by a training continued from the previous version (adapt again). */
export const CONTINUED_STEP_SHARE = 1 / 3;

/**
 * Steps for adapting again from a model already fitted to most of the labels: a third of a fresh job's,
 * so that a second adaptation with an image more costs about half the first (bench/speed/adaptAgain).
 */
export function continuedStepBudget(labeled: number): number {
  return Math.max(20, Math.round(defaultStepBudget(labeled) * CONTINUED_STEP_SHARE));
}

function cloneParams(params: ParamMap): ParamMap {
  return Object.fromEntries(Object.entries(params).map(([key, tensor]) => [key, tf.clone(tensor)]));
}

interface HeldOutScore {
  miou: number;
  /** IoU per class index, null where neither the prediction nor the labels have the class. */
  perClass: (number | null)[];
}

async function heldOutScore(model: AdaptedModel, item: LabeledImage): Promise<HeldOutScore> {
  const segmentation = await segmentImage(model, item.image);
  const accumulator = iouAccumulator(model.classes.length);
  accumulator.add(segmentation.classIndex, item.labels!);
  return { miou: accumulator.mean(), perClass: accumulator.perClass() };
}

/** Held-out IoU per class as metrics `heldOutIou.<class id>`, for comparing versions class by class. */
function perClassMetrics(model: AdaptedModel, perClass: (number | null)[]): Record<string, number> {
  const metrics: Record<string, number> = {};
  perClass.forEach((iou, index) => {
    if (iou !== null) metrics[`heldOutIou.${model.classes[index].id}`] = iou;
  });
  return metrics;
}

/**
 * Trains `model` in place (its decoder and method trainable tensors are replaced by trained ones) on the
 * labeled images. Every tensor created here is disposed before it returns, also when cancelled.
 */
export async function trainModel(model: AdaptedModel, items: LabeledImage[], options: TrainOptions): Promise<TrainResult> {
  const random = seededRandom(options.seed);
  const maskLabeled = items.filter((item) => item.labels && !item.pseudo);
  const heldOut = maskLabeled.length >= HELD_OUT_MIN_LABELED ? random.shuffle(maskLabeled)[0] : null;
  const trainItems = items.filter((item) => item !== heldOut);
  const humanLabeled = trainItems.filter((item) => !item.pseudo).length;
  const totalSteps = options.steps ?? defaultStepBudget(items.length);
  const adaptsBackbone = model.target.layers.length > 0 || model.target.blocks.length > 0;
  // The warm-up runs where no held-out image can judge the joint phase (fewer than 8 labeled): there it
  // raised query mIoU in bench/fewshot (K=1, seed 1: lora 0.635 -> 0.648, full 0.646 -> 0.658); at K=5
  // with early stopping it did not (lora 0.708 -> 0.697 / 0.702) and cost about 10 s.
  // A continued model's decoder is already fitted: no warm-up.
  const probeSteps = options.probeSteps ?? (adaptsBackbone && !heldOut && !options.continuing ? defaultProbeSteps(totalSteps) : 0);
  const allSteps = probeSteps + totalSteps;
  // Batch 2: half the step time of batch 4 at the same query mIoU in spot checks (lora K=5: nuclei
  // 0.872 vs 0.874, person 0.899 vs 0.897), which brings a K=5 job to about a minute on 2 cores.
  const batchSize = Math.min(options.batchSize ?? 2, Math.max(1, trainItems.length * 2));
  const viewsPerImage = Math.min(16, Math.max(6, Math.ceil(48 / Math.max(1, humanLabeled))));
  // Pseudo-labeled images are many and their labels partial: a few views each keep the cache small.
  const viewsFor = (item: LabeledImage) => (item.pseudo ? PSEUDO_VIEWS : viewsPerImage);

  const workers = trainingWorkerCount({ requested: options.workers, batchSize, backend: tf.getBackend() });
  // The workers load their backbone while this thread caches the views.
  let pool = workers > 1 ? TrainingPool.launch(model, workers, { classWeightPower: options.classWeightPower }) : null;
  let workersUsed = pool ? workers : 1;
  const cached: CachedView[] = [];
  let adam: Adam | null = null;
  let best: { miou: number; perClass: (number | null)[]; params: ParamMap; step: number } | null = null;
  let trainable = trainableOf(model);
  const setTrainable = (params: ParamMap) => {
    trainable = params;
    const { decoder, method } = splitTrainable(params);
    model.decoder = decoder;
    model.state = { trainable: method, buffers: model.state.buffers };
  };
  try {
    const totalViews = trainItems.reduce((sum, item) => sum + viewsFor(item), 0);
    await cacheViews(
      model,
      trainItems,
      viewsFor,
      options.seed,
      cached,
      async (done) => {
        await options.checkpoint();
        options.progress({ step: 0, total: allSteps, phase: `caching features ${done}/${totalViews}` });
      },
      options.featureStore,
    );

    const rateScale = options.continuing ? CONTINUING_RATE_SCALE : 1;
    const decoderRate = options.decoderLearningRate ?? 3e-3 * rateScale;
    if (probeSteps > 0) {
      await probeDecoder(model, cached, {
        steps: probeSteps,
        batchSize,
        learningRate: decoderRate,
        classWeightPower: options.classWeightPower,
        shuffle: (indices) => random.shuffle(indices),
        checkpoint: options.checkpoint,
        onStep: (step, loss) => options.progress({ step, total: allSteps, phase: 'training the decoder (backbone frozen)', phaseStep: step, phaseTotal: probeSteps, loss }),
      });
      trainable = trainableOf(model);
      if (heldOut) best = { ...(await heldOutScore(model, heldOut)), params: cloneParams(trainable), step: 0 };
    }
    const jointDecoderRate = probeSteps > 0 ? (options.jointDecoderLearningRate ?? decoderRate) : decoderRate;
    // Full fine-tuning moves every backbone weight: at the PEFT rate it diverged to all-background on the
    // clothing tasks of bench/fewshot, so it gets a tenth of it.
    const methodRate = options.methodLearningRate ?? (model.method.name === 'full' ? 1e-4 : 1e-3) * rateScale;
    adam = new Adam({
      learningRate: (key) => (key.startsWith('decoder/') ? jointDecoderRate : methodRate),
      totalSteps,
      warmupSteps: options.continuing ? Math.max(3, Math.round(totalSteps * 0.2)) : Math.max(1, Math.round(totalSteps * 0.08)),
    });
    // Held-out checks start halfway: early on the model predicts the majority class everywhere, which
    // scores a high mIoU on images of small objects, and restoring that state undid whole trainings
    // (hair, shoes in bench/fewshot).
    const evalEvery = Math.max(5, Math.round(totalSteps / 10));
    const firstEval = Math.round(totalSteps / 2);
    const patience = 3;
    let sinceBest = 0;
    const nextBatch = batchSampler(cached, batchSize, (indices) => random.shuffle(indices));
    if (pool) {
      try {
        await pool.ready;
        pool.shareViews(cached);
      } catch (error) {
        // Workers that cannot start (e.g. an old build without the worker bundle) cost speed, not the job.
        console.error(`training in one thread: ${error instanceof Error ? error.message : error}`);
        await pool.close();
        pool = null;
        workersUsed = 1;
      }
    }
    let lastLoss = NaN;
    const started = performance.now();
    let step = 0;
    for (step = 1; step <= totalSteps; step++) {
      await options.checkpoint();
      const views = nextBatch();
      const { loss, gradients } = pool ? await pool.gradients(trainable, views) : await batchGradients(model, trainable, views, options.classWeightPower);
      lastLoss = loss;
      setTrainable(adam.apply(trainable, gradients));
      const elapsed = (performance.now() - started) / 1000;
      const metrics: Record<string, number> = {};
      if (heldOut && step >= firstEval && ((step - firstEval) % evalEvery === 0 || step === totalSteps)) {
        const score = await heldOutScore(model, heldOut);
        const miou = score.miou;
        metrics.heldOutMiou = miou;
        if (!best || miou > best.miou) {
          if (best) tf.dispose(Object.values(best.params));
          best = { ...score, params: cloneParams(trainable), step };
          sinceBest = 0;
        } else if (++sinceBest >= patience) {
          options.progress({ step: probeSteps + step, total: allSteps, phase: 'stopped early: held-out score stopped improving', phaseStep: step, phaseTotal: totalSteps, loss: lastLoss, etaSeconds: 0, metrics });
          break;
        }
      }
      options.progress({ step: probeSteps + step, total: allSteps, phase: 'training', phaseStep: step, phaseTotal: totalSteps, loss: lastLoss, etaSeconds: (elapsed / step) * (totalSteps - step), metrics });
    }
    const metrics: Record<string, number> = { trainLoss: lastLoss, probeSteps, trainingWorkers: workersUsed };
    if (best) {
      tf.dispose(Object.values(trainable));
      setTrainable(best.params);
      metrics.heldOutMiou = best.miou;
      Object.assign(metrics, perClassMetrics(model, best.perClass));
      metrics.bestStep = best.step;
      best = null;
    }
    await makeSyncReadable(Object.values(trainable)); // the model folder is written with dataSync (webgpu reads only async)
    return { steps: Math.min(step, totalSteps), finalLoss: lastLoss, metrics };
  } finally {
    await pool?.close();
    adam?.dispose();
    if (best) tf.dispose(Object.values(best.params));
    for (const view of cached) disposeBatch(view);
  }
}
