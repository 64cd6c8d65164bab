// A label mask PNG -> class ids. Masks are single-channel (greyscale) PNGs, pixel = class id, 255 = ignore.

import { PNG } from 'pngjs';
import type { LabelMask } from '../../contract/jobs';
import { declaredImageSize, oversizeReason } from '../../contract/imageDimensions';
import { ImageFileError } from './decodedImage';

export function decodeMask(bytes: Uint8Array, file: string): LabelMask {
  const oversize = oversizeReason(declaredImageSize(bytes));
  if (oversize) throw new ImageFileError(file, `mask ${oversize}`);
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ImageFileError(file, `mask is not a readable PNG (${reason})`);
  }
  const { width, height } = png;
  const data = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < width * height; i++, j += 4) {
    const value = png.data[j];
    if (png.data[j + 1] !== value || png.data[j + 2] !== value) {
      throw new ImageFileError(file, `mask has colour pixels (at x=${i % width}, y=${Math.floor(i / width)}); save it as a single-channel PNG of class ids`);
    }
    data[i] = value;
  }
  return { width, height, data };
}

export function encodeMaskPng(mask: LabelMask): Uint8Array {
  const png = new PNG({ width: mask.width, height: mask.height, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  png.data = Buffer.from(mask.data.buffer, mask.data.byteOffset, mask.data.byteLength);
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
}
