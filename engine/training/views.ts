// Training views: each labeled image is resized, jittered in scale (and zoomed in, for multi-class
// models), cropped to a square, flipped and colour-jittered a fixed number of times before training. The frozen backbone prefix then runs once per
// view and its features are cached, so augmentation costs nothing per step.

import type { LabeledBox } from '../../contract/jobs';
import type { RgbImage } from '../data/decodedImage';
import type { SeededRandom } from './seededRandom';

export const IGNORE = 255;

export interface LabeledImage {
  name: string;
  image: RgbImage;
  /** Class indices (0..classes-1) per pixel, IGNORE where unlabeled; absent for box-only images. */
  labels?: Uint8Array;
  /** Boxes with class indices (not ids). */
  boxes?: LabeledBox[];
  /**
   * Labels the model made itself on an unlabeled image (self-training): never held out for early
   * stopping, seen in fewer views, and weighted by `labelWeight`.
   */
  pseudo?: boolean;
  /** Weight of this image's labeled pixels in the loss (default 1). */
  labelWeight?: number;
}

export interface TrainingView {
  source: string;
  /** size*size*3 floats, 0..255. */
  pixels: Float32Array;
  /** size*size class indices, IGNORE where unlabeled or padded. */
  labels: Uint8Array;
  boxes: LabeledBox[];
}

export interface ViewOptions {
  size: number;
  augment: boolean;
  /** Augmented views are also zoomed in by a random factor up to this (1: not at all). */
  maxZoomIn?: number;
}

/**
 * How far augmented views zoom in for a model with `classCount` classes: street scenes and other
 * multi-class images hold small, distant objects, and seeing them up to twice as large while training helps
 * (camvid_dev K=5, 11 classes: head 0.390 -> 0.404, lora 0.393 -> 0.415 mIoU, up on every seed), while on
 * binary tasks it costs (8 shared tasks, head K=5: 0.712 -> 0.687): those keep the plain scale jitter.
 */
export function maxZoomInFor(classCount: number): number {
  return classCount > 2 ? 2 : 1;
}

/** Smallest longer side an image is brought to: below it, stride-32 features would be a few pixels. */
export const MIN_LONG_SIDE = 256;

/**
 * Scale at which an image is seen, in training and prediction alike: its longer side is brought down to
 * `size`, but a smaller image is not enlarged (above MIN_LONG_SIDE): enlarging adds no detail, and keeping
 * native pixels keeps object sizes consistent across images of one source (nuclei in microscopy).
 */
export function baseScale(image: { width: number; height: number }, size: number): number {
  const longSide = Math.max(image.width, image.height);
  return Math.max(Math.min(size / longSide, 1), Math.min(MIN_LONG_SIDE, size) / longSide);
}

/** Samples `image` at output pixel (x, y) of a view that maps view -> source by source = (v + offset) / scale. */
export function makeView(item: LabeledImage, options: ViewOptions, random: SeededRandom | null): TrainingView {
  const { size } = options;
  const { image } = item;
  const augment = options.augment && random !== null;
  const zoom = augment && (options.maxZoomIn ?? 1) > 1 ? Math.exp(random!.uniform(0, Math.log(options.maxZoomIn!))) : 1;
  const scale = baseScale(image, size) * zoom * (augment ? Math.exp(random!.uniform(Math.log(0.75), Math.log(1.33))) : 1);
  const scaledWidth = image.width * scale;
  const scaledHeight = image.height * scale;
  // Crop origin in scaled pixels: random where the scaled image is larger than the view, centred otherwise.
  const originX = scaledWidth > size ? (augment ? random!.uniform(0, scaledWidth - size) : (scaledWidth - size) / 2) : 0;
  const originY = scaledHeight > size ? (augment ? random!.uniform(0, scaledHeight - size) : (scaledHeight - size) / 2) : 0;
  const flip = augment && random!.next() < 0.5;
  const brightness = augment ? random!.uniform(-25, 25) : 0;
  const contrast = augment ? random!.uniform(0.8, 1.2) : 1;
  const saturation = augment ? random!.uniform(0.8, 1.2) : 1;

  const pixels = new Float32Array(size * size * 3);
  const labels = new Uint8Array(size * size).fill(IGNORE);
  const { width, height, data } = image;
  for (let vy = 0; vy < size; vy++) {
    const sy = (vy + originY + 0.5) / scale - 0.5;
    if (sy < -0.5 || sy > height - 0.5) continue;
    const y0 = Math.max(0, Math.min(height - 1, Math.floor(sy)));
    const y1 = Math.min(height - 1, y0 + 1);
    const fy = Math.max(0, Math.min(1, sy - y0));
    const nearestY = Math.max(0, Math.min(height - 1, Math.round(sy)));
    for (let vx = 0; vx < size; vx++) {
      const outX = flip ? size - 1 - vx : vx;
      const sx = (vx + originX + 0.5) / scale - 0.5;
      if (sx < -0.5 || sx > width - 0.5) continue;
      const x0 = Math.max(0, Math.min(width - 1, Math.floor(sx)));
      const x1 = Math.min(width - 1, x0 + 1);
      const fx = Math.max(0, Math.min(1, sx - x0));
      const target = (vy * size + outX) * 3;
      let grey = 0;
      const rgb = [0, 0, 0];
      for (let c = 0; c < 3; c++) {
        const top = data[(y0 * width + x0) * 3 + c] * (1 - fx) + data[(y0 * width + x1) * 3 + c] * fx;
        const bottom = data[(y1 * width + x0) * 3 + c] * (1 - fx) + data[(y1 * width + x1) * 3 + c] * fx;
        rgb[c] = top * (1 - fy) + bottom * fy;
        grey += rgb[c] / 3;
      }
      for (let c = 0; c < 3; c++) {
        const saturated = grey + (rgb[c] - grey) * saturation;
        pixels[target + c] = Math.max(0, Math.min(255, (saturated - 128) * contrast + 128 + brightness));
      }
      if (item.labels) {
        const nearestX = Math.max(0, Math.min(width - 1, Math.round(sx)));
        labels[vy * size + outX] = item.labels[nearestY * width + nearestX];
      }
    }
  }
  const boxes: LabeledBox[] = [];
  for (const box of item.boxes ?? []) {
    let x = box.x * scale - originX;
    const y = box.y * scale - originY;
    const w = box.w * scale;
    const h = box.h * scale;
    if (flip) x = size - x - w;
    const left = Math.max(0, x);
    const top = Math.max(0, y);
    const right = Math.min(size, x + w);
    const bottom = Math.min(size, y + h);
    if (right - left >= 1 && bottom - top >= 1) boxes.push({ classId: box.classId, x: left, y: top, w: right - left, h: bottom - top });
  }
  return { source: item.name, pixels, labels, boxes };
}
