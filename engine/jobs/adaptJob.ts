// Runs an adapt job: decode the labeled samples, build the model (base or a previous adaptation), train,
// write the model folder whole into context.modelsDir/<modelId>/ (or `outDir`), report the result.

import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { MAX_UNLABELED_IMAGES, type AdaptJobResult, type AdaptJobSpec } from '../../contract/jobs';
import { decodeImage } from '../data/decodeImage';
import { countParams } from '../model/params';
import { disposeModelTensors, type AdaptedModel } from '../modelStore/adaptedModel';
import { createModel } from '../modelStore/createModel';
import { loadModelFolder, modelFiles } from '../modelStore/modelFolder';
import { engineFiles } from '../files/engineFiles';
import { FeatureStore } from '../training/featureStore';
import { toLabeledImages } from '../training/labeledImages';
import { trainWithUnlabeled } from '../training/selfTraining';
import { continuedStepBudget } from '../training/trainModel';
import type { JobContext } from './jobContext';

export const FEATURE_CACHE_ENV = 'SEGADAPT_FEATURE_CACHE_MB';

function featureCacheBytes(): number {
  const value = process.env[FEATURE_CACHE_ENV];
  const megabytes = value === undefined || value === '' ? 512 : Number(value);
  if (!Number.isFinite(megabytes) || megabytes < 0) throw new Error(`${FEATURE_CACHE_ENV} must be a number of megabytes, not "${value}"`);
  return megabytes * 2 ** 20;
}

/** Prefix features kept between the adapt jobs of this process: adapting again skips unchanged views. */
export const adaptFeatureStore = new FeatureStore(featureCacheBytes());

export function newModelId(): string {
  return `${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(4).toString('hex')}`;
}

async function startingModel(spec: AdaptJobSpec, context: JobContext, seed: number): Promise<AdaptedModel> {
  if (!spec.fromModelId) return createModel({ method: spec.method, classes: spec.classes, seed, inputSize: spec.size });
  const { model } = await loadModelFolder(path.join(context.modelsDir, spec.fromModelId));
  const sameClasses = model.classes.length === spec.classes.length && model.classes.every((c, i) => c.id === spec.classes[i].id);
  if (model.method.name !== spec.method || !sameClasses) {
    disposeModelTensors(model);
    const why = model.method.name !== spec.method ? `it was adapted with ${model.method.name}, not ${spec.method}` : `its classes are ${model.classes.map((c) => c.id).join(', ')}, not ${spec.classes.map((c) => c.id).join(', ')}`;
    throw new Error(`cannot continue from model ${spec.fromModelId}: ${why}`);
  }
  model.classes = spec.classes;
  return model;
}

export async function runAdaptJob(spec: AdaptJobSpec, context: JobContext, options: { outDir?: string } = {}): Promise<AdaptJobResult> {
  const started = performance.now();
  if (spec.classes.length < 2) throw new Error('adaptation needs at least two classes (e.g. background and one object class)');
  if (spec.size !== undefined && (!Number.isInteger(spec.size) || spec.size < 64 || spec.size > 2048 || spec.size % 32 !== 0)) {
    throw new Error(`size must be a multiple of 32 in 64..2048, not ${spec.size}`);
  }
  if (spec.steps !== undefined && (!Number.isInteger(spec.steps) || spec.steps < 1 || spec.steps > 100_000)) throw new Error(`steps must be an integer in 1..100000, not ${spec.steps}`);
  const seed = spec.seed ?? 0;
  context.progress({ step: 0, total: 1, phase: 'decoding images' });
  const items = toLabeledImages(spec.samples, spec.classes);
  if (items.length === 0) throw new Error('no labeled image: draw a mask, polygon or box on at least one image');
  const unlabeled = (spec.unlabeled ?? []).slice(0, MAX_UNLABELED_IMAGES).map(({ name, bytes }) => ({ name, image: decodeImage(bytes, name) }));
  await context.checkpoint();
  context.progress({ step: 0, total: 1, phase: 'loading backbone' });
  const model = await startingModel(spec, context, seed);
  const hitsBefore = adaptFeatureStore.hits;
  try {
    const trained = await trainWithUnlabeled(model, items, unlabeled, {
      seed,
      // Adapting again starts from the previous version, which already fits most of the labels.
      steps: spec.steps ?? (spec.fromModelId ? continuedStepBudget(items.length + unlabeled.length) : undefined),
      continuing: spec.fromModelId !== undefined,
      featureStore: adaptFeatureStore,
      checkpoint: context.checkpoint,
      progress: (update) => context.progress(update),
    });
    const modelId = newModelId();
    const trainableParams = countParams(model.decoder) + countParams(model.state.trainable);
    const seconds = (performance.now() - started) / 1000;
    const metrics = { ...trained.metrics, steps: trained.steps, labeledImages: items.length, reusedViews: adaptFeatureStore.hits - hitsBefore };
    const { files } = modelFiles(
      model,
      { id: modelId, name: spec.modelName, trainableParams, metrics, backend: context.backend, seconds, createdAt: new Date().toISOString() },
      seed,
    );
    await context.checkpoint();
    await engineFiles().writeModelFolder(options.outDir ?? path.join(context.modelsDir, modelId), files);
    return { kind: 'adapt', modelId, method: spec.method, trainableParams, seconds, backend: context.backend, metrics };
  } finally {
    disposeModelTensors(model);
  }
}
