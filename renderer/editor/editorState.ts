import type { Size, Viewport } from '../geometry/viewport';
import { IDENTITY_VIEWPORT } from '../geometry/viewport';
import type { ImagePoint, ScreenPoint } from '../geometry/points';
import type { Interaction, ToolName } from '../tools/toolTypes';
import { EMPTY_DOCUMENT, type EditorDocument } from './document';
import { EMPTY_HISTORY, type History } from './history';

export interface EditorClass {
  classId: number;
  name: string;
  color: string;
  opacity: number;
  visible: boolean;
}

export interface OpenImage {
  id: string;
  width: number;
  height: number;
}

export interface EditorState {
  image: OpenImage | null;
  document: EditorDocument;
  /** Changes whenever a brush mask changes (the masks themselves live outside the state). */
  masksRevision: number;
  history: History;
  classes: readonly EditorClass[];
  activeClassId: number | null;
  tool: ToolName;
  interaction: Interaction;
  selectedShapeId: string | null;
  selectedVertex: number | null;
  viewport: Viewport;
  stageSize: Size;
  /** Brush and eraser radius in image pixels. */
  brushRadius: number;
  /** Where the last brush stroke ended: shift+click paints a straight line from there. */
  lastBrushPoint: ImagePoint | null;
  /** Image point under the pointer, for the brush outline. */
  pointer: ImagePoint | null;
  spaceHeld: boolean;
  /** Panning with space or the middle button, whatever the tool. */
  panDrag: { last: ScreenPoint } | null;
  helpOpen: boolean;
}

export const INITIAL_EDITOR_STATE: EditorState = {
  image: null,
  document: EMPTY_DOCUMENT,
  masksRevision: 0,
  history: EMPTY_HISTORY,
  classes: [],
  activeClassId: null,
  tool: 'select',
  interaction: { state: 'select.idle' },
  selectedShapeId: null,
  selectedVertex: null,
  viewport: IDENTITY_VIEWPORT,
  stageSize: { width: 800, height: 600 },
  brushRadius: 8,
  lastBrushPoint: null,
  pointer: null,
  spaceHeld: false,
  panDrag: null,
  helpOpen: false,
};

export function selectedShape(state: EditorState) {
  return state.document.shapes.find((s) => s.id === state.selectedShapeId) ?? null;
}

export function classById(state: EditorState, classId: number): EditorClass | undefined {
  return state.classes.find((c) => c.classId === classId);
}

/** Screen pixels within which a click grabs a vertex, edge or handle, in image pixels. */
export function grabTolerance(state: EditorState): number {
  return 6 / state.viewport.scale;
}
