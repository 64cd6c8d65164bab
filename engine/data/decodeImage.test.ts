import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decodeImage';
import { ImageFileError } from './decodedImage';

const images = path.resolve(__dirname, '../../tests/fixtures/images');
const read = (name: string) => new Uint8Array(readFileSync(path.join(images, name)));

function bmp24(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Uint8Array {
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const bytes = new Uint8Array(54 + rowBytes * height);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x42;
  bytes[1] = 0x4d;
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true); // bottom-up rows
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const offset = 54 + (height - 1 - y) * rowBytes + x * 3;
      bytes[offset] = b;
      bytes[offset + 1] = g;
      bytes[offset + 2] = r;
    }
  }
  return bytes;
}

describe('decoding imported images', () => {
  it('reads PNG and JPEG photos to RGB of the right size', () => {
    const nuclei = decodeImage(read('nuclei-06350c7cc618be44.png'), 'nuclei.png');
    expect([nuclei.width, nuclei.height, nuclei.data.length]).toEqual([256, 256, 256 * 256 * 3]);
    const photo = decodeImage(read('clothing-0498.jpg'), 'clothing.jpg');
    expect(photo.data.length).toBe(photo.width * photo.height * 3);
    expect(photo.width).toBeGreaterThan(100);
  });

  it('reads uncompressed BMP with its rows in the right order and channels as RGB', () => {
    const image = decodeImage(bmp24(3, 2, (x, y) => [x * 100, y * 200, 7]), 'tiny.bmp');
    expect([image.width, image.height]).toEqual([3, 2]);
    expect(Array.from(image.data.subarray(0, 3))).toEqual([0, 0, 7]);
    expect(Array.from(image.data.subarray((1 * 3 + 2) * 3, (1 * 3 + 2) * 3 + 3))).toEqual([200, 200, 7]);
  });

  it('names the file and the problem for truncated, non-image and WebP files', () => {
    expect(() => decodeImage(read('corrupt-truncated.png'), 'a/corrupt.png')).toThrow(/^a\/corrupt\.png: corrupt or unreadable PNG/);
    expect(() => decodeImage(read('not-an-image.txt'), 'notes.png')).toThrow(ImageFileError);
    const webp = new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 ');
    expect(() => decodeImage(webp, 'x.webp')).toThrow(/x\.webp: WebP images are not supported yet/);
    expect(() => decodeImage(new Uint8Array(), 'empty.png')).toThrow(/empty\.png: file is empty/);
  });
});
