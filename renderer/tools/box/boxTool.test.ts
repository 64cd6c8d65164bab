import { describe, expect, it } from 'vitest';
import { TestEditor } from '../../editor/testEditor';

describe('box tool', () => {
  it('a drag draws a box of the active class, saved and selected', () => {
    const t = new TestEditor().key('r').expectToBeIn('box.idle');
    t.pointerDown(10, 20).expectToBeIn('box.drawing').pointerMove(60, 50).pointerUp(110, 80).expectToBeIn('box.idle');
    expect(t.shapes).toHaveLength(1);
    expect(t.shapes[0]).toMatchObject({ classId: 1, geometry: { kind: 'box', x: 10, y: 20, w: 100, h: 60 } });
    expect(t.state.selectedShapeId).toBe(t.shapes[0].id);
    expect(t.saved.map((s) => s.edit.type)).toEqual(['shapes']);
  });

  it('a box dragged up-left and past the image edge is normalised and clamped', () => {
    const t = new TestEditor({ id: 'i', width: 100, height: 100 }).key('r');
    t.drag([50, 50], [-20, 130]);
    expect(t.shapes[0].geometry).toEqual({ kind: 'box', x: 0, y: 50, w: 50, h: 50 });
  });

  it('a click without a drag draws nothing, and Escape abandons a box', () => {
    const t = new TestEditor().key('r');
    t.click(30, 30);
    t.pointerDown(10, 10).pointerMove(50, 50).key('Escape').expectToBeIn('box.idle').pointerUp(50, 50);
    expect(t.shapes).toHaveLength(0);
    expect(t.saved).toHaveLength(0);
  });

  it('uses the class picked with a number key', () => {
    const t = new TestEditor().key('2').key('r').drag([0, 0], [20, 20]);
    expect(t.shapes[0].classId).toBe(2);
  });
});
