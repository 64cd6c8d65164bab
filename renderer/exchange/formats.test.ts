import { describe, expect, it } from 'vitest';
import { decodeRleCounts, encodeRleCounts, maskToColumnCounts } from './cocoRle';
import { readCoco } from './cocoReader';
import { readCvatXml } from './cvatXmlReader';
import { ExchangeFormatError } from './exchangeTypes';
import { ImageMatcher } from './imageMatching';
import { parseJsonFile } from './jsonInput';
import { decodeRlePack } from './labelStudioReader';
import { paintRuns, TileSet, tilesToMask } from './maskRuns';
import { decodeMaskPng, encodePalettePng } from './pngCodec';
import { readAnnotationFiles } from './readAnnotationFiles';

const encoder = new TextEncoder();
const cocoFile = (annotations: unknown[], extra: Record<string, unknown> = {}) => ({
  images: [{ id: 1, file_name: 'a.jpg', width: 4, height: 3 }],
  categories: [{ id: 7, name: 'car' }],
  annotations,
  ...extra,
});
const failure = (work: () => unknown): string => {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(ExchangeFormatError);
    return (error as Error).message;
  }
  throw new Error('it did not refuse');
};

describe('COCO RLE', () => {
  it('compressed strings round-trip and match pycocotools', () => {
    const counts = [2, 3, 4, 3, 0, 41_000_000, 7];
    expect(decodeRleCounts(encodeRleCounts(counts))).toEqual(counts);
    // Strings pycocotools' rleToString gives for these counts (differences from the 4th count on, signs, 5-bit groups).
    for (const [counts, text] of [
      [[0, 6, 1, 3], '061M'],
      [[0, 6, 1, 1], '061K'],
      [[0, 6, 1, 6], '0610'],
      [[0, 1, 1, 2, 1, 3, 1, 4, 1], '011101010'],
      [[0, 1024], '0PP1'],
    ] as const) {
      expect(encodeRleCounts(counts)).toBe(text);
      expect(decodeRleCounts(text)).toEqual(counts);
    }
    expect(() => decodeRleCounts('0 5')).toThrow(/invalid character/);
  });

  it('masks become column-major counts and paint back into the same tiles', () => {
    const width = 300, height = 270;
    const mask = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if ((x - 150) ** 2 + (y - 130) ** 2 < 120 ** 2 || (x > 250 && y < 20)) mask[y * width + x] = 1;
    const counts = maskToColumnCounts(mask, width, height);
    const tiles = new TileSet(width, height);
    paintRuns(tiles, 3, { left: 0, top: 0, width, height, order: 'column', counts: decodeRleCounts(encodeRleCounts(counts)) });
    expect(tilesToMask(tiles.paintedTiles(), 3, width, height)).toEqual(mask);
  });

  it('row runs inside a box (CVAT) land at the box', () => {
    const tiles = new TileSet(600, 300);
    paintRuns(tiles, 1, { left: 250, top: 10, width: 10, height: 2, order: 'row', counts: [5, 10, 5] });
    const mask = tilesToMask(tiles.paintedTiles(), 1, 600, 300);
    const set = [...mask.keys()].filter((i) => mask[i]).map((i) => [i % 600, Math.floor(i / 600)]);
    expect(set).toEqual([[255, 10], [256, 10], [257, 10], [258, 10], [259, 10], [250, 11], [251, 11], [252, 11], [253, 11], [254, 11]]);
  });
});

describe('reading COCO', () => {
  it('reads polygons (several parts), boxes and both RLE forms', () => {
    const doc = readCoco('x.json', cocoFile([
      { id: 1, image_id: 1, category_id: 7, segmentation: [[0, 0, 3, 0, 3, 2], [1, 1, 2, 1, 2, 2]], bbox: [0, 0, 3, 2] },
      { id: 2, image_id: 1, category_id: 7, segmentation: [], bbox: [1, 1, 2, 1] },
      { id: 3, image_id: 1, category_id: 7, segmentation: { size: [3, 4], counts: [1, 2, 9] }, iscrowd: 1 },
      { id: 4, image_id: 1, category_id: 7, segmentation: { size: [3, 4], counts: encodeRleCounts([1, 2, 9]) } },
    ]));
    const image = doc.images[0];
    expect(image.shapes.map((s) => s.geometry.kind)).toEqual(['polygon', 'polygon', 'box']);
    expect(image.masks.map((m) => Array.from(m.runs.counts))).toEqual([[1, 2, 9], [1, 2, 9]]);
  });

  it('names the JSON path of what is wrong', () => {
    expect(failure(() => readCoco('x.json', cocoFile([{ id: 1, image_id: 1, category_id: 7, segmentation: [[0, 0, 'a', 0, 3, 2]] }])))).toBe('x.json: annotations[0].segmentation[0][2] should be a number');
    expect(failure(() => readCoco('x.json', cocoFile([{ id: 1, image_id: 9, category_id: 7, bbox: [0, 0, 1, 1] }])))).toMatch(/annotations\[0\]\.image_id names image 9/);
    expect(failure(() => readCoco('x.json', cocoFile([{ id: 1, image_id: 1, category_id: 7, segmentation: { size: [3, 4], counts: [1, 20] } }])))).toMatch(/annotations\[0\]\.segmentation\.counts covers 21 pixels/);
    expect(failure(() => readCoco('x.json', cocoFile([{ id: 1, image_id: 1, category_id: 7, segmentation: { size: [4, 3], counts: [1] } }])))).toMatch(/segmentation\.size is 4x3/);
    expect(failure(() => parseJsonFile('x.json', '{\n  "images": [\n    {"id": 1,,}\n  ]\n}'))).toMatch(/x\.json: not valid JSON at line 3, column/);
    expect(failure(() => parseJsonFile('x.json', '{"images": [{"id": 1'))).toMatch(/ends early/);
  });
});

