import { describe, expect, it } from 'vitest';
import { validateJobSpec } from './validateJobSpec';

const png = { name: 'a.png', bytes: new Uint8Array([137, 80, 78, 71]) };
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
    [{ kind: 'export', modelId: 'm1', format: 'exe' }, /onnx, tfjs or adapter/],
    [{ kind: 'selftest', steps: 5 }, /integer steps and matrixSize/],
    ['adapt', /specification object/],
  ])('refuses %j with a message', (spec, message) => {
    expect(() => validateJobSpec(spec)).toThrow(message);
  });
});
