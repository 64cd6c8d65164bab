// Brush masks are stored per class as 256x256 tiles (one byte per pixel, 1 = painted), so a stroke
// writes only the tiles it touched and a 6000x6000 image never needs a 36 MB array per edit.

export const TILE_SIZE = 256;

export type TileData = Uint8Array;

export const tileKey = (tx: number, ty: number): string => `${tx},${ty}`;

export function parseTileKey(key: string): { tx: number; ty: number } {
  const [tx, ty] = key.split(',').map(Number);
  return { tx, ty };
}

export function emptyTile(): TileData {
  return new Uint8Array(TILE_SIZE * TILE_SIZE);
}

export function isEmptyTile(data: TileData): boolean {
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) return false;
  return true;
}

export function tilesEqual(a: TileData | null, b: TileData | null): boolean {
  if (a === b) return true;
  const left = a ?? emptyTile(), right = b ?? emptyTile();
  for (let i = 0; i < left.length; i++) if (left[i] !== right[i]) return false;
  return true;
}

/** The painted masks of one image: class id -> tile key -> tile. */
export class MaskLayers {
  private readonly layers = new Map<number, Map<string, TileData>>();
  private readonly tileVersions = new Map<string, number>();
  /** Bumped on every change, so renderers know to look again. */
  revision = 0;

  getTile(classId: number, tx: number, ty: number): TileData | null {
    return this.layers.get(classId)?.get(tileKey(tx, ty)) ?? null;
  }

  setTile(classId: number, tx: number, ty: number, data: TileData | null): void {
    let layer = this.layers.get(classId);
    if (!layer) {
      layer = new Map();
      this.layers.set(classId, layer);
    }
    if (data) layer.set(tileKey(tx, ty), data);
    else layer.delete(tileKey(tx, ty));
    this.touch(classId, tx, ty);
  }

  /** Marks a tile changed in place (during a stroke). */
  touch(classId: number, tx: number, ty: number): void {
    const versionKey = `${classId}:${tileKey(tx, ty)}`;
    this.tileVersions.set(versionKey, (this.tileVersions.get(versionKey) ?? 0) + 1);
    this.revision++;
  }

  tileVersion(classId: number, tx: number, ty: number): number {
    return this.tileVersions.get(`${classId}:${tileKey(tx, ty)}`) ?? 0;
  }

  tilesOf(classId: number): { tx: number; ty: number; data: TileData }[] {
    const layer = this.layers.get(classId);
    if (!layer) return [];
    return [...layer].map(([key, data]) => ({ ...parseTileKey(key), data }));
  }

  paintedClassIds(): number[] {
    return [...this.layers].filter(([, layer]) => [...layer.values()].some((tile) => !isEmptyTile(tile))).map(([classId]) => classId);
  }

  removeClass(classId: number): void {
    this.layers.delete(classId);
    this.revision++;
  }

  clear(): void {
    this.layers.clear();
    this.revision++;
  }
}
