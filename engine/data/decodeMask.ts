// A label mask PNG -> class ids. Masks are single-channel (greyscale) PNGs, pixel = class id, 255 = ignore.

import { PNG } from 'pngjs';
import type { LabelMask } from '../../contract/jobs';
import { declaredImageSize, oversizeReason } from '../../contract/imageDimensions';
import { ImageFileError } from './decodedImage';

/** Decoders word a file cut short as their stream internals (pngjs: "read requests waitng on finished stream"). */
export function decoderProblem(error: unknown): string {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  if (/finished stream|unexpected end|end of stream|premature|truncated/i.test(message)) return 'the file is truncated';
  return message;
}

/**
 * 8-bit masks are read as they are; 16-bit masks are read exactly (pngjs would rescale them to 8 bits,
 * turning class 1 into 0), and refused where a value does not fit a class id.
 */
export function decodeMask(bytes: Uint8Array, file: string): LabelMask {
  const oversize = oversizeReason(declaredImageSize(bytes));
  if (oversize) throw new ImageFileError(file, `mask ${oversize}`);
  const sixteenBit = bytes.length > 24 && bytes[24] === 16;
  let png: { width: number; height: number; data: ArrayLike<number> };
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), sixteenBit ? { skipRescale: true } : {});
  } catch (error) {
    throw new ImageFileError(file, `mask is not a readable PNG (${decoderProblem(error)})`);
  }
  const { width, height } = png;
  const data = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < width * height; i++, j += 4) {
    const value = png.data[j];
    if (png.data[j + 1] !== value || png.data[j + 2] !== value) {
      throw new ImageFileError(file, `mask has colour pixels (at x=${i % width}, y=${Math.floor(i / width)}); save it as a single-channel PNG of class ids`);
    }
    if (value > 255) throw new ImageFileError(file, `16-bit mask value ${value} at x=${i % width}, y=${Math.floor(i / width)} is not a class id (0..254, 255 = not labeled)`);
    data[i] = value;
  }
  return { width, height, data };
}

export function encodeMaskPng(mask: LabelMask): Uint8Array {
  const png = new PNG({ width: mask.width, height: mask.height, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  png.data = Buffer.from(mask.data.buffer, mask.data.byteOffset, mask.data.byteLength);
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
}
