import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bmp24 } from '../../tests/support/bmp24';
import { pngBomb } from '../../tests/support/pngBomb';
import { decodeImage } from './decodeImage';
import { decodeMask } from './decodeMask';
import { declaredImageSize, MAX_IMAGE_PIXELS, oversizeReason } from '../../contract/imageDimensions';

const fixtures = path.resolve(__dirname, '../../tests/fixtures');
const read = (file: string) => new Uint8Array(readFileSync(path.join(fixtures, file)));

describe('the size an image declares, read before decoding', () => {
  it('matches the decoded size for PNG, JPEG, WebP and BMP', () => {
    for (const bytes of [read('images/nuclei-06350c7cc618be44.png'), read('images/clothing-0498.jpg'), read('engine/two-colours.webp'), bmp24(7, 5, () => [1, 2, 3])]) {
      const image = decodeImage(bytes, 'x');
      expect(declaredImageSize(bytes)).toEqual({ width: image.width, height: image.height });
    }
  });

  it('refuses a small PNG that decodes to gigabytes, in well under a second and without allocating it', () => {
    const bomb = pngBomb(20_000, 20_000);
    expect(bomb.length).toBeLessThan(200_000);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    expect(() => decodeImage(bomb, 'bomb.png')).toThrow(/bomb\.png: declares 20000x20000 pixels, more than the limit of 50,000,000/);
    expect(() => decodeMask(bomb, 'bomb-mask.png')).toThrow(/bomb-mask\.png: mask declares 20000x20000 pixels/);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(600e6);
  });

  it('refuses JPEG, WebP and BMP headers that announce more than the limit', () => {
    const jpeg = read('images/clothing-0498.jpg').slice();
    const size = declaredImageSize(jpeg)!;
    // Rewrite the start-of-frame height and width in place: 60000 x 60000.
    for (let i = 2; i < jpeg.length - 9; i++) {
      if (jpeg[i] === 0xff && jpeg[i + 1] >= 0xc0 && jpeg[i + 1] <= 0xc2 && ((jpeg[i + 5] << 8) | jpeg[i + 6]) === size.height) {
        jpeg[i + 5] = jpeg[i + 7] = 0xea;
        jpeg[i + 6] = jpeg[i + 8] = 0x60;
        break;
      }
    }
    expect(() => decodeImage(jpeg, 'huge.jpg')).toThrow(/huge\.jpg: declares 60000x60000 pixels/);
    const vp8x = new Uint8Array(30);
    vp8x.set(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8X'));
    vp8x.set([0xff, 0x3f, 0x00, 0xff, 0x3f, 0x00], 24);
    expect(declaredImageSize(vp8x)).toEqual({ width: 16384, height: 16384 });
    expect(() => decodeImage(vp8x, 'huge.webp')).toThrow(/huge\.webp: declares 16384x16384 pixels/);
    const bmp = bmp24(2, 2, () => [0, 0, 0]).slice();
    new DataView(bmp.buffer).setInt32(18, 30_000, true);
    new DataView(bmp.buffer).setInt32(22, -30_000, true);
    expect(() => decodeImage(bmp, 'huge.bmp')).toThrow(/huge\.bmp: declares 30000x30000 pixels/);
  });

  it('accepts a picture at the limit', () => {
    expect(oversizeReason({ width: 10_000, height: MAX_IMAGE_PIXELS / 10_000 })).toBeNull();
    expect(oversizeReason({ width: 10_000, height: MAX_IMAGE_PIXELS / 10_000 + 1 })).toMatch(/MAX_IMAGE_PIXELS/);
  });
});
