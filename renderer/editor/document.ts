import type { ReviewDecisionRecord, ShapeGeometry } from '../db/records';
import type { MaskEdit } from '../masks/brushStroke';
import type { MaskLayers } from '../masks/maskTiles';

export interface Shape {
  id: string;
  classId: number;
  geometry: ShapeGeometry;
  /** Accepted from a model's proposal (edited or not): shown as model-assisted. Absent for drawn shapes. */
  assisted?: true;
}

/** The annotations of the open image, apart from brush masks (MaskLayers, mutable for speed). */
export interface EditorDocument {
  shapes: readonly Shape[];
  fullyLabeled: boolean;
  /** What the reviewer decided about the image's proposals (so that undo takes a decision back too). */
  decisions?: readonly ReviewDecisionRecord[];
}

export interface ShapeChange {
  before: Shape | null;
  after: Shape | null;
}

export type ShapesEdit = { type: 'shapes'; changes: ShapeChange[] };
export type FullyLabeledEdit = { type: 'fullyLabeled'; before: boolean; after: boolean };
export interface DecisionChange {
  before: ReviewDecisionRecord | null;
  after: ReviewDecisionRecord | null;
}
/** Review decisions and the shapes they add (an accepted proposal becomes a shape): one undoable step. */
export type ReviewEdit = { type: 'review'; shapes: ShapeChange[]; decisions: DecisionChange[] };
/** One undoable change of the document. */
export type DocumentEdit = ShapesEdit | MaskEdit | FullyLabeledEdit | ReviewEdit;

export type EditDirection = 'forward' | 'backward';

export const EMPTY_DOCUMENT: EditorDocument = { shapes: [], fullyLabeled: false };

export const addShapeEdit = (shape: Shape): ShapesEdit => ({ type: 'shapes', changes: [{ before: null, after: shape }] });
export const replaceShapeEdit = (before: Shape, after: Shape): ShapesEdit => ({ type: 'shapes', changes: [{ before, after }] });
export const removeShapeEdit = (shape: Shape): ShapesEdit => ({ type: 'shapes', changes: [{ before: shape, after: null }] });

/** Applies an edit forwards (do/redo) or backwards (undo). Mask tiles are swapped in `masks`. */
export function applyEdit(document: EditorDocument, masks: MaskLayers, edit: DocumentEdit, direction: EditDirection): EditorDocument {
  const forward = direction === 'forward';
  switch (edit.type) {
    case 'shapes':
      return { ...document, shapes: applyChanges(document.shapes, edit.changes, forward) };
    case 'review':
      return { ...document, shapes: applyChanges(document.shapes, edit.shapes, forward), decisions: applyChanges(document.decisions ?? [], edit.decisions, forward) };
    case 'mask':
      for (const tile of edit.tiles) masks.setTile(tile.classId, tile.tx, tile.ty, forward ? tile.after : tile.before);
      return document;
    case 'fullyLabeled':
      return { ...document, fullyLabeled: forward ? edit.after : edit.before };
  }
}

/** Applies before -> after changes (or after -> before) to a list of items with ids. */
function applyChanges<T extends { id: string }>(items: readonly T[], changes: readonly { before: T | null; after: T | null }[], forward: boolean): T[] {
  let result = [...items];
  for (const change of forward ? changes : [...changes].reverse()) {
    const from = forward ? change.before : change.after;
    const to = forward ? change.after : change.before;
    const id = (from ?? to)!.id;
    if (!to) result = result.filter((s) => s.id !== id);
    else if (!from || !result.some((s) => s.id === id)) result.push(to);
    else result = result.map((s) => (s.id === id ? to : s));
  }
  return result;
}
