import type { ScreenPoint } from '../geometry/points';
import { fitViewport, panBy, screenToImage, zoomAt, type Size, type Viewport } from '../geometry/viewport';
import { MaskLayers } from '../masks/maskTiles';
import { TOOLS, handlersFor } from '../tools/toolRegistry';
import type { KeyInput, Modifiers, ToolContext, ToolStep } from '../tools/toolTypes';
import { actionForBinding, actionNamed } from './actions/actionRegistry';
import { bindingOf } from './actions/keyBinding';
import { applyEdit, type DocumentEdit, type EditDirection, type EditorDocument } from './document';
import { INITIAL_EDITOR_STATE, type EditorClass, type EditorState, type OpenImage } from './editorState';
import { EMPTY_HISTORY, popRedo, popUndo, pushEdit, type History } from './history';

/** Where committed edits go (Dexie in the app, an array in tests). */
export interface EditSink {
  save(imageId: string, edit: DocumentEdit, direction: EditDirection): void;
}

export interface RawPointer extends Modifiers {
  screen: ScreenPoint;
  button: number;
  clickCount: number;
}

const WHEEL_ZOOM_PER_PIXEL = 0.0015;

/**
 * The headless editor: holds the state, routes pointer and key events to the active tool's state
 * handlers and to registered actions, applies edits, keeps undo/redo and hands every edit to the sink
 * as it happens. React components only subscribe and forward events.
 */
export class Editor {
  private state: EditorState = INITIAL_EDITOR_STATE;
  private readonly listeners = new Set<() => void>();
  readonly masks = new MaskLayers();
  private readonly ctx: ToolContext;
  /** Undo history of images opened before, so going back to an image still undoes its edits. */
  private readonly earlierHistories = new Map<string, History>();

  constructor(
    private readonly sink: EditSink,
    newId: () => string = () => crypto.randomUUID(),
  ) {
    this.ctx = { masks: this.masks, newId };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): EditorState => this.state;

  /** Opens an image with its stored annotations and the undo history it had in this session. */
  openImage(image: OpenImage, document: EditorDocument, tiles: { classId: number; tx: number; ty: number; data: Uint8Array }[]): void {
    this.keepHistory();
    const cancelled = this.cancelInteraction(this.state);
    this.masks.clear();
    for (const tile of tiles) this.masks.setTile(tile.classId, tile.tx, tile.ty, tile.data);
    this.set({
      ...cancelled,
      image,
      document,
      history: this.earlierHistories.get(image.id) ?? EMPTY_HISTORY,
      selectedShapeId: null,
      selectedVertex: null,
      lastBrushPoint: null,
      interaction: TOOLS[cancelled.tool].idle,
      viewport: fitViewport(image, cancelled.stageSize),
      masksRevision: this.masks.revision,
    });
  }

  closeImage(): void {
    this.keepHistory();
    this.masks.clear();
    this.set({ ...this.cancelInteraction(this.state), image: null, document: { shapes: [], fullyLabeled: false }, history: EMPTY_HISTORY, masksRevision: this.masks.revision });
  }

  setClasses(classes: readonly EditorClass[]): void {
    const activeStillExists = classes.some((c) => c.classId === this.state.activeClassId);
    this.set({ ...this.state, classes, activeClassId: activeStillExists ? this.state.activeClassId : (classes[0]?.classId ?? null) });
  }

  setActiveClass(classId: number): void {
    this.set({ ...this.state, activeClassId: classId });
  }

  setStageSize(stageSize: Size): void {
    const { image, stageSize: previous, viewport } = this.state;
    if (previous.width === stageSize.width && previous.height === stageSize.height) return;
    // Keep the user's zoom and pan; an image still shown "fitted" is fitted again to the new size.
    const wasFitted = image && JSON.stringify(viewport) === JSON.stringify(fitViewport(image, previous));
    this.set({ ...this.state, stageSize, viewport: wasFitted ? fitViewport(image, stageSize) : viewport });
  }

  setViewport(viewport: Viewport): void {
    this.set({ ...this.state, viewport });
  }

  setBrushRadius(brushRadius: number): void {
    this.set({ ...this.state, brushRadius });
  }

  /** Replaces the document from outside (class deleted or reassigned): no image's history applies any more. */
  reloadDocument(document: EditorDocument, tiles: { classId: number; tx: number; ty: number; data: Uint8Array }[]): void {
    this.earlierHistories.clear();
    this.masks.clear();
    for (const tile of tiles) this.masks.setTile(tile.classId, tile.tx, tile.ty, tile.data);
    this.set({ ...this.cancelInteraction(this.state), document, history: EMPTY_HISTORY, masksRevision: this.masks.revision, selectedShapeId: null });
  }

