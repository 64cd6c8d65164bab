import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decodeImage';
import { ImageFileError } from './decodedImage';
import { bmp24 } from '../../tests/support/bmp24';

const images = path.resolve(__dirname, '../../tests/fixtures/images');
const read = (name: string) => new Uint8Array(readFileSync(path.join(images, name)));
const engineFixtures = path.resolve(__dirname, '../../tests/fixtures/engine');

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

  it('reads WebP (as written by Chromium) with its size and colours', () => {
    const image = decodeImage(new Uint8Array(readFileSync(path.join(engineFixtures, 'two-colours.webp'))), 'two-colours.webp');
    expect([image.width, image.height]).toEqual([40, 30]);
    const pixel = (x: number, y: number) => Array.from(image.data.subarray((y * 40 + x) * 3, (y * 40 + x) * 3 + 3));
    const near = (actual: number[], expected: number[]) => actual.every((v, i) => Math.abs(v - expected[i]) <= 12);
    expect(near(pixel(5, 5), [230, 40, 40]), `top left ${pixel(5, 5)}`).toBe(true);
    expect(near(pixel(35, 25), [20, 160, 60]), `bottom right ${pixel(35, 25)}`).toBe(true);
  });

  it('names the file and the problem for truncated, non-image and WebP files', () => {
    expect(() => decodeImage(read('corrupt-truncated.png'), 'a/corrupt.png')).toThrow(/^a\/corrupt\.png: corrupt or unreadable PNG/);
    expect(() => decodeImage(read('not-an-image.txt'), 'notes.png')).toThrow(ImageFileError);
    const webp = new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 ');
    expect(() => decodeImage(webp, 'x.webp')).toThrow(/^x\.webp: corrupt or unreadable WEBP/);
    expect(() => decodeImage(new Uint8Array(), 'empty.png')).toThrow(/empty\.png: file is empty/);
  });
});
