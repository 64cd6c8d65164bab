// Uncompressed BMP (BI_RGB 24/32-bit, BI_BITFIELDS 32-bit), the kinds screenshot and microscope tools write.
// The npm BMP decoders are unmaintained (bmp-js: last release 2018), and this format is a header and rows.

import type { RgbImage } from './decodedImage';

export function decodeBmp(bytes: Uint8Array): RgbImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 54 || view.getUint16(0, true) !== 0x4d42) throw new Error('not a BMP file');
  const pixelOffset = view.getUint32(10, true);
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const bitsPerPixel = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  if (width <= 0 || rawHeight === 0) throw new Error('BMP has no pixels');
  if (!(bitsPerPixel === 24 || bitsPerPixel === 32) || !(compression === 0 || (compression === 3 && bitsPerPixel === 32))) {
    throw new Error(`BMP with ${bitsPerPixel} bits per pixel and compression ${compression} is not supported (use 24/32-bit uncompressed, PNG or JPEG)`);
  }
  const height = Math.abs(rawHeight);
  const bytesPerPixel = bitsPerPixel / 8;
  const rowBytes = Math.ceil((width * bytesPerPixel) / 4) * 4;
  if (pixelOffset + rowBytes * height > bytes.length) throw new Error('BMP is truncated');
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const sourceRow = rawHeight > 0 ? height - 1 - y : y; // positive height: rows stored bottom-up
    let source = pixelOffset + sourceRow * rowBytes;
    let target = y * width * 3;
    for (let x = 0; x < width; x++, source += bytesPerPixel, target += 3) {
      data[target] = bytes[source + 2];
      data[target + 1] = bytes[source + 1];
      data[target + 2] = bytes[source];
    }
  }
  return { width, height, data };
}