describe('reading CVAT XML', () => {
  const xml = (body: string) => `<?xml version="1.0" encoding="utf-8"?>\n<annotations>\n<version>1.1</version>\n<meta><task><labels><label><name>car</name></label></labels></task></meta>\n${body}\n</annotations>`;

  it('reads boxes, polygons and masks with their offsets', () => {
    const doc = readCvatXml('a.xml', xml('<image id="0" name="dir/a.jpg" width="20" height="10"><box label="car" xtl="1" ytl="2" xbr="5.5" ybr="6" source="manual"/><polygon label="car" points="0,0;4,0;4,4" source="auto"/><mask label="car" rle="1, 2, 3" left="3" top="4" width="3" height="2"/><polyline label="car" points="0,0;1,1"/></image>'));
    expect(doc.labels).toEqual(['car']);
    const image = doc.images[0];
    expect(image).toMatchObject({ fileName: 'dir/a.jpg', width: 20, height: 10 });
    expect(image.shapes).toEqual([
      { label: 'car', geometry: { kind: 'box', x: 1, y: 2, w: 4.5, h: 4 }, source: 'manual' },
      { label: 'car', geometry: { kind: 'polygon', points: [0, 0, 4, 0, 4, 4] }, source: 'predicted' },
    ]);
    expect(image.masks[0].runs).toEqual({ left: 3, top: 4, width: 3, height: 2, order: 'row', counts: [1, 2, 3] });
    expect(doc.unsupported).toEqual(['dir/a.jpg: 1 polyline']);
  });

  it('refuses malformed XML with the line, and bad attributes with the element', () => {
    expect(failure(() => readCvatXml('a.xml', xml('<image id="0" name="a.jpg" width="20" height="10"><box label="car" xtl="1"</image>')))).toMatch(/a\.xml: .*line 5/);
    expect(failure(() => readCvatXml('a.xml', xml('<image id="0" name="a.jpg" width="20" height="10"><box label="car" xtl="x" ytl="0" xbr="1" ybr="1"/></image>')))).toBe('a.xml: <image> 1 (a.jpg), box 1: xtl is not a number');
  });
});

describe('Label Studio brush RLE', () => {
  it('decodes @thi.ng/rle-pack streams (repeat and literal runs)', () => {
    const bits: number[] = [];
    const write = (value: number, size: number) => {
      for (let i = size - 1; i >= 0; i--) bits.push(Math.floor(value / 2 ** i) % 2);
    };
    write(7, 32);
    write(7, 5); // 8-bit words
    for (let i = 0; i < 4; i++) write(3, 4); // run lengths in 4 bits
    // Repeat 255 four times, then the literals 1, 2, 3: [bit, size index, length - 1, word(s)].
    for (const [value, size] of [[1, 1], [0, 2], [3, 4], [255, 8], [0, 1], [0, 2], [2, 4], [1, 8], [2, 8], [3, 8]]) write(value, size);
    const bytes = new Uint8Array(Math.ceil(bits.length / 8));
    bits.forEach((b, i) => (bytes[i >> 3] |= b << (7 - (i & 7))));
    expect([...decodeRlePack(bytes)]).toEqual([255, 255, 255, 255, 1, 2, 3]);
    expect(() => decodeRlePack(bytes.subarray(0, 6))).toThrow(/ends early/);
  });
});

describe('PNG class-id masks', () => {
  it('a palette PNG written here decodes to the same class ids', () => {
    const values = Uint8Array.from({ length: 37 * 11 }, (_, i) => (i % 5 === 0 ? 255 : i % 3));
    const png = encodePalettePng(37, 11, values, [[0, 0, 0], [255, 0, 0], [0, 255, 0]]);
    expect(decodeMaskPng(png)).toEqual({ width: 37, height: 11, values });
    expect(() => decodeMaskPng(png.subarray(0, png.length - 20))).toThrow(/truncated/);
  });

  it('class ids are named by classes.json; a file that is no PNG is refused by name', () => {
    const png = encodePalettePng(2, 1, Uint8Array.from([0, 2]), []);
    const files = [
      { path: 'classes.json', bytes: encoder.encode(JSON.stringify({ classes: [{ id: 0, name: 'background' }, { id: 2, name: 'road' }] })) },
      { path: 'masks/A.png', bytes: png },
    ];
    const [doc] = readAnnotationFiles(files, ['x/a.jpg']);
    expect(doc.images[0]).toMatchObject({ fileName: 'x/a.jpg', fullyLabeled: true });
    expect(doc.images[0].masks.map((m) => m.label)).toEqual(['road']);
    expect(() => readAnnotationFiles([{ path: 'notes.md', bytes: encoder.encode('hi') }], [])).toThrow(/notes\.md: is not an annotation file/);
  });
});

describe('matching images by name', () => {
  it('by path, file name or base name, case-insensitively; reports ambiguity', () => {
    const matcher = new ImageMatcher([
      { id: '1', name: 'shots/A.JPG' },
      { id: '2', name: 'b.png' },
      { id: '3', name: 'x/c.jpg' },
      { id: '4', name: 'y/c.jpg' },
    ]);
    expect(matcher.match('images/a.jpg')).toMatchObject({ id: '1' });
    expect(matcher.match('B.PNG')).toMatchObject({ id: '2' });
    expect(matcher.match('b.jpg')).toMatchObject({ id: '2' });
    expect(matcher.match('c.jpg')).toBe('ambiguous');
    expect(matcher.match('y/c.jpg')).toMatchObject({ id: '4' });
    expect(matcher.match('d.jpg')).toBe('missing');
  });
});
