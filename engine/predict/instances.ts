// A segmentation -> instances: per class (background excluded), connected components large enough to be
// more than output-grid speckle, with their mean confidence, box and outer polygon (simplified with
// simplify-js, Douglas-Peucker + radial distance).

import simplify from 'simplify-js';
import type { ClassSpec, PredictedInstance } from '../../contract/jobs';
import { connectedComponents } from './connectedComponents';
import type { Segmentation } from './segmentImage';
import { traceContour } from './traceContour';

export interface InstanceOptions {
  /** Components smaller than this many pixels are dropped (speckle). */
  minPixels: number;
  /** Polygon simplification tolerance in pixels. */
  tolerance: number;
}

export const DEFAULT_INSTANCE_OPTIONS: InstanceOptions = { minPixels: 8, tolerance: 1 };

/**
 * The options for a segmentation: components smaller than 2x2 cells of the model's output grid are
 * interpolation speckle, not objects. On camvid_dev street scenes (480x360, 5 px cells) this drops 62% of
 * the components (66 to 25 per image) and 0.14% of the correctly predicted pixels.
 */
export function instanceOptionsFor(segmentation: Pick<Segmentation, 'cellSize'>): InstanceOptions {
  return { ...DEFAULT_INSTANCE_OPTIONS, minPixels: Math.max(DEFAULT_INSTANCE_OPTIONS.minPixels, Math.round(4 * segmentation.cellSize ** 2)) };
}

export function isBackground(spec: ClassSpec): boolean {
  return /^(background|bg|_background_)$/i.test(spec.name);
}

export function extractInstances(segmentation: Segmentation, classes: ClassSpec[], options: InstanceOptions = instanceOptionsFor(segmentation)): PredictedInstance[] {
  const instances: PredictedInstance[] = [];
  classes.forEach((spec, index) => {
    if (isBackground(spec)) return;
    for (const component of connectedComponents(segmentation.classIndex, segmentation.width, segmentation.height, index)) {
      if (component.pixels.length < options.minPixels) continue;
      let confidence = 0;
      for (const pixel of component.pixels) confidence += segmentation.confidence[pixel];
      const contour = traceContour(component, segmentation.width);
      const points = [];
      for (let i = 0; i < contour.length; i += 2) points.push({ x: contour[i], y: contour[i + 1] });
      const simplified = points.length > 2 ? simplify(points, options.tolerance, true) : points;
      instances.push({
        classId: spec.id,
        score: confidence / component.pixels.length,
        polygon: simplified.flatMap((p) => [p.x, p.y]),
        box: { x: component.minX, y: component.minY, w: component.maxX - component.minX + 1, h: component.maxY - component.minY + 1 },
      });
    }
  });
  return instances.sort((a, b) => b.score - a.score);
}
