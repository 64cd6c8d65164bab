import type { Shape } from '../editor/document';
import type { EditorClass } from '../editor/editorState';
import type { Rect } from '../geometry/points';
import type { Size } from '../geometry/viewport';
import { drawShapes } from './drawShapes';

/** How far past the visible area (as a fraction of it, each side) the raster reaches, so short pans reuse it. */
const MARGIN = 0.25;
const MAX_SIDE_PX = 4096;

export interface ShapesRasterInput {
  shapes: readonly Shape[];
  classes: readonly EditorClass[];
  hiddenShapeId: string | null;
  visible: Rect;
  scale: number;
  image: Size;
  pixelRatio: number;
}

export interface ShapesRaster {
  canvas: HTMLCanvasElement;
  /** The image area the canvas covers, in image pixels. */
  region: Rect;
  scale: number;
}

function contains(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

export function regionToCache(visible: Rect, image: Size): Rect {
  const x = Math.max(0, visible.x - visible.w * MARGIN), y = Math.max(0, visible.y - visible.h * MARGIN);
  const right = Math.min(image.width, visible.x + visible.w * (1 + MARGIN)), bottom = Math.min(image.height, visible.y + visible.h * (1 + MARGIN));
  return { x, y, w: Math.max(0, right - x), h: Math.max(0, bottom - y) };
}

/**
 * The finished shapes drawn once into a bitmap of the area around the view. Panning within it, and
 * zooming (until the zoom settles), only move or scale that bitmap; the paths are drawn again when
 * the shapes change, the view leaves the area, or a new zoom level has settled.
 */
export class ShapesRasterCache {
  private raster: ShapesRaster | null = null;
  private drawnFrom: Pick<ShapesRasterInput, 'shapes' | 'classes' | 'hiddenShapeId'> | null = null;
  redraws = 0;

  get(input: ShapesRasterInput, zoomSettled: boolean): ShapesRaster | null {
    const current = this.raster;
    const sameContent = this.drawnFrom && this.drawnFrom.shapes === input.shapes && this.drawnFrom.classes === input.classes && this.drawnFrom.hiddenShapeId === input.hiddenShapeId;
    if (current && sameContent) {
      if (current.scale !== input.scale && !zoomSettled) return current;
      if (current.scale === input.scale && contains(current.region, clampToImage(input.visible, input.image))) return current;
    }
    this.raster = this.draw(input);
    this.drawnFrom = { shapes: input.shapes, classes: input.classes, hiddenShapeId: input.hiddenShapeId };
    return this.raster;
  }

  /** Whether the bitmap is at an older zoom level than the view. */
  isStale(scale: number): boolean {
    return !!this.raster && this.raster.scale !== scale;
  }

  private draw(input: ShapesRasterInput): ShapesRaster | null {
    const region = regionToCache(input.visible, input.image);
    if (region.w <= 0 || region.h <= 0) return null;
    const density = Math.min(input.scale * input.pixelRatio, MAX_SIDE_PX / region.w, MAX_SIDE_PX / region.h);
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.ceil(region.w * density));
    canvas.height = Math.max(1, Math.ceil(region.h * density));
    const context = canvas.getContext('2d')!;
    context.setTransform(density, 0, 0, density, -region.x * density, -region.y * density);
    // Line widths are given in screen pixels at the view's scale.
    drawShapes(context, input.shapes, input.classes, region, input.scale, input.hiddenShapeId);
    this.redraws++;
    return { canvas, region, scale: input.scale };
  }
}

function clampToImage(visible: Rect, image: Size): Rect {
  const x = Math.max(0, visible.x), y = Math.max(0, visible.y);
  return { x, y, w: Math.max(0, Math.min(image.width, visible.x + visible.w) - x), h: Math.max(0, Math.min(image.height, visible.y + visible.h) - y) };
}
