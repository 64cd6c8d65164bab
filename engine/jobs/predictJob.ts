// Runs a predict job: per image, class-id mask at the image's resolution, its mean confidence, and
// instances (class, score, polygon, box), each sent as a partial result as soon as it is done. The last
// loaded model stays in memory for the next job.

import path from 'node:path';
import type { ImagePrediction, PredictJobResult, PredictJobSpec } from '../../contract/jobs';
import { decodeImage } from '../data/decodeImage';
import type { RgbImage } from '../data/decodedImage';
import { disposeModelTensors, type AdaptedModel } from '../modelStore/adaptedModel';
import { loadModelFolder } from '../modelStore/modelFolder';
import { extractInstances } from '../predict/instances';
import { segmentImage } from '../predict/segmentImage';
import type { JobContext } from './jobContext';

let loaded: { folder: string; model: AdaptedModel } | null = null;

/** The model in `folder`, kept loaded until another folder is asked for. */
export async function modelFromFolder(folder: string): Promise<AdaptedModel> {
  const resolved = path.resolve(folder);
  if (loaded?.folder === resolved) return loaded.model;
  releaseLoadedModel();
  const { model } = await loadModelFolder(resolved);
  loaded = { folder: resolved, model };
  return model;
}

export function releaseLoadedModel(): void {
  if (loaded) disposeModelTensors(loaded.model);
  loaded = null;
}

export async function predictImage(model: AdaptedModel, name: string, image: RgbImage): Promise<ImagePrediction> {
  const segmentation = await segmentImage(model, image);
  const data = new Uint8Array(segmentation.classIndex.length);
  for (let i = 0; i < data.length; i++) data[i] = model.classes[segmentation.classIndex[i]].id;
  let confidence = 0;
  for (const value of segmentation.confidence) confidence += value;
  return {
    name,
    mask: { width: image.width, height: image.height, data },
    confidence: confidence / segmentation.confidence.length,
    instances: extractInstances(segmentation, model.classes),
  };
}

export async function runPredictJob(spec: PredictJobSpec, context: JobContext): Promise<PredictJobResult> {
  context.progress({ step: 0, total: spec.images.length, phase: 'loading model' });
  const model = await modelFromFolder(path.join(context.modelsDir, spec.modelId));
  const predictions: ImagePrediction[] = [];
  const started = performance.now();
  for (let i = 0; i < spec.images.length; i++) {
    await context.checkpoint();
    const { name, bytes } = spec.images[i];
    const prediction = await predictImage(model, name, decodeImage(bytes, name));
    predictions.push(prediction);
    context.partial({ kind: 'predict', index: i, prediction });
    const elapsed = (performance.now() - started) / 1000;
    context.progress({ step: i + 1, total: spec.images.length, phase: 'predicting', etaSeconds: (elapsed / (i + 1)) * (spec.images.length - i - 1) });
  }
  return { kind: 'predict', predictions };
}
