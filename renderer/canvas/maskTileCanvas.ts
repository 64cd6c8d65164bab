import { TILE_SIZE, type TileData } from '../masks/maskTiles';

interface CachedTile {
  canvas: HTMLCanvasElement;
  version: number;
  color: string;
}

/** Tile canvases coloured with their class, redrawn only when the tile's version or colour changes. */
export class MaskTileCanvases {
  private readonly cache = new Map<string, CachedTile>();

  canvasFor(key: string, data: TileData, version: number, color: string): { canvas: HTMLCanvasElement; changed: boolean } {
    let cached = this.cache.get(key);
    if (cached && cached.version === version && cached.color === color) return { canvas: cached.canvas, changed: false };
    if (!cached) {
      const canvas = document.createElement('canvas');
      canvas.width = TILE_SIZE;
      canvas.height = TILE_SIZE;
      cached = { canvas, version, color };
      this.cache.set(key, cached);
    }
    cached.version = version;
    cached.color = color;
    paint(cached.canvas, data, color);
    return { canvas: cached.canvas, changed: true };
  }

  clear(): void {
    this.cache.clear();
  }
}

function paint(canvas: HTMLCanvasElement, data: TileData, color: string): void {
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(TILE_SIZE, TILE_SIZE);
  const pixels = new Uint32Array(image.data.buffer);
  const r = parseInt(color.slice(1, 3), 16), g = parseInt(color.slice(3, 5), 16), b = parseInt(color.slice(5, 7), 16);
  // ImageData is RGBA in memory; on little-endian machines the Uint32 reads it as ABGR.
  const opaque = (255 << 24) | (b << 16) | (g << 8) | r;
  for (let i = 0; i < data.length; i++) if (data[i]) pixels[i] = opaque;
  context.putImageData(image, 0, 0);
}
