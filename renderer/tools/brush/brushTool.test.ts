import { describe, expect, it } from 'vitest';
import { TestEditor } from '../../editor/testEditor';

describe('brush and eraser', () => {
  it('a stroke paints the active class mask at image resolution, saved once when it ends', () => {
    const t = new TestEditor().key('b').expectToBeIn('brush.idle');
    t.pointerDown(20, 20).expectToBeIn('brush.painting').pointerMove(40, 20).pointerMove(60, 20);
    expect(t.saved).toHaveLength(0);
    t.pointerUp(60, 20).expectToBeIn('brush.idle');
    expect(t.maskAt(1, 40, 20)).toBe(1);
    expect(t.maskAt(1, 40, 20 + t.state.brushRadius + 2)).toBe(0);
    expect(t.maskAt(2, 40, 20)).toBe(0);
    expect(t.saved.map((s) => s.edit.type)).toEqual(['mask']);
  });

  it('shift+click paints a straight line from the end of the last stroke', () => {
    const t = new TestEditor().key('b').click(10, 10).click(300, 10, { shift: true });
    for (const x of [50, 150, 250]) expect(t.maskAt(1, x, 10)).toBe(1);
    expect(t.maskAt(1, 150, 40)).toBe(0);
  });

  it('the eraser clears what is under it in every visible class, whatever class is active, and undo restores it all', () => {
    const t = new TestEditor().key('b').drag([10, 10], [100, 10]).key('2').drag([10, 10], [100, 10]);
    t.key('1').key('e').drag([50, 10], [60, 10]);
    expect(t.maskAt(1, 55, 10)).toBe(0);
    expect(t.maskAt(2, 55, 10)).toBe(0);
    expect(t.maskAt(2, 90, 10)).toBe(1);
    expect(t.saved.at(-1)!.edit).toMatchObject({ type: 'mask', tiles: [{ classId: 1 }, { classId: 2 }] });
    t.undo();
    expect(t.maskAt(1, 55, 10)).toBe(1);
    expect(t.maskAt(2, 55, 10)).toBe(1);
  });

  it('the eraser leaves the paint of hidden classes alone', () => {
    const t = new TestEditor().key('b').drag([10, 10], [100, 10]).key('2').drag([10, 10], [100, 10]);
    t.editor.setClasses(t.state.classes.map((c) => (c.classId === 2 ? { ...c, visible: false } : c)));
    t.key('e').drag([50, 10], [60, 10]);
    expect(t.maskAt(1, 55, 10)).toBe(0);
    expect(t.maskAt(2, 55, 10)).toBe(1);
  });

  it('strokes that cross tile borders paint every tile, and [ ] change the size', () => {
    const t = new TestEditor({ id: 'big', width: 1000, height: 600 }).key('b').key(']').key(']');
    expect(t.state.brushRadius).toBeGreaterThan(8);
    t.drag([200, 250], [300, 270]);
    expect(t.maskAt(1, 255, 260)).toBe(1);
    expect(t.maskAt(1, 257, 260)).toBe(1);
    expect(t.maskAt(1, 250, 257)).toBe(1);
  });

  it('Escape mid-stroke puts the mask back as it was', () => {
    const t = new TestEditor().key('b').drag([10, 10], [50, 10]);
    t.pointerDown(10, 100).pointerMove(80, 100).key('Escape').expectToBeIn('brush.idle');
    expect(t.maskAt(1, 40, 100)).toBe(0);
    expect(t.maskAt(1, 30, 10)).toBe(1);
    expect(t.saved).toHaveLength(1);
  });

  it('undo of a stroke and redo give back the same pixels', () => {
    const t = new TestEditor().key('b').drag([10, 10], [90, 90]);
    t.undo();
    expect(t.maskAt(1, 50, 50)).toBe(0);
    t.redo();
    expect(t.maskAt(1, 50, 50)).toBe(1);
    expect(t.saved.map((s) => s.direction)).toEqual(['forward', 'backward', 'forward']);
  });
});
