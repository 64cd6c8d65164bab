// The small nuclei data folders the engine's job tests adapt on, and the score they check.
import path from 'node:path';
import type { AdaptJobSpec } from '../../contract/jobs';
import { loadDataFolder } from '../data/dataFolder';
import { decodeImage } from '../data/decodeImage';
import type { AdaptedModel } from '../modelStore/adaptedModel';
import { iouAccumulator } from '../predict/iou';
import { segmentImage } from '../predict/segmentImage';

export const NUCLEI_FIXTURES = path.resolve(__dirname, '../../tests/fixtures/engine/nuclei');

/** The model's mIoU (background and nucleus) over the held-out nuclei images. */
export async function heldOutMiou(model: AdaptedModel): Promise<number> {
  const heldOut = loadDataFolder(path.join(NUCLEI_FIXTURES, 'heldout'), { requireLabels: true });
  const accumulator = iouAccumulator(2);
  for (const item of heldOut.items) {
    const segmentation = await segmentImage(model, decodeImage(item.imageBytes, item.imageFile));
    accumulator.add(segmentation.classIndex, item.mask!.data);
  }
  return accumulator.mean();
}

/**
 * The smallest meaningful adapt job, for the slow backends (SwiftShader's WebGPU): `head`, one labeled
 * nuclei image, 64 px, 20 steps; it still lifts held-out mIoU well above the unadapted model's.
 */
export function oneImageNucleiAdaptSpec(): AdaptJobSpec {
  const train = loadDataFolder(path.join(NUCLEI_FIXTURES, 'train'), { requireLabels: true });
  const [item] = train.items;
  return {
    kind: 'adapt',
    modelName: 'nuclei',
    method: 'head',
    classes: train.classes,
    samples: [{ image: { name: item.imageFile, bytes: item.imageBytes }, mask: item.mask }],
    steps: 20,
    size: 64,
    seed: 1,
  };
}
