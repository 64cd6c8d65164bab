// Encoded image bytes -> RGB. PNG through pngjs and JPEG through jpeg-js: pure JavaScript, maintained,
// no native build (the engine runs in Electron's utility process and in plain Node alike). BMP by a small
// decoder here. WebP through @cwasm/webp: libwebp's own decoder compiled to WebAssembly, synchronous like
// the others and with nothing to build or download.

import { decode as decodeWebp } from '@cwasm/webp';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { declaredImageSize, MAX_IMAGE_PIXELS, oversizeReason } from '../../contract/imageDimensions';
import { decodeBmp } from './decodeBmp';
import { decoderProblem } from './decodeMask';
import { ImageFileError, type RgbImage } from './decodedImage';

export type ImageFormat = 'png' | 'jpeg' | 'bmp' | 'webp';

export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d) return 'bmp';
  if (bytes.length >= 12 && String.fromCharCode(...bytes.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP') return 'webp';
  return null;
}

function rgbaToRgb(rgba: Uint8Array, width: number, height: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < width * height; i++, j += 4) {
    // Transparent pixels are composed over white, as viewers show them.
    const alpha = rgba[j + 3] / 255;
    rgb[i * 3] = Math.round(rgba[j] * alpha + 255 * (1 - alpha));
    rgb[i * 3 + 1] = Math.round(rgba[j + 1] * alpha + 255 * (1 - alpha));
    rgb[i * 3 + 2] = Math.round(rgba[j + 2] * alpha + 255 * (1 - alpha));
  }
  return rgb;
}

export function decodeImage(bytes: Uint8Array, file: string): RgbImage {
  const format = sniffImageFormat(bytes);
  if (format === null) throw new ImageFileError(file, bytes.length === 0 ? 'file is empty' : 'not a PNG, JPEG, WebP or BMP image');
  const oversize = oversizeReason(declaredImageSize(bytes));
  if (oversize) throw new ImageFileError(file, oversize);
  try {
    let image: RgbImage;
    if (format === 'png') {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      image = { width: png.width, height: png.height, data: rgbaToRgb(png.data, png.width, png.height) };
    } else if (format === 'jpeg') {
      const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024, maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6 });
      image = { width: decoded.width, height: decoded.height, data: rgbaToRgb(decoded.data, decoded.width, decoded.height) };
    } else if (format === 'webp') {
      const decoded = decodeWebp(bytes);
      image = { width: decoded.width, height: decoded.height, data: rgbaToRgb(new Uint8Array(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength), decoded.width, decoded.height) };
    } else {
      image = decodeBmp(bytes);
    }
    if (image.width * image.height > MAX_IMAGE_PIXELS) throw new Error(`${image.width}x${image.height} is larger than ${MAX_IMAGE_PIXELS} pixels`);
    if (image.width < 1 || image.height < 1) throw new Error('image has no pixels');
    return image;
  } catch (error) {
    if (error instanceof ImageFileError) throw error;
    throw new ImageFileError(file, `corrupt or unreadable ${format.toUpperCase()} (${decoderProblem(error)})`);
  }
}
