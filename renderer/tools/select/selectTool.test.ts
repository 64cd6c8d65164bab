import { describe, expect, it } from 'vitest';
import { TestEditor } from '../../editor/testEditor';

function withBox(): TestEditor {
  return new TestEditor().key('r').drag([10, 10], [60, 40]).key('v').expectToBeIn('select.idle');
}

describe('select tool', () => {
  it('clicking a shape selects it, clicking empty space deselects', () => {
    const t = withBox();
    t.click(200, 200);
    expect(t.state.selectedShapeId).toBeNull();
    t.click(30, 30);
    expect(t.state.selectedShapeId).toBe(t.shapes[0].id);
  });

  it('dragging a shape moves it; undo puts it back and redo moves it again', () => {
    const t = withBox();
    t.pointerDown(30, 30).expectToBeIn('select.moving').pointerMove(40, 50).pointerUp(40, 50).expectToBeIn('select.idle');
    expect(t.shapes[0].geometry).toEqual({ kind: 'box', x: 20, y: 30, w: 50, h: 30 });
    t.undo();
    expect(t.shapes[0].geometry).toEqual({ kind: 'box', x: 10, y: 10, w: 50, h: 30 });
    t.redo();
    expect(t.shapes[0].geometry).toEqual({ kind: 'box', x: 20, y: 30, w: 50, h: 30 });
  });

  it('dragging a corner of the selected box resizes it from the opposite corner', () => {
    const t = withBox();
    t.pointerDown(60, 40).expectToBeIn('select.resizing').pointerMove(90, 90).pointerUp(90, 90);
    expect(t.shapes[0].geometry).toEqual({ kind: 'box', x: 10, y: 10, w: 80, h: 80 });
  });

  it('a click without movement saves nothing', () => {
    const t = withBox();
    const before = t.saved.length;
    t.click(30, 30);
    expect(t.saved).toHaveLength(before);
  });

  it('Delete removes the selected shape and undo restores it', () => {
    const t = withBox().click(30, 30).key('Delete');
    expect(t.shapes).toHaveLength(0);
    t.undo();
    expect(t.shapes).toHaveLength(1);
  });

  it('a double click on an edge of the selected polygon inserts a vertex there, one undo step', () => {
    const t = new TestEditor().key('p').click(10, 10).click(100, 10).click(100, 100).key('Enter').key('v');
    t.click(55, 10).click(55, 10, { clickCount: 2 }).expectToBeIn('select.idle');
    expect(t.shapes[0].geometry).toEqual({ kind: 'polygon', points: [10, 10, 55, 10, 100, 10, 100, 100] });
    t.undo();
    expect(t.shapes[0].geometry).toEqual({ kind: 'polygon', points: [10, 10, 100, 10, 100, 100] });
  });

  it('a hidden class cannot be selected', () => {
    const t = withBox();
    t.editor.setClasses(t.state.classes.map((c) => ({ ...c, visible: false })));
    t.click(30, 30);
    expect(t.state.selectedShapeId).toBeNull();
  });
});
