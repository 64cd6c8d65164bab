import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeMask } from './decodeMask';

function greyPng(width: number, height: number, values: number[], bitDepth: 8 | 16): Uint8Array {
  const png = new PNG({ width, height, bitDepth, colorType: 0, inputColorType: 0, inputHasAlpha: false });
  png.data = bitDepth === 16 ? Buffer.from(new Uint16Array(values).buffer) : Buffer.from(values);
  return new Uint8Array(PNG.sync.write(png, { bitDepth, colorType: 0, inputColorType: 0, inputHasAlpha: false }));
}

describe('reading label masks', () => {
  it('reads 16-bit masks exactly instead of rescaling class ids to 8 bits', () => {
    const mask = decodeMask(greyPng(4, 1, [0, 1, 2, 255], 16), 'sixteen.png');
    expect([...mask.data]).toEqual([0, 1, 2, 255]);
  });

  it('refuses a 16-bit value that is not a class id, naming the pixel', () => {
    expect(() => decodeMask(greyPng(2, 1, [1, 300], 16), 'wide.png')).toThrow(/wide\.png: 16-bit mask value 300 at x=1, y=0 is not a class id/);
  });

  it('says a truncated mask is truncated, without the decoder internals', () => {
    const file = path.resolve(__dirname, '../../tests/fixtures/engine/nuclei/train/masks');
    const name = readFileSync(path.join(file, '309ba76b12ecb5ce.png'));
    let message = '';
    try {
      decodeMask(new Uint8Array(name.subarray(0, 200)), 'cut.png');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^cut\.png: mask is not a readable PNG/);
    expect(message).not.toMatch(/waitng|stream/);
  });
});
