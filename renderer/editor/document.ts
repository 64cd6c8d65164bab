import type { ShapeGeometry } from '../db/records';
import type { MaskEdit } from '../masks/brushStroke';
import type { MaskLayers } from '../masks/maskTiles';

export interface Shape {
  id: string;
  classId: number;
  geometry: ShapeGeometry;
}

/** The annotations of the open image, apart from brush masks (MaskLayers, mutable for speed). */
export interface EditorDocument {
  shapes: readonly Shape[];
  fullyLabeled: boolean;
}

export interface ShapeChange {
  before: Shape | null;
  after: Shape | null;
}

export type ShapesEdit = { type: 'shapes'; changes: ShapeChange[] };
export type FullyLabeledEdit = { type: 'fullyLabeled'; before: boolean; after: boolean };
/** One undoable change of the document. */
export type DocumentEdit = ShapesEdit | MaskEdit | FullyLabeledEdit;

export type EditDirection = 'forward' | 'backward';

export const EMPTY_DOCUMENT: EditorDocument = { shapes: [], fullyLabeled: false };

export const addShapeEdit = (shape: Shape): ShapesEdit => ({ type: 'shapes', changes: [{ before: null, after: shape }] });
export const replaceShapeEdit = (before: Shape, after: Shape): ShapesEdit => ({ type: 'shapes', changes: [{ before, after }] });
export const removeShapeEdit = (shape: Shape): ShapesEdit => ({ type: 'shapes', changes: [{ before: shape, after: null }] });

/** Applies an edit forwards (do/redo) or backwards (undo). Mask tiles are swapped in `masks`. */
export function applyEdit(document: EditorDocument, masks: MaskLayers, edit: DocumentEdit, direction: EditDirection): EditorDocument {
  const forward = direction === 'forward';
  switch (edit.type) {
    case 'shapes': {
      let shapes = [...document.shapes];
      const changes = forward ? edit.changes : [...edit.changes].reverse();
      for (const change of changes) {
        const from = forward ? change.before : change.after;
        const to = forward ? change.after : change.before;
        const id = (from ?? to)!.id;
        if (!to) shapes = shapes.filter((s) => s.id !== id);
        else if (!from || !shapes.some((s) => s.id === id)) shapes.push(to);
        else shapes = shapes.map((s) => (s.id === id ? to : s));
      }
      return { ...document, shapes };
    }
    case 'mask':
      for (const tile of edit.tiles) masks.setTile(tile.classId, tile.tx, tile.ty, forward ? tile.after : tile.before);
      return document;
    case 'fullyLabeled':
      return { ...document, fullyLabeled: forward ? edit.after : edit.before };
  }
}
