// The exchange readers on real exports of other tools (tests/fixtures/exchange/SOURCE.md).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readCoco } from '../../../../renderer/exchange/cocoReader';
import { readCvatXml } from '../../../../renderer/exchange/cvatXmlReader';
import type { ExchangeDocument, ExchangeImage } from '../../../../renderer/exchange/exchangeTypes';
import { parseJsonFile } from '../../../../renderer/exchange/jsonInput';
import { paintRuns, TileSet } from '../../../../renderer/exchange/maskRuns';
import { readAnnotationFiles } from '../../../../renderer/exchange/readAnnotationFiles';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures', 'exchange');
const bytes = (file: string): Uint8Array => {
  const raw = new Uint8Array(readFileSync(path.join(FIXTURES, file)));
  return file.endsWith('.gz') ? gunzipSync(raw) : raw;
};
const text = (file: string) => new TextDecoder().decode(bytes(file));
const files = (...names: string[]) => names.map((name) => ({ path: name.replace(/\.gz$/, ''), bytes: bytes(name) }));

/** Each image's masks painted per label: image name -> label -> tiles (key -> data). */
function paintedMasks(document: ExchangeDocument): Map<string, Map<string, Map<string, Uint8Array>>> {
  const out = new Map<string, Map<string, Map<string, Uint8Array>>>();
  for (const image of document.images) {
    const labels = new Map<string, TileSet>();
    for (const mask of image.masks) {
      if (!labels.has(mask.label)) labels.set(mask.label, new TileSet(image.width!, image.height!));
      paintRuns(labels.get(mask.label)!, 1, mask.runs);
    }
    out.set(image.fileName, new Map([...labels].map(([label, set]) => [label, new Map(set.paintedTiles().map((t) => [`${t.tx},${t.ty}`, t.data]))])));
  }
  return out;
}

const countShapes = (images: ExchangeImage[], kind: 'box' | 'polygon') => images.reduce((n, i) => n + i.shapes.filter((s) => s.geometry.kind === kind).length, 0);

