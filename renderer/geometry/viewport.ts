import { imagePoint, screenPoint, type ImagePoint, type Rect, type ScreenPoint } from './points';

/** screen = image * scale + offset */
export interface Viewport {
  scale: number;
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export const MIN_SCALE = 0.01;
export const MAX_SCALE = 64;

export const IDENTITY_VIEWPORT: Viewport = { scale: 1, x: 0, y: 0 };

export function screenToImage(viewport: Viewport, p: ScreenPoint): ImagePoint {
  return imagePoint((p.x - viewport.x) / viewport.scale, (p.y - viewport.y) / viewport.scale);
}

export function imageToScreen(viewport: Viewport, p: ImagePoint): ScreenPoint {
  return screenPoint(p.x * viewport.scale + viewport.x, p.y * viewport.scale + viewport.y);
}

/** Zooms by `factor` keeping the image point under `anchor` where it is on screen. */
export function zoomAt(viewport: Viewport, anchor: ScreenPoint, factor: number): Viewport {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, viewport.scale * factor));
  const under = screenToImage(viewport, anchor);
  return { scale, x: anchor.x - under.x * scale, y: anchor.y - under.y * scale };
}

export function panBy(viewport: Viewport, dx: number, dy: number): Viewport {
  return { ...viewport, x: viewport.x + dx, y: viewport.y + dy };
}

const FIT_MARGIN = 16;

export function fitViewport(image: Size, stage: Size): Viewport {
  const available = { width: Math.max(1, stage.width - 2 * FIT_MARGIN), height: Math.max(1, stage.height - 2 * FIT_MARGIN) };
  const scale = Math.min(available.width / image.width, available.height / image.height);
  return { scale, x: (stage.width - image.width * scale) / 2, y: (stage.height - image.height * scale) / 2 };
}

/** 100 %: one image pixel per screen pixel, centred on the stage centre's image point. */
export function actualSizeViewport(viewport: Viewport, stage: Size): Viewport {
  return zoomAt(viewport, screenPoint(stage.width / 2, stage.height / 2), 1 / viewport.scale);
}

/** The part of the image (in image pixels) that the stage shows. */
export function visibleImageRect(viewport: Viewport, stage: Size): Rect {
  const topLeft = screenToImage(viewport, screenPoint(0, 0));
  return { x: topLeft.x, y: topLeft.y, w: stage.width / viewport.scale, h: stage.height / viewport.scale };
}
