// COCO instances JSON from a project: each polygon and box is one annotation; each class's brush
// mask on an image is one annotation with compressed RLE. Every annotation says where it came from
// in attributes.source ('manual', 'predicted' = an accepted pre-label, 'proposal' = not reviewed).
import { encodeRleCounts, maskToColumnCounts } from './cocoRle';
import type { ExportProject, ExportShape } from './exchangeTypes';
import { maskExtent, tilesToMask } from './maskRuns';
import { boundsOf } from '../geometry/polygon';

interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  segmentation: number[][] | { size: [number, number]; counts: string };
  area: number;
  bbox: [number, number, number, number];
  iscrowd: 0;
  attributes: { source: string };
  score?: number;
}

function polygonArea(points: readonly number[]): number {
  let twice = 0;
  for (let i = 0, n = points.length; i < n; i += 2) {
    const j = (i + 2) % n;
    twice += points[i] * points[j + 1] - points[j] * points[i + 1];
  }
  return Math.abs(twice) / 2;
}

function pointsBox(points: readonly number[]): [number, number, number, number] {
  const { x, y, w, h } = boundsOf(points);
  return [x, y, w, h];
}

function shapeAnnotation(shape: ExportShape, id: number, imageId: number): CocoAnnotation {
  const base = { id, image_id: imageId, category_id: shape.classId, iscrowd: 0 as const, attributes: { source: shape.source }, ...(shape.score !== undefined ? { score: shape.score } : {}) };
  const geometry = shape.geometry;
  if (geometry.kind === 'box') return { ...base, segmentation: [], area: geometry.w * geometry.h, bbox: [geometry.x, geometry.y, geometry.w, geometry.h] };
  return { ...base, segmentation: [[...geometry.points]], area: polygonArea(geometry.points), bbox: pointsBox(geometry.points) };
}

export interface CocoOptions {
  /** Written in info.date_created; defaults to now. */
  date?: Date;
}

/** The project as a COCO instances object (JSON.stringify it to write the file). */
export function projectToCoco(project: ExportProject, options: CocoOptions = {}): object {
  const annotations: CocoAnnotation[] = [];
  const images = project.images.map((image, index) => {
    const imageId = index + 1;
    for (const shape of image.shapes) annotations.push(shapeAnnotation(shape, annotations.length + 1, imageId));
    const maskClasses = [...new Set(image.tiles.map((t) => t.classId))].sort((a, b) => a - b);
    for (const classId of maskClasses) {
      const mask = tilesToMask(image.tiles, classId, image.width, image.height);
      const { bbox, area } = maskExtent(mask, image.width, image.height);
      if (!area) continue;
      const counts = encodeRleCounts(maskToColumnCounts(mask, image.width, image.height));
      annotations.push({ id: annotations.length + 1, image_id: imageId, category_id: classId, segmentation: { size: [image.height, image.width], counts }, area, bbox, iscrowd: 0, attributes: { source: 'manual' } });
    }
    return { id: imageId, file_name: image.name, width: image.width, height: image.height };
  });
  return {
    info: { description: project.name, version: '1.0', year: (options.date ?? new Date()).getUTCFullYear(), contributor: 'SegAdapt', date_created: (options.date ?? new Date()).toISOString() },
    licenses: [],
    categories: project.classes.map((c) => ({ id: c.classId, name: c.name, supercategory: '' })),
    images,
    annotations,
  };
}