  pointerDown(raw: RawPointer): void {
    if (raw.button === 1 || this.state.spaceHeld) {
      this.set({ ...this.state, panDrag: { last: raw.screen } });
      return;
    }
    this.runPointer('onPointerDown', raw);
  }

  pointerMove(raw: RawPointer): void {
    const { panDrag } = this.state;
    if (panDrag) {
      const viewport = panBy(this.state.viewport, raw.screen.x - panDrag.last.x, raw.screen.y - panDrag.last.y);
      this.set({ ...this.state, viewport, panDrag: { last: raw.screen } });
      return;
    }
    this.runPointer('onPointerMove', raw);
  }

  pointerUp(raw: RawPointer): void {
    if (this.state.panDrag) {
      this.set({ ...this.state, panDrag: null });
      return;
    }
    this.runPointer('onPointerUp', raw);
  }

  /** Wheel zooms towards the point under the cursor. */
  wheel(screen: ScreenPoint, deltaY: number): void {
    this.set({ ...this.state, viewport: zoomAt(this.state.viewport, screen, Math.exp(-deltaY * WHEEL_ZOOM_PER_PIXEL)) });
  }

  /** Returns whether the key was used (so the caller can prevent the browser's default). */
  keyDown(input: KeyInput): boolean {
    if (input.key === ' ') {
      if (!this.state.spaceHeld) this.set({ ...this.state, spaceHeld: true });
      return true;
    }
    const handled = handlersFor(this.state.tool, this.state.interaction).onKeyDown?.(this.state, input, this.ctx);
    if (handled) {
      this.commit(handled);
      return true;
    }
    const action = actionForBinding(bindingOf(input));
    return action ? this.runStep(action.perform(this.state, this.ctx)) : false;
  }

  keyUp(input: KeyInput): void {
    if (input.key === ' ') this.set({ ...this.state, spaceHeld: false, panDrag: null });
  }

  /**
   * An edit made outside the tools (a review decision): applied, saved and undoable like the tools'
   * own. With `select`, the select tool takes over with that shape selected (E: accept, then edit it).
   */
  commitEdit(edit: DocumentEdit, select?: string): boolean {
    if (!this.state.image) return false;
    const state = select ? { ...this.cancelInteraction({ ...this.state, tool: 'select' }), tool: 'select' as const, selectedShapeId: select, selectedVertex: null } : this.state;
    this.commit({ state, edit });
    return true;
  }

  runAction(name: string): boolean {
    const action = actionNamed(name);
    if (!action) throw new Error(`No editor action named ${name}`);
    return this.runStep(action.perform(this.state, this.ctx));
  }

  private runStep(step: ToolStep | null): boolean {
    if (!step) return false;
    this.commit(step);
    return true;
  }

  private runPointer(event: 'onPointerDown' | 'onPointerMove' | 'onPointerUp', raw: RawPointer): void {
    if (!this.state.image && event === 'onPointerDown') return;
    const input = { ...raw, image: screenToImage(this.state.viewport, raw.screen) };
    const handler = handlersFor(this.state.tool, this.state.interaction)[event];
    if (handler) this.commit(handler(this.state, input, this.ctx));
    else if (event === 'onPointerMove') this.set({ ...this.state, pointer: input.image });
  }

  private commit(step: ToolStep): void {
    let state = step.state;
    const imageId = state.image?.id;
    if (step.edit && imageId) {
      state = { ...state, document: applyEdit(state.document, this.masks, step.edit, 'forward'), history: pushEdit(state.history, step.edit) };
      this.sink.save(imageId, step.edit, 'forward');
    } else if (step.history && imageId) {
      const popped = step.history === 'undo' ? popUndo(state.history) : popRedo(state.history);
      if (popped) {
        const direction: EditDirection = step.history === 'undo' ? 'backward' : 'forward';
        state = { ...state, document: applyEdit(state.document, this.masks, popped.edit, direction), history: popped.history, selectedVertex: null };
        this.sink.save(imageId, popped.edit, direction);
      }
    }
    this.set({ ...state, masksRevision: this.masks.revision });
  }

  private keepHistory(): void {
    const { image, history } = this.state;
    if (image) this.earlierHistories.set(image.id, history);
  }

  /** The image is gone (removed from the project): its undo history goes with it. */
  forgetHistory(imageId: string): void {
    this.earlierHistories.delete(imageId);
  }

  /** After changes made outside the editor to every image (a class deleted), no old history applies. */
  forgetHistories(): void {
    this.earlierHistories.clear();
  }

  private cancelInteraction(state: EditorState): EditorState {
    const cancelled = handlersFor(state.tool, state.interaction).onCancel?.(state, this.ctx) ?? state;
    return { ...cancelled, interaction: TOOLS[cancelled.tool].idle, panDrag: null };
  }

  private set(state: EditorState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
