import { describe, expect, it } from 'vitest';
import { connectedComponents } from './connectedComponents';
import { extractInstances, instanceOptionsFor } from './instances';
import { traceContour } from './traceContour';

function grid(rows: string[]): { data: Uint8Array; width: number; height: number } {
  const width = rows[0].length;
  const data = new Uint8Array(width * rows.length);
  rows.forEach((row, y) => [...row].forEach((ch, x) => (data[y * width + x] = ch === '.' ? 0 : Number(ch))));
  return { data, width, height: rows.length };
}

describe('instances from a class map', () => {
  it('separates objects that do not touch and keeps diagonal neighbours together', () => {
    const { data, width, height } = grid(['11...1', '11....', '..1...', '......', '1.....']);
    const components = connectedComponents(data, width, height, 1);
    expect(components.map((c) => c.pixels.length).sort()).toEqual([1, 1, 5]);
  });

  it('traces the outline of a square through its corners and only along its border', () => {
    const { data, width, height } = grid(['.......', '.11111.', '.11111.', '.11111.', '.11111.', '.11111.', '.......']);
    const [square] = connectedComponents(data, width, height, 1);
    const contour = traceContour(square, width);
    const points = new Set<string>();
    for (let i = 0; i < contour.length; i += 2) points.add(`${contour[i]},${contour[i + 1]}`);
    for (const corner of ['1,1', '5,1', '5,5', '1,5']) expect(points.has(corner)).toBe(true);
    expect(points.size).toBe(16);
    expect(contour.length / 2).toBe(16);
    expect(points.has('3,3')).toBe(false);
  });

  it('traces a concave L shape completely', () => {
    const { data, width, height } = grid(['1...', '1...', '1...', '1111']);
    const [shape] = connectedComponents(data, width, height, 1);
    const contour = traceContour(shape, width);
    const points = new Set<string>();
    for (let i = 0; i < contour.length; i += 2) points.add(`${contour[i]},${contour[i + 1]}`);
    expect(points.size).toBe(7);
  });

  it('reports each foreground object with its class, box, polygon and mean confidence, skipping background', () => {
    const { data, width, height } = grid(['........', '.222....', '.222..11', '.222..11', '........']);
    const confidence = new Float32Array(width * height).fill(0.5);
    for (let i = 0; i < data.length; i++) if (data[i] === 1) confidence[i] = 0.9;
    const instances = extractInstances(
      { width, height, classIndex: data, confidence, cellSize: 1 },
      [{ id: 0, name: 'background' }, { id: 7, name: 'cell' }, { id: 9, name: 'debris' }],
      { minPixels: 2, tolerance: 0.5 },
    );
    expect(instances).toHaveLength(2);
    expect(instances[0]).toMatchObject({ classId: 7, box: { x: 6, y: 2, w: 2, h: 2 } });
    expect(instances[0].score).toBeCloseTo(0.9, 5);
    expect(instances[1]).toMatchObject({ classId: 9, box: { x: 1, y: 1, w: 3, h: 3 } });
    expect(instances[1].polygon.length).toBeGreaterThanOrEqual(8);
  });

  it('by default drops components smaller than 2x2 cells of the model output grid', () => {
    const { data, width, height } = grid(['11111...', '11111...', '11111..2', '11111...', '........']);
    const segmentation = { width, height, classIndex: data, confidence: new Float32Array(width * height).fill(0.8) };
    const classes = [{ id: 0, name: 'background' }, { id: 1, name: 'road' }, { id: 2, name: 'pole' }];
    // 1 px cells: the 20-pixel road stays, the 1-pixel pole is below the floor of 8 pixels.
    expect(extractInstances({ ...segmentation, cellSize: 1 }, classes).map((i) => i.classId)).toEqual([1]);
    expect(instanceOptionsFor({ cellSize: 1 }).minPixels).toBe(8);
    // 2.5 px cells: 25 pixels needed, the road goes too.
    expect(instanceOptionsFor({ cellSize: 2.5 }).minPixels).toBe(25);
    expect(extractInstances({ ...segmentation, cellSize: 2.5 }, classes)).toEqual([]);
  });
});
