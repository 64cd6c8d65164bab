// Job samples (encoded images, masks of class ids, boxes) -> decoded training images with class indices.
// Every problem names the image it is about.

import type { ClassSpec, TrainingSample } from '../../contract/jobs';
import { decodeImage } from '../data/decodeImage';
import { ImageFileError } from '../data/decodedImage';
import { IGNORE, type LabeledImage } from './views';

export function toLabeledImages(samples: TrainingSample[], classes: ClassSpec[]): LabeledImage[] {
  const indexOfId = new Map(classes.map((spec, index) => [spec.id, index]));
  const labeled: LabeledImage[] = [];
  for (const sample of samples) {
    if (!sample.mask && !(sample.boxes && sample.boxes.length > 0)) continue;
    const image = decodeImage(sample.image.bytes, sample.image.name);
    const item: LabeledImage = { name: sample.image.name, image };
    if (sample.mask) {
      const { mask } = sample;
      if (mask.width !== image.width || mask.height !== image.height) {
        throw new ImageFileError(sample.image.name, `mask is ${mask.width}x${mask.height} but the image is ${image.width}x${image.height}`);
      }
      const labels = new Uint8Array(mask.data.length);
      let labeledPixels = 0;
      for (let i = 0; i < labels.length; i++) {
        const id = mask.data[i];
        if (id === IGNORE) {
          labels[i] = IGNORE;
          continue;
        }
        const index = indexOfId.get(id);
        if (index === undefined) throw new ImageFileError(sample.image.name, `mask has unknown class id ${id}`);
        labels[i] = index;
        labeledPixels += 1;
      }
      if (labeledPixels > 0) item.labels = labels;
    }
    if (sample.boxes && sample.boxes.length > 0) {
      item.boxes = sample.boxes.map((box) => {
        const index = indexOfId.get(box.classId);
        if (index === undefined) throw new ImageFileError(sample.image.name, `box has unknown class id ${box.classId}`);
        return { ...box, classId: index };
      });
    }
    if (item.labels || item.boxes) labeled.push(item);
  }
  return labeled;
}
