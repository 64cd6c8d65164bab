// Image and screen coordinates are kept as distinct types so that a screen point is never stored
// as an annotation vertex (or the reverse) without going through the viewport.

declare const imageSpace: unique symbol;
declare const screenSpace: unique symbol;

export type ImagePoint = { readonly x: number; readonly y: number; readonly [imageSpace]: true };
export type ScreenPoint = { readonly x: number; readonly y: number; readonly [screenSpace]: true };

export const imagePoint = (x: number, y: number): ImagePoint => ({ x, y }) as ImagePoint;
export const screenPoint = (x: number, y: number): ScreenPoint => ({ x, y }) as ScreenPoint;

export function distance(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function rectFromCorners(a: ImagePoint, b: ImagePoint): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}

export function rectsIntersect(a: Rect, b: Rect): boolean {
  return a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;
}

export function rectContains(rect: Rect, p: { x: number; y: number }): boolean {
  return p.x >= rect.x && p.x <= rect.x + rect.w && p.y >= rect.y && p.y <= rect.y + rect.h;
}
