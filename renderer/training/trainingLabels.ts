import type { LabelMask, LabeledBox, TrainingSample } from '../../contract/jobs';
import type { Shape } from '../editor/document';
import { forEachPolygonRun } from '../geometry/rasterizePolygon';
import { TILE_SIZE } from '../masks/maskTiles';

export const UNLABELED = 255;
export const BACKGROUND = 0;

export interface ImageAnnotations {
  width: number;
  height: number;
  shapes: readonly Shape[];
  tiles: readonly { classId: number; tx: number; ty: number; data: Uint8Array }[];
  fullyLabeled: boolean;
  /** Class ids in list order: where brush masks overlap, the later class wins. Defaults to ascending ids. */
  classOrder?: readonly number[];
}

/**
 * The labels of one image as the adapt job takes them: a class-id mask at image resolution
 * (255 = nobody labeled it; 0 = background, only where the image is flagged fully labeled) and the
 * boxes. Polygons are painted in drawing order, brush masks over them (they are the finer edit).
 * In a fully labeled image the inside of a box stays unlabeled where nothing was painted, since a
 * box says an object is there without saying which pixels.
 */
export function trainingLabels(annotations: ImageAnnotations): Pick<TrainingSample, 'mask' | 'boxes'> {
  const { width, height, shapes, tiles, fullyLabeled } = annotations;
  const polygons = shapes.filter((s) => s.geometry.kind === 'polygon');
  const boxes: LabeledBox[] = shapes.flatMap((s) => (s.geometry.kind === 'box' ? [{ classId: s.classId, x: s.geometry.x, y: s.geometry.y, w: s.geometry.w, h: s.geometry.h }] : []));
  const painted = tiles.some((t) => t.data.some((v) => v !== 0));
  const result: Pick<TrainingSample, 'mask' | 'boxes'> = {};
  if (boxes.length) result.boxes = boxes;
  if (!polygons.length && !painted && !fullyLabeled) return result;

  const data = new Uint8Array(width * height).fill(fullyLabeled ? BACKGROUND : UNLABELED);
  if (fullyLabeled) for (const box of boxes) fillRect(data, width, height, box, UNLABELED);
  for (const shape of polygons) {
    if (shape.geometry.kind !== 'polygon') continue;
    forEachPolygonRun(shape.geometry.points, width, height, (y, xStart, xEnd) => data.fill(shape.classId, y * width + xStart, y * width + xEnd));
  }
  const order = annotations.classOrder ?? [...new Set(tiles.map((t) => t.classId))].sort((a, b) => a - b);
  for (const classId of order) for (const tile of tiles) if (tile.classId === classId) paintTile(data, width, height, tile);
  const mask: LabelMask = { width, height, data };
  result.mask = mask;
  return result;
}

function fillRect(data: Uint8Array, width: number, height: number, box: LabeledBox, value: number): void {
  const x0 = Math.max(0, Math.floor(box.x)), x1 = Math.min(width, Math.ceil(box.x + box.w));
  const y0 = Math.max(0, Math.floor(box.y)), y1 = Math.min(height, Math.ceil(box.y + box.h));
  for (let y = y0; y < y1; y++) data.fill(value, y * width + x0, y * width + x1);
}

function paintTile(data: Uint8Array, width: number, height: number, tile: { classId: number; tx: number; ty: number; data: Uint8Array }): void {
  const originX = tile.tx * TILE_SIZE, originY = tile.ty * TILE_SIZE;
  const rows = Math.min(TILE_SIZE, height - originY), columns = Math.min(TILE_SIZE, width - originX);
  for (let row = 0; row < rows; row++) {
    const source = row * TILE_SIZE, target = (originY + row) * width + originX;
    for (let column = 0; column < columns; column++) if (tile.data[source + column]) data[target + column] = tile.classId;
  }
}
