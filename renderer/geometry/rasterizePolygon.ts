import type { FlatPoints } from './polygon';

/**
 * Calls fill(y, xStart, xEnd) for each run of pixels whose centre lies inside the polygon (even-odd
 * rule), clipped to width x height. xEnd is exclusive.
 */
export function forEachPolygonRun(points: FlatPoints, width: number, height: number, fill: (y: number, xStart: number, xEnd: number) => void): void {
  const n = points.length / 2;
  if (n < 3) return;
  let minY = Infinity, maxY = -Infinity;
  for (let i = 1; i < points.length; i += 2) {
    minY = Math.min(minY, points[i]);
    maxY = Math.max(maxY, points[i]);
  }
  const rowStart = Math.max(0, Math.floor(minY)), rowEnd = Math.min(height - 1, Math.ceil(maxY));
  const crossings: number[] = [];
  for (let y = rowStart; y <= rowEnd; y++) {
    const cy = y + 0.5;
    crossings.length = 0;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const yi = points[2 * i + 1], yj = points[2 * j + 1];
      if (yi > cy !== yj > cy) {
        const xi = points[2 * i], xj = points[2 * j];
        crossings.push(xi + ((cy - yi) * (xj - xi)) / (yj - yi));
      }
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      // Pixel x is inside when its centre x + 0.5 lies in [left, right).
      const xStart = Math.max(0, Math.ceil(crossings[k] - 0.5));
      const xEnd = Math.min(width, Math.ceil(crossings[k + 1] - 0.5));
      if (xEnd > xStart) fill(y, xStart, xEnd);
    }
  }
}
