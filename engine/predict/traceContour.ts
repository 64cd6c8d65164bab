// Outer boundary of one 8-connected component, by Moore-neighbour tracing on the component's own bitmap
// (a crop around it), as pixel-corner-free centre coordinates. Written here: the npm contour packages
// either trace iso-lines of a scalar field (marching squares, d3-contour) and would merge touching
// components, or are unmaintained; this is one short, tested function.

import type { Component } from './connectedComponents';

// Clockwise from west, in image coordinates (y down).
const DX = [-1, -1, 0, 1, 1, 1, 0, -1];
const DY = [0, -1, -1, -1, 0, 1, 1, 1];

/** [x0, y0, x1, y1, ...] of the boundary pixels in order (a single pixel gives one point). */
export function traceContour(component: Component, width: number): number[] {
  const cropWidth = component.maxX - component.minX + 3;
  const cropHeight = component.maxY - component.minY + 3;
  const inside = new Uint8Array(cropWidth * cropHeight);
  for (const pixel of component.pixels) {
    const x = (pixel % width) - component.minX + 1;
    const y = Math.floor(pixel / width) - component.minY + 1;
    inside[y * cropWidth + x] = 1;
  }
  const isInside = (x: number, y: number) => inside[y * cropWidth + x] === 1;
  // Start at the top-most, then left-most pixel; we arrived from the west.
  let startX = -1;
  let startY = -1;
  for (let i = 0; i < inside.length && startX < 0; i++) {
    if (inside[i]) {
      startX = i % cropWidth;
      startY = Math.floor(i / cropWidth);
    }
  }
  const points: number[] = [];
  let x = startX;
  let y = startY;
  let searchFrom = 0; // direction of the last outside neighbour seen (west of the start is outside)
  let firstDirection = -1;
  const maxSteps = 4 * component.pixels.length + 8;
  for (let step = 0; step < maxSteps; step++) {
    let direction = -1;
    for (let k = 0; k < 8; k++) {
      const candidate = (searchFrom + k) % 8;
      if (isInside(x + DX[candidate], y + DY[candidate])) {
        direction = candidate;
        break;
      }
    }
    // Jacob's stopping criterion: back at the start, about to leave it the way we first did.
    if (step > 0 && x === startX && y === startY && direction === firstDirection) break;
    points.push(x + component.minX - 1, y + component.minY - 1);
    if (direction < 0) break; // a single pixel
    if (step === 0) firstDirection = direction;
    x += DX[direction];
    y += DY[direction];
    // From the new pixel, the last outside cell checked lies at this direction.
    searchFrom = direction % 2 === 0 ? (direction + 6) % 8 : (direction + 5) % 8;
  }
  return points;
}
