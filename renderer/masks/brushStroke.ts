import type { ImagePoint } from '../geometry/points';
import { distanceToSegment } from '../geometry/polygon';
import { TILE_SIZE, emptyTile, isEmptyTile, tileKey, tilesEqual, type MaskLayers, type TileData } from './maskTiles';

export interface MaskTileChange {
  classId: number;
  tx: number;
  ty: number;
  before: TileData | null;
  after: TileData | null;
}

/** A stroke's changed tiles; an eraser stroke may change tiles of several classes. */
export interface MaskEdit {
  type: 'mask';
  tiles: MaskTileChange[];
}

interface TouchedTile {
  classId: number;
  tx: number;
  ty: number;
  before: TileData | null;
  working: TileData;
}

/**
 * One brush or eraser stroke in progress. Tiles are copied on first touch and painted in place, so
 * the tiles the stroke started from stay untouched: undo swaps them back, and nothing is stored
 * until the stroke ends (a tab killed mid-stroke leaves the stored mask as it was). A brush paints one
 * class; the eraser clears every class it is given (the visible ones), whatever class is active.
 */
export class BrushStroke {
  private readonly touched = new Map<string, TouchedTile>();

  constructor(
    private readonly layers: MaskLayers,
    classes: number | readonly number[],
    readonly radius: number,
    readonly erase: boolean,
    private readonly imageWidth: number,
    private readonly imageHeight: number,
  ) {
    this.classIds = typeof classes === 'number' ? [classes] : [...classes];
  }

  private readonly classIds: number[];

  /** Paints a capsule of the brush radius from a to b (a dot when a equals b). */
  paintSegment(a: ImagePoint, b: ImagePoint): void {
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    // Long straight strokes are split so each piece only scans a small bounding box.
    const pieces = Math.max(1, Math.ceil(length / Math.max(4, 4 * this.radius)));
    for (let i = 0; i < pieces; i++) {
      const from = { x: a.x + ((b.x - a.x) * i) / pieces, y: a.y + ((b.y - a.y) * i) / pieces };
      const to = { x: a.x + ((b.x - a.x) * (i + 1)) / pieces, y: a.y + ((b.y - a.y) * (i + 1)) / pieces };
      this.paintCapsule(from, to);
    }
  }

  private paintCapsule(a: { x: number; y: number }, b: { x: number; y: number }): void {
    const r = this.radius;
    const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x) - r));
    const x1 = Math.min(this.imageWidth - 1, Math.ceil(Math.max(a.x, b.x) + r));
    const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y) - r));
    const y1 = Math.min(this.imageHeight - 1, Math.ceil(Math.max(a.y, b.y) + r));
    if (x0 > x1 || y0 > y1) return;
    const value = this.erase ? 0 : 1;
    for (const classId of this.classIds) {
      for (let ty = Math.floor(y0 / TILE_SIZE); ty <= Math.floor(y1 / TILE_SIZE); ty++) {
        for (let tx = Math.floor(x0 / TILE_SIZE); tx <= Math.floor(x1 / TILE_SIZE); tx++) {
          const tile = this.workingTile(classId, tx, ty);
          if (!tile) continue;
          const startY = Math.max(y0, ty * TILE_SIZE), endY = Math.min(y1, ty * TILE_SIZE + TILE_SIZE - 1);
          const startX = Math.max(x0, tx * TILE_SIZE), endX = Math.min(x1, tx * TILE_SIZE + TILE_SIZE - 1);
          for (let y = startY; y <= endY; y++) {
            const row = (y - ty * TILE_SIZE) * TILE_SIZE - tx * TILE_SIZE;
            for (let x = startX; x <= endX; x++) {
              if (distanceToSegment({ x: x + 0.5, y: y + 0.5 }, a, b) <= r) tile[row + x] = value;
            }
          }
          this.layers.touch(classId, tx, ty);
        }
      }
    }
  }

  private workingTile(classId: number, tx: number, ty: number): TileData | null {
    const key = `${classId}:${tileKey(tx, ty)}`;
    const known = this.touched.get(key);
    if (known) return known.working;
    const before = this.layers.getTile(classId, tx, ty);
    if (!before && this.erase) return null;
    const working = before ? before.slice() : emptyTile();
    this.touched.set(key, { classId, tx, ty, before, working });
    this.layers.setTile(classId, tx, ty, working);
    return working;
  }

  /** The stroke as an undoable edit, or null when it changed nothing. */
  finish(): MaskEdit | null {
    const tiles: MaskTileChange[] = [];
    for (const { classId, tx, ty, before, working } of this.touched.values()) {
      const after = isEmptyTile(working) ? null : working;
      if (!after) this.layers.setTile(classId, tx, ty, null);
      if (!tilesEqual(before, after)) tiles.push({ classId, tx, ty, before, after });
    }
    return tiles.length ? { type: 'mask', tiles } : null;
  }

  /** Puts every touched tile back as it was (Escape mid-stroke). */
  cancel(): void {
    for (const { classId, tx, ty, before } of this.touched.values()) this.layers.setTile(classId, tx, ty, before);
    this.touched.clear();
  }
}
