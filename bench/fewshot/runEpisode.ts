// One few-shot episode: adapt on the support images with a method (or not at all: `unadapted`, the decoder
// at its initialisation), then IoU over the whole query set.

import type { MethodName } from '../../contract/jobs';
import { disposeModelTensors } from '../../engine/modelStore/adaptedModel';
import { createModel } from '../../engine/modelStore/createModel';
import { iouAccumulator } from '../../engine/predict/iou';
import { segmentImage } from '../../engine/predict/segmentImage';
import { trainModel } from '../../engine/training/trainModel';
import { loadBinaryImage, type Episode } from './episodes';

export type BenchMethod = MethodName | 'unadapted';

export interface EpisodeResult {
  dataset: string;
  task: string;
  k: string;
  seed: number;
  method: BenchMethod;
  miou: number;
  foregroundIou: number;
  adaptSeconds: number;
  steps: number;
  predictMsPerImage: number;
}

export async function runEpisode(dataRoot: string, episode: Episode, method: BenchMethod, options: { queryLimit?: number; steps?: number } = {}): Promise<EpisodeResult> {
  const classes = [{ id: 0, name: 'background' }, { id: 1, name: episode.task }];
  const support = episode.support.map((id) => loadBinaryImage(dataRoot, episode.dataset, id, episode.targets));
  const started = performance.now();
  const model = await createModel({ method: method === 'unadapted' ? 'head' : method, classes, seed: episode.seed });
  let steps = 0;
  try {
    if (method !== 'unadapted') {
      const result = await trainModel(model, support, { seed: episode.seed, steps: options.steps, checkpoint: async () => {}, progress: () => {} });
      steps = result.steps;
    }
    const adaptSeconds = (performance.now() - started) / 1000;
    const accumulator = iouAccumulator(2);
    const query = episode.query.slice(0, options.queryLimit ?? episode.query.length);
    let predictMs = 0;
    for (const id of query) {
      const item = loadBinaryImage(dataRoot, episode.dataset, id, episode.targets);
      const t0 = performance.now();
      const segmentation = await segmentImage(model, item.image);
      predictMs += performance.now() - t0;
      accumulator.add(segmentation.classIndex, item.labels);
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
      adaptSeconds: method === 'unadapted' ? 0 : adaptSeconds,
      steps,
      predictMsPerImage: predictMs / query.length,
    };
  } finally {
    disposeModelTensors(model);
  }
}
