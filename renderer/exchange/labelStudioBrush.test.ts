import { encode } from '@thi.ng/rle-pack';
import { describe, expect, it } from 'vitest';
import { readLabelStudio } from './labelStudioReader';
import { paintRuns, TileSet, tilesToMask } from './maskRuns';

describe('Label Studio brush masks', () => {
  it('a brush stroke encoded as Label Studio does (rle-pack over the RGBA bitmap) imports pixel for pixel', () => {
    const width = 300, height = 70;
    const expected = new Uint8Array(width * height);
    const rgba = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if ((x - 100) ** 2 / 900 + (y - 30) ** 2 / 400 > 1 && !(x > 260 && y % 7 < 3)) continue;
        expected[y * width + x] = 1;
        rgba.set([255, 0, 0, 255], (y * width + x) * 4);
      }
    }
    // Label Studio's editor: encode(imageData.data, imageData.data.length), 8-bit words, default run sizes.
    const rle = [...encode(rgba, rgba.length)];
    const task = {
      id: 1,
      data: { image: '/data/upload/3/5b1e9a0c-street.png' },
      annotations: [{ result: [{ type: 'brushlabels', original_width: width, original_height: height, value: { format: 'rle', rle, brushlabels: ['Road'] } }] }],
    };
    const document = readLabelStudio('export.json', [task]);
    expect(document.images[0]).toMatchObject({ fileName: 'street.png', width, height });
    const [mask] = document.images[0].masks;
    expect(mask.label).toBe('Road');
    const tiles = new TileSet(width, height);
    paintRuns(tiles, 1, mask.runs);
    expect(tilesToMask(tiles.paintedTiles(), 1, width, height)).toEqual(expected);
  });

  it('a brush RLE of the wrong size is refused with its JSON path', () => {
    const rle = [...encode(new Uint8Array(16), 16)];
    const task = { data: { image: 'a.png' }, annotations: [{ result: [{ type: 'brushlabels', original_width: 3, original_height: 3, value: { format: 'rle', rle, brushlabels: ['Road'] } }] }] };
    expect(() => readLabelStudio('export.json', [task])).toThrow('export.json: [0].annotations[0].result[0].value.rle decodes to 16 bytes, not the 3x3x4 of the image');
  });
});
