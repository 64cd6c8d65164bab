import type { EditorState } from '../editor/editorState';
import type { DocumentEdit, Shape } from '../editor/document';
import type { ImagePoint, ScreenPoint } from '../geometry/points';
import type { BrushStroke } from '../masks/brushStroke';
import type { MaskLayers } from '../masks/maskTiles';

export type ToolName = 'select' | 'box' | 'polygon' | 'brush' | 'eraser' | 'pan';

export type BoxCorner = 'nw' | 'ne' | 'sw' | 'se';

/** What the active tool is doing: `<tool>.<state>` plus that state's data. */
export type Interaction =
  | { state: 'select.idle' }
  | { state: 'select.moving'; start: ImagePoint; original: Shape; preview: Shape }
  | { state: 'select.resizing'; corner: BoxCorner; original: Shape; preview: Shape }
  | { state: 'select.draggingVertex'; index: number; original: Shape; preview: Shape }
  | { state: 'box.idle' }
  | { state: 'box.drawing'; start: ImagePoint; current: ImagePoint }
  | { state: 'polygon.idle' }
  | { state: 'polygon.drawing'; points: ImagePoint[]; cursor: ImagePoint | null }
  | { state: 'polygon.editing'; index: number; original: Shape; preview: Shape }
  | { state: 'brush.idle' }
  | { state: 'brush.painting'; stroke: BrushStroke; last: ImagePoint }
  | { state: 'eraser.idle' }
  | { state: 'eraser.painting'; stroke: BrushStroke; last: ImagePoint }
  | { state: 'pan.idle' }
  | { state: 'pan.panning'; last: ScreenPoint };

export type InteractionState = Interaction['state'];

export interface Modifiers {
  shift: boolean;
  alt: boolean;
  /** Ctrl, or Cmd on macOS. */
  mod: boolean;
}

export interface PointerInput extends Modifiers {
  screen: ScreenPoint;
  image: ImagePoint;
  /** 0 primary, 1 middle, 2 secondary. */
  button: number;
  /** 2 on a double click. */
  clickCount: number;
}

export interface KeyInput extends Modifiers {
  key: string;
}

/**
 * What a handler or action returns: the next state, plus an edit that goes on the undo stack (the
 * editor applies it to the document and saves it), or a request to undo/redo.
 */
export interface ToolStep {
  state: EditorState;
  edit?: DocumentEdit;
  history?: 'undo' | 'redo';
}

export interface ToolContext {
  masks: MaskLayers;
  newId(): string;
}

export type PointerHandler = (state: EditorState, input: PointerInput, ctx: ToolContext) => ToolStep;
/** Returns null when the key is not handled here, so the editor tries the registered actions. */
export type KeyHandler = (state: EditorState, input: KeyInput, ctx: ToolContext) => ToolStep | null;

/** The events one state of a tool handles; the others are ignored. */
export interface StateHandlers {
  onPointerDown?: PointerHandler;
  onPointerMove?: PointerHandler;
  onPointerUp?: PointerHandler;
  onKeyDown?: KeyHandler;
  /** Leaving the state without finishing (tool switch, image switch): undo what it started. */
  onCancel?: (state: EditorState, ctx: ToolContext) => EditorState;
}

export interface ToolDefinition {
  name: ToolName;
  idle: Interaction;
  states: Record<string, StateHandlers>;
}
