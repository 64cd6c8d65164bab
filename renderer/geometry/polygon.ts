import { imagePoint, type ImagePoint, type Rect } from './points';

/** Polygons are stored flat, [x0, y0, x1, y1, ...], in image pixels. */
export type FlatPoints = readonly number[];

export function vertexAt(points: FlatPoints, index: number): ImagePoint {
  return imagePoint(points[2 * index], points[2 * index + 1]);
}

export function vertexCount(points: FlatPoints): number {
  return points.length / 2;
}

export function flatten(points: readonly ImagePoint[]): number[] {
  return points.flatMap((p) => [p.x, p.y]);
}

export function boundsOf(points: FlatPoints): Rect {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < points.length; i += 2) {
    minX = Math.min(minX, points[i]);
    maxX = Math.max(maxX, points[i]);
    minY = Math.min(minY, points[i + 1]);
    maxY = Math.max(maxY, points[i + 1]);
  }
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

export function containsPoint(points: FlatPoints, p: { x: number; y: number }): boolean {
  let inside = false;
  const n = vertexCount(points);
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = points[2 * i], yi = points[2 * i + 1], xj = points[2 * j], yj = points[2 * j + 1];
    if (yi > p.y !== yj > p.y && p.x < ((xj - xi) * (p.y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function distanceToSegment(p: { x: number; y: number }, a: { x: number; y: number }, b: { x: number; y: number }): number {
  const dx = b.x - a.x, dy = b.y - a.y;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSquared));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** Index of the vertex within `tolerance` of p, or -1. */
export function nearestVertex(points: FlatPoints, p: { x: number; y: number }, tolerance: number): number {
  let best = -1, bestDistance = tolerance;
  for (let i = 0; i < vertexCount(points); i++) {
    const d = Math.hypot(points[2 * i] - p.x, points[2 * i + 1] - p.y);
    if (d <= bestDistance) {
      best = i;
      bestDistance = d;
    }
  }
  return best;
}

/** Index of the edge (from vertex i to i+1, closing) within `tolerance` of p, or -1. */
export function nearestEdge(points: FlatPoints, p: { x: number; y: number }, tolerance: number): number {
  let best = -1, bestDistance = tolerance;
  const n = vertexCount(points);
  for (let i = 0; i < n; i++) {
    const d = distanceToSegment(p, vertexAt(points, i), vertexAt(points, (i + 1) % n));
    if (d <= bestDistance) {
      best = i;
      bestDistance = d;
    }
  }
  return best;
}

export function insertVertex(points: FlatPoints, afterIndex: number, p: ImagePoint): number[] {
  const copy = [...points];
  copy.splice(2 * (afterIndex + 1), 0, p.x, p.y);
  return copy;
}

export function removeVertex(points: FlatPoints, index: number): number[] {
  const copy = [...points];
  copy.splice(2 * index, 2);
  return copy;
}

export function moveVertex(points: FlatPoints, index: number, p: ImagePoint): number[] {
  const copy = [...points];
  copy[2 * index] = p.x;
  copy[2 * index + 1] = p.y;
  return copy;
}

export function translate(points: FlatPoints, dx: number, dy: number): number[] {
  return points.map((v, i) => (i % 2 === 0 ? v + dx : v + dy));
}
