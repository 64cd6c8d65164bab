import type { Shape } from '../editor/document';
import type { EditorClass } from '../editor/editorState';
import { rectsIntersect, type Rect } from '../geometry/points';
import { boundsOf } from '../geometry/polygon';

const boundsCache = new WeakMap<Shape['geometry'], Rect>();

function boundsOfShape(shape: Shape): Rect {
  const g = shape.geometry;
  if (g.kind === 'box') return g;
  let bounds = boundsCache.get(g);
  if (!bounds) {
    bounds = boundsOf(g.points);
    boundsCache.set(g, bounds);
  }
  return bounds;
}

/**
 * Draws every visible shape that intersects `visible`, one path per class (one fill and one stroke
 * call per class instead of one per shape: 1,000 polygons cost a handful of draw calls).
 */
export function drawShapes(
  context: CanvasRenderingContext2D,
  shapes: readonly Shape[],
  classes: readonly EditorClass[],
  visible: Rect,
  scale: number,
  skipShapeId: string | null,
): number {
  let drawn = 0;
  const lineWidth = 1.5 / scale;
  for (const cls of classes) {
    if (!cls.visible) continue;
    const polygons = new Path2D();
    const boxes = new Path2D();
    let any = false;
    for (const shape of shapes) {
      if (shape.classId !== cls.classId || shape.id === skipShapeId) continue;
      if (!rectsIntersect(boundsOfShape(shape), visible)) continue;
      any = true;
      drawn++;
      const g = shape.geometry;
      if (g.kind === 'box') {
        boxes.rect(g.x, g.y, g.w, g.h);
      } else {
        polygons.moveTo(g.points[0], g.points[1]);
        for (let i = 2; i < g.points.length; i += 2) polygons.lineTo(g.points[i], g.points[i + 1]);
        polygons.closePath();
      }
    }
    if (!any) continue;
    context.lineWidth = lineWidth;
    context.strokeStyle = cls.color;
    context.fillStyle = cls.color;
    context.globalAlpha = cls.opacity * 0.6;
    context.fill(polygons);
    context.globalAlpha = Math.min(1, cls.opacity + 0.4);
    context.stroke(polygons);
    context.stroke(boxes);
    context.globalAlpha = cls.opacity * 0.15;
    context.fill(boxes);
    context.globalAlpha = 1;
  }
  return drawn;
}
