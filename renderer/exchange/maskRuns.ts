// Masks as the project stores them: per class, 256x256 tiles of one byte per pixel (1 = painted).
// Imported masks are painted from their runs straight into tiles, so a 5760x7150 image never needs
// a full-size array per annotation.
import { TILE_SIZE } from '../masks/maskTiles';
import type { ExportTile, MaskRuns } from './exchangeTypes';

/** Tiles of one image, keyed `${classId}:${tx},${ty}`. */
export class TileSet {
  readonly tiles = new Map<string, ExportTile>();

  constructor(
    readonly width: number,
    readonly height: number,
  ) {}

  tile(classId: number, tx: number, ty: number): Uint8Array {
    const key = `${classId}:${tx},${ty}`;
    let tile = this.tiles.get(key);
    if (!tile) {
      tile = { classId, tx, ty, data: new Uint8Array(TILE_SIZE * TILE_SIZE) };
      this.tiles.set(key, tile);
    }
    return tile.data;
  }

  /** Sets pixels [x0, x1) of row y. */
  fillRow(classId: number, y: number, x0: number, x1: number): void {
    if (y < 0 || y >= this.height) return;
    x0 = Math.max(0, x0);
    x1 = Math.min(this.width, x1);
    const ty = Math.floor(y / TILE_SIZE), rowOffset = (y - ty * TILE_SIZE) * TILE_SIZE;
    while (x0 < x1) {
      const tx = Math.floor(x0 / TILE_SIZE), tileEnd = Math.min(x1, (tx + 1) * TILE_SIZE);
      const data = this.tile(classId, tx, ty), originX = tx * TILE_SIZE;
      data.fill(1, rowOffset + x0 - originX, rowOffset + tileEnd - originX);
      x0 = tileEnd;
    }
  }

  /** Sets pixels [y0, y1) of column x. */
  fillColumn(classId: number, x: number, y0: number, y1: number): void {
    if (x < 0 || x >= this.width) return;
    y0 = Math.max(0, y0);
    y1 = Math.min(this.height, y1);
    const tx = Math.floor(x / TILE_SIZE), column = x - tx * TILE_SIZE;
    while (y0 < y1) {
      const ty = Math.floor(y0 / TILE_SIZE), tileEnd = Math.min(y1, (ty + 1) * TILE_SIZE);
      const data = this.tile(classId, tx, ty);
      for (let i = (y0 - ty * TILE_SIZE) * TILE_SIZE + column, end = (tileEnd - ty * TILE_SIZE) * TILE_SIZE; i < end; i += TILE_SIZE) data[i] = 1;
      y0 = tileEnd;
    }
  }

  /** The tiles with at least one painted pixel. */
  paintedTiles(): ExportTile[] {
    return [...this.tiles.values()].filter((t) => t.data.some((v) => v !== 0));
  }
}

/** Paints a mask's set runs into the class's tiles; returns how many pixels the runs set. Throws when the runs overrun their box. */
export function paintRuns(target: TileSet, classId: number, runs: MaskRuns): number {
  const { left, top, width, height, order, counts } = runs;
  const total = width * height;
  const lineLength = order === 'row' ? width : height;
  let position = 0, painted = 0;
  for (let i = 0; i < counts.length; i++) {
    const length = counts[i];
    if (!Number.isInteger(length) || length < 0) throw new Error(`run ${i} is not a count (${String(length)})`);
    if (position + length > total) throw new Error(`the runs cover ${position + length} pixels, more than the ${width}x${height} of the mask`);
    if (i % 2 === 1 && length > 0) {
      painted += length;
      let start = position;
      const end = position + length;
      while (start < end) {
        const line = Math.floor(start / lineLength), offset = start - line * lineLength;
        const stop = Math.min(end, (line + 1) * lineLength);
        if (order === 'row') target.fillRow(classId, top + line, left + offset, left + offset + (stop - start));
        else target.fillColumn(classId, left + line, top + offset, top + offset + (stop - start));
        start = stop;
      }
    }
    position += length;
  }
  return painted;
}

/** One class's tiles as a full row-major binary mask of the image. */
export function tilesToMask(tiles: readonly ExportTile[], classId: number, width: number, height: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (const tile of tiles) {
    if (tile.classId !== classId) continue;
    const originX = tile.tx * TILE_SIZE, originY = tile.ty * TILE_SIZE;
    const rows = Math.min(TILE_SIZE, height - originY), columns = Math.min(TILE_SIZE, width - originX);
    for (let row = 0; row < rows; row++) {
      const source = row * TILE_SIZE, target = (originY + row) * width + originX;
      for (let column = 0; column < columns; column++) if (tile.data[source + column]) mask[target + column] = 1;
    }
  }
  return mask;
}

/** The bounding box [x, y, w, h] and pixel count of a binary mask (zeros when empty). */
export function maskExtent(mask: Uint8Array, width: number, height: number): { bbox: [number, number, number, number]; area: number } {
  let minX = width, minY = height, maxX = -1, maxY = -1, area = 0;
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      if (!mask[i]) continue;
      area++;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return area ? { bbox: [minX, minY, maxX - minX + 1, maxY - minY + 1], area } : { bbox: [0, 0, 0, 0], area: 0 };
}

/** Row runs of one value in a full class-id image (alternating, starting with a run of others). */
export function valueRowRuns(pixels: Uint8Array, value: number): number[] {
  const counts: number[] = [];
  let current = false, run = 0;
  for (let i = 0; i < pixels.length; i++) {
    const set = pixels[i] === value;
    if (set === current) run++;
    else {
      counts.push(run);
      current = set;
      run = 1;
    }
  }
  counts.push(run);
  return counts;
}
