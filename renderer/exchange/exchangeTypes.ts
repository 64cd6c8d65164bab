// The plain data every format reader produces and every writer takes: no Dexie, no DOM, so each
// format is a pure function from file text or bytes to these shapes (or back) and can be unit-tested.
import type { ShapeGeometry } from '../db/records';

/** Where an annotation came from: drawn by a person, an accepted pre-label, or a pending (unreviewed) proposal. */
export type ExchangeSource = 'manual' | 'predicted' | 'proposal';

export interface ExchangeShape {
  label: string;
  geometry: ShapeGeometry;
  source: ExchangeSource;
  score?: number;
}

/**
 * A binary mask as runs: counts alternate unset, set, unset, ... starting with unset, over the box
 * (left, top, width, height) of the image, scanned row by row ('row', CVAT) or column by column
 * ('column', COCO RLE).
 */
export interface MaskRuns {
  left: number;
  top: number;
  width: number;
  height: number;
  order: 'row' | 'column';
  counts: ArrayLike<number>;
}

export interface ExchangeMask {
  label: string;
  runs: MaskRuns;
  source: ExchangeSource;
}

export interface ExchangeImage {
  /** As the file names it: may carry folders ('images/a.jpg') or an upload prefix. */
  fileName: string;
  /** Size the file declares, when it declares one (checked against the project's image). */
  width: number | null;
  height: number | null;
  shapes: ExchangeShape[];
  masks: ExchangeMask[];
  /** Set by class-id masks: unpainted pixels are background. */
  fullyLabeled?: boolean;
}

/** What one annotation file (or data folder) holds. */
export interface ExchangeDocument {
  format: string;
  /** Label names the file declares, in its order (some may be unused). */
  labels: string[];
  images: ExchangeImage[];
  /** Things the file holds that SegAdapt cannot import (polylines, points, ...), one line each. */
  unsupported: string[];
}

/** A malformed or truncated file: names the file and the problem, with line or JSON path where known. */
export class ExchangeFormatError extends Error {
  constructor(
    readonly fileName: string,
    readonly problem: string,
  ) {
    super(`${fileName}: ${problem}`);
    this.name = 'ExchangeFormatError';
  }
}

// The project side, for export.

export interface ExportClass {
  classId: number;
  name: string;
  color: string;
}

export interface ExportShape {
  classId: number;
  geometry: ShapeGeometry;
  source: ExchangeSource;
  score?: number;
}

export interface ExportTile {
  classId: number;
  tx: number;
  ty: number;
  data: Uint8Array;
}

export interface ExportImage {
  name: string;
  width: number;
  height: number;
  fullyLabeled: boolean;
  shapes: ExportShape[];
  tiles: ExportTile[];
}

export interface ExportProject {
  name: string;
  classes: ExportClass[];
  images: ExportImage[];
}
