import type { EditorState } from '../editor/editorState';
import type { Shape } from '../editor/document';
import { rectContains, type ImagePoint } from '../geometry/points';
import { containsPoint, nearestEdge, nearestVertex } from '../geometry/polygon';
import type { BoxCorner } from './toolTypes';

function isVisible(state: EditorState, shape: Shape): boolean {
  return state.classes.find((c) => c.classId === shape.classId)?.visible ?? true;
}

/** The topmost visible shape under p (last drawn is on top). */
export function shapeAt(state: EditorState, p: ImagePoint, tolerance: number): Shape | null {
  const shapes = state.document.shapes;
  for (let i = shapes.length - 1; i >= 0; i--) {
    const shape = shapes[i];
    if (!isVisible(state, shape)) continue;
    const g = shape.geometry;
    if (g.kind === 'box') {
      if (rectContains({ x: g.x - tolerance, y: g.y - tolerance, w: g.w + 2 * tolerance, h: g.h + 2 * tolerance }, p)) return shape;
    } else if (containsPoint(g.points, p) || nearestEdge(g.points, p, tolerance) >= 0) {
      return shape;
    }
  }
  return null;
}

export function boxCornerAt(shape: Shape, p: ImagePoint, tolerance: number): BoxCorner | null {
  const g = shape.geometry;
  if (g.kind !== 'box') return null;
  const corners: [BoxCorner, number, number][] = [
    ['nw', g.x, g.y],
    ['ne', g.x + g.w, g.y],
    ['sw', g.x, g.y + g.h],
    ['se', g.x + g.w, g.y + g.h],
  ];
  return corners.find(([, x, y]) => Math.hypot(p.x - x, p.y - y) <= tolerance)?.[0] ?? null;
}

export function polygonVertexAt(shape: Shape, p: ImagePoint, tolerance: number): number {
  return shape.geometry.kind === 'polygon' ? nearestVertex(shape.geometry.points, p, tolerance) : -1;
}

export function polygonEdgeAt(shape: Shape, p: ImagePoint, tolerance: number): number {
  return shape.geometry.kind === 'polygon' ? nearestEdge(shape.geometry.points, p, tolerance) : -1;
}