describe('real annotation exports', () => {
  it('the CVAT XML and the COCO file of the same urban project decode to identical masks', () => {
    const coco = readCoco('instances_default.json', parseJsonFile('instances_default.json', text('coco/urban_instances_default.json.gz')));
    const cvat = readCvatXml('annotations.xml', text('cvat/urban_annotations.xml.gz'));
    expect(coco.images).toHaveLength(20);
    expect(coco.images.reduce((n, i) => n + i.masks.length, 0)).toBe(246);
    expect(countShapes(coco.images, 'box')).toBe(74);
    expect(cvat.images.reduce((n, i) => n + i.masks.length, 0)).toBe(246);
    // 21 of CVAT's 74 boxes are rotated: polygons here, their axis-aligned boxes in the COCO file.
    expect(countShapes(cvat.images, 'box')).toBe(53);
    expect(countShapes(cvat.images, 'polygon')).toBe(21);
    const fromCoco = paintedMasks(coco), fromCvat = paintedMasks(cvat);
    expect([...fromCvat.keys()].sort()).toEqual([...fromCoco.keys()].sort());
    let compared = 0;
    for (const [image, labels] of fromCoco) {
      expect([...fromCvat.get(image)!.keys()].sort(), image).toEqual([...labels.keys()].sort());
      for (const [label, tiles] of labels) {
        const other = fromCvat.get(image)!.get(label)!;
        expect([...other.keys()].sort(), `${image} ${label}`).toEqual([...tiles.keys()].sort());
        for (const [key, data] of tiles) expect(Buffer.compare(Buffer.from(data), Buffer.from(other.get(key)!)), `${image} ${label} tile ${key}`).toBe(0);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
    // 2 x 100 M mask pixels: a loaded 2-core machine needs more than the default minute.
  }, 180_000);

  it('reads COCO polygons (labelme2coco) and mixed polygon + RLE (Datumaro fixture)', () => {
    const [labelme] = readAnnotationFiles(files('coco/labelme_voc/annotations.json'), []);
    expect(labelme.format).toBe('COCO');
    expect(labelme.images.map((i) => i.fileName).sort()).toEqual(['JPEGImages/2011_000003.jpg', 'JPEGImages/2011_000006.jpg', 'JPEGImages/2011_000025.jpg']);
    expect(countShapes(labelme.images, 'polygon')).toBeGreaterThanOrEqual(12);
    const [datumaro] = readAnnotationFiles(files('coco/datumaro_instances_val.json'), []);
    const image = datumaro.images[0];
    expect(image.shapes.map((s) => s.geometry.kind)).toEqual(['polygon']);
    expect(image.masks).toHaveLength(1);
    const set = new TileSet(5, 10);
    expect(paintRuns(set, 1, image.masks[0].runs)).toBeGreaterThan(0);
  });

  it('reads CVAT polygons and boxes and reports polylines and points it cannot import', () => {
    const [seaweed] = readAnnotationFiles(files('cvat/seaweed_annotations.xml'), []);
    expect(seaweed.images).toHaveLength(24);
    expect(countShapes(seaweed.images, 'polygon')).toBe(34);
    expect(countShapes(seaweed.images, 'box')).toBe(1);
    const [datumaro] = readAnnotationFiles(files('cvat/datumaro_train.xml'), []);
    expect(datumaro.unsupported.join('\n')).toMatch(/polyline|points/);
  });

  it('reads Label Studio rectangles and polygons in percent of the original size', () => {
    const [polygons] = readAnnotationFiles(files('labelstudio/polygons_export.json'), []);
    expect(polygons.format).toBe('Label Studio JSON');
    expect(polygons.images[0].fileName).toBe('000000000025.jpg');
    const polygon = polygons.images[0].shapes[0];
    expect(polygon.label).toBe('Airplane');
    expect(polygon.geometry.kind === 'polygon' && polygon.geometry.points.slice(0, 2)).toEqual([384, (19.55922865013774 * 426) / 100]);
    const [rectangles] = readAnnotationFiles(files('labelstudio/rectangles_export.json'), []);
    expect(rectangles.images).toHaveLength(2);
    // The first task was annotated twice: its latest annotation counts (2 + 2 of the 6 rectangles).
    expect(rectangles.images.flatMap((i) => i.shapes)).toHaveLength(4);
    for (const shape of rectangles.images.flatMap((i) => i.shapes)) expect(shape.geometry.kind === 'box' ? shape.geometry.w : 1).toBeGreaterThan(0);
  });

  it('reads Pascal VOC boxes (labelImg, labelme2voc) and VOC palette masks named by class_names.txt', () => {
    const [labelImg] = readAnnotationFiles(files('voc/C1_P01_N1_S2_1.xml'), []);
    expect(labelImg.images[0]).toMatchObject({ fileName: 'C1_P01_N1_S2_1.JPG', width: 1363, height: 2188 });
    expect(labelImg.images[0].shapes[0].geometry).toEqual({ kind: 'box', x: 13, y: 875, w: 262, h: 374 });
    const voc = readAnnotationFiles(files('voc/labelme_bbox/2011_000003.xml', 'voc/labelme_bbox/2011_000006.xml', 'voc/labelme_bbox/2011_000025.xml'), []);
    expect(voc).toHaveLength(1);
    expect(voc[0].images).toHaveLength(3);
    const [masks] = readAnnotationFiles(files('voc/labelme_segmentation/class_names.txt', 'voc/labelme_segmentation/2011_000003.png', 'voc/labelme_segmentation/2011_000025.png'), ['2011_000003.jpg', '2011_000025.jpg']);
    expect(masks.format).toBe('class-id PNG masks');
    expect(masks.images.map((i) => [i.fileName, i.width, i.height, i.fullyLabeled])).toEqual([
      ['2011_000003.jpg', 500, 338, true],
      ['2011_000025.jpg', 500, 375, true],
    ]);
    expect(masks.images[0].masks.map((m) => m.label).sort()).toEqual(['bottle', 'person']);
  });

  it('refuses a truncated COCO file naming it and where it ends', () => {
    const cut = text('coco/labelme_voc/annotations.json').slice(0, 5000);
    expect(() => readAnnotationFiles([{ path: 'annotations.json', bytes: new TextEncoder().encode(cut) }], [])).toThrow(/annotations\.json: the JSON ends early/);
  });

  it('refuses a truncated CVAT XML file with the line', () => {
    const cut = text('cvat/seaweed_annotations.xml').slice(0, 30000);
    expect(() => readAnnotationFiles([{ path: 'annotations.xml', bytes: new TextEncoder().encode(cut) }], [])).toThrow(/annotations\.xml: .*line \d+/);
  });
});
