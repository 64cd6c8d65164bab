import { describe, expect, it } from 'vitest';
import { TestEditor } from '../../editor/testEditor';

function drawTriangle(t: TestEditor): TestEditor {
  return t.key('p').click(10, 10).expectToBeIn('polygon.drawing').click(100, 10).click(100, 100);
}

describe('polygon tool', () => {
  it('clicking the first vertex closes the polygon', () => {
    const t = drawTriangle(new TestEditor()).click(11, 11).expectToBeIn('polygon.idle');
    expect(t.shapes).toHaveLength(1);
    expect(t.shapes[0].geometry).toEqual({ kind: 'polygon', points: [10, 10, 100, 10, 100, 100] });
  });

  it('Enter closes it, Escape cancels it', () => {
    const closed = drawTriangle(new TestEditor()).key('Enter');
    expect(closed.shapes).toHaveLength(1);
    const cancelled = drawTriangle(new TestEditor()).key('Escape').expectToBeIn('polygon.idle');
    expect(cancelled.shapes).toHaveLength(0);
    expect(cancelled.saved).toHaveLength(0);
  });

  it('Enter with fewer than three vertices does not close, Backspace removes the last vertex', () => {
    const t = new TestEditor().key('p').click(10, 10).click(50, 10).key('Enter').expectToBeIn('polygon.drawing');
    expect(t.shapes).toHaveLength(0);
    t.key('Backspace');
    expect(t.state.interaction).toMatchObject({ points: [{ x: 10, y: 10 }] });
  });

  it('a vertex of the selected polygon can be dragged, and the move is one undo step', () => {
    const t = drawTriangle(new TestEditor()).key('Enter');
    t.pointerDown(100, 100).expectToBeIn('polygon.editing').pointerMove(150, 120).pointerUp(150, 120).expectToBeIn('polygon.idle');
    expect(t.shapes[0].geometry).toEqual({ kind: 'polygon', points: [10, 10, 100, 10, 150, 120] });
    t.undo();
    expect(t.shapes[0].geometry).toEqual({ kind: 'polygon', points: [10, 10, 100, 10, 100, 100] });
  });

  it('Alt+click deletes a vertex of the selected polygon', () => {
    const t = drawTriangle(new TestEditor()).click(10, 100).key('Enter');
    t.click(100, 100, { alt: true });
    expect(t.shapes[0].geometry).toEqual({ kind: 'polygon', points: [10, 10, 100, 10, 10, 100] });
  });

  it('a click on the selected polygon away from its vertices starts a new polygon', () => {
    const t = drawTriangle(new TestEditor()).key('Enter');
    t.click(55, 10).expectToBeIn('polygon.drawing');
  });

  it('Delete removes the selected vertex but a polygon keeps three', () => {
    const t = drawTriangle(new TestEditor()).click(10, 100).key('Enter');
    t.click(100, 100).key('Delete');
    expect(t.shapes[0].geometry).toEqual({ kind: 'polygon', points: [10, 10, 100, 10, 10, 100] });
    t.click(100, 10).key('Delete');
    expect(t.shapes[0].geometry).toEqual({ kind: 'polygon', points: [10, 10, 100, 10, 10, 100] });
  });
});
