import { describe, expect, it } from 'vitest';
import { validateJobSpec } from './validateJobSpec';

const png = { name: 'a.png', bytes: new Uint8Array([137, 80, 78, 71]) };
/** The first 33 bytes of a PNG: signature and IHDR, enough to declare a size. */
function pngHeader(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82]);
  new DataView(bytes.buffer).setUint32(16, width);
  new DataView(bytes.buffer).setUint32(20, height);
  return bytes;
}
const classes = [{ id: 0, name: 'background' }, { id: 1, name: 'cell' }];

describe('job requests from a renderer', () => {
  it('accepts a well-formed adapt request with a mask and boxes', () => {
    const spec = {
      kind: 'adapt',
      modelName: 'cells',
      method: 'svf',
      classes,
      samples: [{ image: png, mask: { width: 2, height: 2, data: new Uint8Array([0, 1, 255, 1]) }, boxes: [{ classId: 1, x: 0, y: 0, w: 1, h: 1 }] }],
      steps: 100,
    };
    expect(validateJobSpec(spec)).toBe(spec);
  });

  it.each([
    [{ kind: 'rm -rf' }, /unknown job kind/],
    [{ kind: 'adapt', modelName: 'x', method: 'magic', classes, samples: [] }, /method must be one of/],
    [{ kind: 'adapt', modelName: 'x', method: 'svf', classes: [classes[0]], samples: [] }, /two classes/],
    [{ kind: 'adapt', modelName: 'x', method: 'svf', classes: [classes[0], { id: 0, name: 'dup' }], samples: [] }, /appears twice/],
    [{ kind: 'adapt', modelName: 'x', method: 'svf', classes, samples: [] }, /at least one labeled image/],
    [{ kind: 'adapt', modelName: 'x', method: 'svf', classes, samples: [{ image: png }] }, /no labels/],
    [{ kind: 'adapt', modelName: 'x', method: 'svf', classes, samples: [{ image: png, mask: { width: 3, height: 2, data: new Uint8Array(4) } }] }, /4 pixels, not 3x2/],
    [{ kind: 'adapt', modelName: 'x', method: 'svf', classes, samples: [{ image: png, boxes: [{ classId: 9, x: 0, y: 0, w: 1, h: 1 }] }] }, /known classId/],
    [{ kind: 'predict', modelId: '../../etc', images: [png] }, /model id/],
    [{ kind: 'predict', modelId: 'm1', images: [{ name: 'empty.png', bytes: new Uint8Array(0) }] }, /empty/],
    [{ kind: 'predict', modelId: 'm1', images: [{ name: 'bomb.png', bytes: pngHeader(30_000, 30_000) }] }, /bomb\.png declares 30000x30000 pixels, more than the limit/],
    [{ kind: 'adapt', modelName: 'x', method: 'svf', classes, samples: [{ image: { name: 'bomb.png', bytes: pngHeader(30_000, 30_000) }, boxes: [{ classId: 1, x: 0, y: 0, w: 1, h: 1 }] }] }, /declares 30000x30000/],
    [{ kind: 'adapt', modelName: 'x', method: 'svf', classes, samples: [{ image: png, boxes: [{ classId: 1, x: 0, y: 0, w: 1, h: 1 }] }], unlabeled: Array(51).fill(png) }, /at most 50 images/],
    [{ kind: 'adapt', modelName: 'x', method: 'svf', classes, samples: [{ image: png, boxes: [{ classId: 1, x: 0, y: 0, w: 1, h: 1 }] }], unlabeled: [{ name: 'bomb.png', bytes: pngHeader(30_000, 30_000) }] }, /unlabeled\[0\]: image bomb\.png declares/],
    [{ kind: 'export', modelId: 'm1', format: 'exe' }, /onnx, tfjs, adapter or all/],
    [{ kind: 'selftest', steps: 5 }, /integer steps and matrixSize/],
    ['adapt', /specification object/],
  ])('refuses %j with a message', (spec, message) => {
    expect(() => validateJobSpec(spec)).toThrow(message);
  });
});
