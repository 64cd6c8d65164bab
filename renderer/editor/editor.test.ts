import { describe, expect, it } from 'vitest';
import { TestEditor } from './testEditor';

describe('editor', () => {
  it('space+drag and middle-drag pan whatever the tool, and the tool state is kept', () => {
    const t = new TestEditor().key('p').click(10, 10).click(50, 10);
    t.keyDown(' ').drag([100, 100], [130, 90]).keyUp(' ');
    expect(t.state.viewport).toMatchObject({ x: 30, y: -10 });
    t.pointerDown(0, 0, { button: 1 }).pointerMove(10, 10).pointerUp(10, 10);
    expect(t.state.viewport).toMatchObject({ x: 40, y: 0 });
    t.expectToBeIn('polygon.drawing');
  });

  it('the pan tool drags the view', () => {
    const t = new TestEditor().key('h').pointerDown(0, 0).expectToBeIn('pan.panning').pointerMove(-20, 5).pointerUp(-20, 5);
    expect(t.state.viewport).toMatchObject({ x: -20, y: 5, scale: 1 });
  });

  it('the wheel zooms towards the cursor: the image point under it stays', () => {
    const t = new TestEditor();
    t.editor.wheel({ x: 200, y: 100 } as never, -400);
    const { scale, x, y } = t.state.viewport;
    expect(scale).toBeGreaterThan(1);
    expect((200 - x) / scale).toBeCloseTo(200);
    expect((100 - y) / scale).toBeCloseTo(100);
  });

  it('fit and 100 % set the zoom', () => {
    const t = new TestEditor({ id: 'i', width: 4000, height: 3000 });
    t.key('f');
    expect(t.state.viewport.scale).toBeCloseTo(Math.min(768 / 4000, 568 / 3000));
    t.key('0');
    expect(t.state.viewport.scale).toBe(1);
  });

  it('drawing in zoomed view stores image coordinates', () => {
    const t = new TestEditor();
    t.editor.setViewport({ scale: 2, x: 10, y: 20 });
    t.key('r').drag([10, 20], [110, 220]);
    expect(t.shapes[0].geometry).toEqual({ kind: 'box', x: 0, y: 0, w: 50, h: 100 });
  });

  it('every edit kind is undone and redone in order, and the sink sees each', () => {
    const t = new TestEditor().key('r').drag([0, 0], [20, 20]).key('b').drag([50, 50], [60, 60]).key('l');
    expect(t.state.document.fullyLabeled).toBe(true);
    t.undo().undo().undo();
    expect(t.shapes).toHaveLength(0);
    expect(t.maskAt(1, 55, 55)).toBe(0);
    expect(t.state.document.fullyLabeled).toBe(false);
    t.redo().redo().redo();
    expect(t.shapes).toHaveLength(1);
    expect(t.maskAt(1, 55, 55)).toBe(1);
    expect(t.state.document.fullyLabeled).toBe(true);
    expect(t.saved).toHaveLength(9);
  });

  it('a new edit after undo clears the redo stack', () => {
    const t = new TestEditor().key('r').drag([0, 0], [20, 20]).undo().drag([30, 30], [50, 50]);
    t.redo();
    expect(t.shapes).toHaveLength(1);
    expect(t.shapes[0].geometry).toMatchObject({ x: 30 });
  });

  it('a number key picks the class for the next shape and leaves the selected shape as it is', () => {
    const t = new TestEditor().key('r').drag([0, 0], [20, 20]).key('2').drag([30, 30], [50, 50]);
    expect(t.shapes.map((s) => s.classId)).toEqual([1, 2]);
    t.key('9');
    expect(t.state.activeClassId).toBe(2);
  });

  it('with the select tool a number key moves the selected shape to that class, undoably', () => {
    const t = new TestEditor().key('r').drag([0, 0], [20, 20]).key('v').click(10, 10);
    expect(t.state.selectedShapeId).toBe(t.shapes[0].id);
    t.key('2');
    expect(t.shapes.map((s) => s.classId)).toEqual([2]);
    t.undo();
    expect(t.shapes.map((s) => s.classId)).toEqual([1]);
  });

  it('switching tool mid-polygon drops the unfinished polygon', () => {
    const t = new TestEditor().key('p').click(10, 10).click(50, 10).key('v').expectToBeIn('select.idle');
    t.key('p').expectToBeIn('polygon.idle');
  });

  it('going back to an image keeps its undo history; each image undoes only its own edits', () => {
    const t = new TestEditor().key('r').drag([0, 0], [20, 20]);
    const first = t.state.image!;
    const stored = t.state.document;
    t.editor.openImage({ id: 'image-2', width: 100, height: 100 }, { shapes: [], fullyLabeled: false }, []);
    expect(t.state.history.undo).toHaveLength(0);
    t.editor.openImage(first, stored, []);
    t.undo();
    expect(t.shapes).toHaveLength(0);
    expect(t.saved.at(-1)).toMatchObject({ imageId: 'image-1', direction: 'backward' });
  });

  it('? toggles the help overlay and Escape closes it', () => {
    const t = new TestEditor().key('?', { shift: true });
    expect(t.state.helpOpen).toBe(true);
    t.key('?', { shift: true });
    expect(t.state.helpOpen).toBe(false);
    t.key('?', { shift: true }).key('Escape');
    expect(t.state.helpOpen).toBe(false);
  });
});
