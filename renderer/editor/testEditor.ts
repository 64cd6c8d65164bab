// Headless editor harness for tests: drive tools with pointer and key events in screen
// coordinates, without a canvas (after tldraw's TestEditor).
import { screenPoint } from '../geometry/points';
import { IDENTITY_VIEWPORT } from '../geometry/viewport';
import type { InteractionState, KeyInput } from '../tools/toolTypes';
import type { DocumentEdit, EditDirection, EditorDocument } from './document';
import { Editor, type EditSink } from './editor';
import type { EditorClass, OpenImage } from './editorState';

export interface SavedEdit {
  imageId: string;
  edit: DocumentEdit;
  direction: EditDirection;
}

export const TEST_CLASSES: EditorClass[] = [
  { classId: 1, name: 'cell', color: '#e6194b', opacity: 0.5, visible: true },
  { classId: 2, name: 'debris', color: '#3cb44b', opacity: 0.5, visible: true },
];

interface PointerOptions {
  shift?: boolean;
  alt?: boolean;
  button?: number;
  clickCount?: number;
}

export class TestEditor {
  readonly saved: SavedEdit[] = [];
  readonly editor: Editor;
  private nextId = 1;

  /** `alsoSaveTo` receives every edit too (the Dexie writer, in persistence tests). */
  constructor(image: OpenImage = { id: 'image-1', width: 400, height: 300 }, document: EditorDocument = { shapes: [], fullyLabeled: false }, alsoSaveTo?: EditSink) {
    const sink: EditSink = {
      save: (imageId, edit, direction) => {
        this.saved.push({ imageId, edit, direction });
        alsoSaveTo?.save(imageId, edit, direction);
      },
    };
    this.editor = new Editor(sink, () => `shape-${this.nextId++}`);
    this.editor.setClasses(TEST_CLASSES);
    this.editor.setStageSize({ width: 800, height: 600 });
    this.editor.openImage(image, document, []);
    // Screen and image coordinates start equal, so tests read naturally; zoom and pan tests change it.
    this.editor.setViewport(IDENTITY_VIEWPORT);
  }

  get state() {
    return this.editor.getState();
  }

  get shapes() {
    return this.state.document.shapes;
  }

  /** Screen coordinates (equal to image coordinates until the test zooms or pans). */
  pointerDown(x: number, y: number, options: PointerOptions = {}): this {
    this.editor.pointerDown(this.pointer(x, y, options));
    return this;
  }

  pointerMove(x: number, y: number, options: PointerOptions = {}): this {
    this.editor.pointerMove(this.pointer(x, y, options));
    return this;
  }

  pointerUp(x: number, y: number, options: PointerOptions = {}): this {
    this.editor.pointerUp(this.pointer(x, y, options));
    return this;
  }

  click(x: number, y: number, options: PointerOptions = {}): this {
    return this.pointerDown(x, y, options).pointerUp(x, y, options);
  }

  drag(from: [number, number], to: [number, number], options: PointerOptions = {}): this {
    return this.pointerDown(...from, options).pointerMove((from[0] + to[0]) / 2, (from[1] + to[1]) / 2, options).pointerMove(...to, options).pointerUp(...to, options);
  }

  key(key: string, modifiers: Partial<Omit<KeyInput, 'key'>> = {}): this {
    this.editor.keyDown({ key, shift: false, alt: false, mod: false, ...modifiers });
    this.editor.keyUp({ key, shift: false, alt: false, mod: false, ...modifiers });
    return this;
  }

  keyDown(key: string): this {
    this.editor.keyDown({ key, shift: false, alt: false, mod: false });
    return this;
  }

  keyUp(key: string): this {
    this.editor.keyUp({ key, shift: false, alt: false, mod: false });
    return this;
  }

  undo(): this {
    return this.key('z', { mod: true });
  }

  redo(): this {
    return this.key('z', { mod: true, shift: true });
  }

  expectToBeIn(state: InteractionState): this {
    if (this.state.interaction.state !== state) throw new Error(`Expected the editor to be in ${state}, it is in ${this.state.interaction.state}`);
    return this;
  }

  /** Image pixel (x, y) of the class mask: 1 painted, 0 not. */
  maskAt(classId: number, x: number, y: number): number {
    const tile = this.editor.masks.getTile(classId, Math.floor(x / 256), Math.floor(y / 256));
    return tile ? tile[(y % 256) * 256 + (x % 256)] : 0;
  }

  private pointer(x: number, y: number, options: PointerOptions) {
    return {
      screen: screenPoint(x, y),
      button: options.button ?? 0,
      clickCount: options.clickCount ?? 1,
      shift: options.shift ?? false,
      alt: options.alt ?? false,
      mod: false,
    };
  }
}
