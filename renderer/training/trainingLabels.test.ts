import { describe, expect, it } from 'vitest';
import { BrushStroke } from '../masks/brushStroke';
import { MaskLayers } from '../masks/maskTiles';
import { imagePoint } from '../geometry/points';
import { trainingLabels } from './trainingLabels';

const at = (mask: { width: number; data: Uint8Array }, x: number, y: number) => mask.data[y * mask.width + x];

describe('trainingLabels', () => {
  it('boxes only: the box list and no mask', () => {
    const labels = trainingLabels({ width: 10, height: 10, fullyLabeled: false, tiles: [], shapes: [{ id: 'b', classId: 2, geometry: { kind: 'box', x: 1, y: 2, w: 3, h: 4 } }] });
    expect(labels).toEqual({ boxes: [{ classId: 2, x: 1, y: 2, w: 3, h: 4 }] });
  });

  it('a polygon fills the pixels whose centres are inside; the rest is 255 unless fully labeled', () => {
    const shape = { id: 'p', classId: 3, geometry: { kind: 'polygon' as const, points: [2, 2, 6, 2, 6, 5, 2, 5] } };
    const partial = trainingLabels({ width: 8, height: 8, fullyLabeled: false, tiles: [], shapes: [shape] }).mask!;
    expect(partial.width).toBe(8);
    expect(partial.data.length).toBe(64);
    expect(Array.from(partial.data).filter((v) => v === 3)).toHaveLength(12);
    expect(at(partial, 2, 2)).toBe(3);
    expect(at(partial, 5, 4)).toBe(3);
    expect(at(partial, 6, 4)).toBe(255);
    expect(at(partial, 0, 0)).toBe(255);
    const full = trainingLabels({ width: 8, height: 8, fullyLabeled: true, tiles: [], shapes: [shape] }).mask!;
    expect(at(full, 0, 0)).toBe(0);
    expect(at(full, 3, 3)).toBe(3);
  });

  it('a triangle is rasterised by pixel centres', () => {
    const mask = trainingLabels({ width: 4, height: 4, fullyLabeled: false, tiles: [], shapes: [{ id: 't', classId: 1, geometry: { kind: 'polygon', points: [0, 0, 4, 0, 0, 4] } }] }).mask!;
    const rows = [0, 1, 2, 3].map((y) => [0, 1, 2, 3].map((x) => (at(mask, x, y) === 1 ? '#' : '.')).join(''));
    expect(rows).toEqual(['###.', '##..', '#...', '....']);
  });

  it('brush masks land at image resolution over polygons, across tile borders', () => {
    const layers = new MaskLayers();
    const stroke = new BrushStroke(layers, 5, 2, false, 300, 20);
    stroke.paintSegment(imagePoint(250, 10), imagePoint(262, 10));
    stroke.finish();
    const tiles = [...layers.tilesOf(5).map((t) => ({ ...t, classId: 5 }))];
    const shape = { id: 'p', classId: 1, geometry: { kind: 'polygon' as const, points: [240, 0, 300, 0, 300, 20, 240, 20] } };
    const mask = trainingLabels({ width: 300, height: 20, fullyLabeled: false, tiles, shapes: [shape] }).mask!;
    expect(mask.width * mask.height).toBe(mask.data.length);
    expect(at(mask, 255, 10)).toBe(5);
    expect(at(mask, 258, 10)).toBe(5);
    expect(at(mask, 258, 2)).toBe(1);
    expect(at(mask, 100, 10)).toBe(255);
  });

  it('fully labeled with nothing drawn is all background; inside a box stays unlabeled', () => {
    const empty = trainingLabels({ width: 4, height: 4, fullyLabeled: true, tiles: [], shapes: [] });
    expect(Array.from(empty.mask!.data)).toEqual(new Array(16).fill(0));
    const boxed = trainingLabels({ width: 4, height: 4, fullyLabeled: true, tiles: [], shapes: [{ id: 'b', classId: 1, geometry: { kind: 'box', x: 0, y: 0, w: 2, h: 2 } }] });
    expect(at(boxed.mask!, 1, 1)).toBe(255);
    expect(at(boxed.mask!, 3, 3)).toBe(0);
    expect(boxed.boxes).toHaveLength(1);
  });

  it('where two classes painted the same pixel, the later class in the list wins', () => {
    const layers = new MaskLayers();
    for (const classId of [1, 2]) {
      const stroke = new BrushStroke(layers, classId, 3, false, 10, 10);
      stroke.paintSegment(imagePoint(5, 5), imagePoint(5, 5));
      stroke.finish();
    }
    const tiles = [1, 2].flatMap((classId) => layers.tilesOf(classId).map((t) => ({ ...t, classId })));
    expect(at(trainingLabels({ width: 10, height: 10, fullyLabeled: false, tiles, shapes: [], classOrder: [1, 2] }).mask!, 5, 5)).toBe(2);
    expect(at(trainingLabels({ width: 10, height: 10, fullyLabeled: false, tiles, shapes: [], classOrder: [2, 1] }).mask!, 5, 5)).toBe(1);
  });
});
